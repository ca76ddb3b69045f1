"""Settings for RASSO joint casework: one module, driven by environment variables.

Every value a deployment may change is read here through a typed helper, with a
safe default for development. Secrets have no default outside debug mode: the
process refuses to start rather than run with a guessable key.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Lets classes such as ModelAdmin[Model] be subscripted at run time, as the
# type checker sees them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        # Refuse to start: a production process must never sign sessions and
        # tokens with a key that is written in the source code.
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django-otp before accounts, whose admin takes its device pages away
    # (they show secret keys); it has no template of a name ours use.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Project apps first, so their templates (sign-in, lock-out) take precedence.
    "rasso.accounts",
    "rasso.audit",
    "rasso.notifications",
    "cases",
    "victims",
    "charging",
    "disclosure",
    "reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rasso.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp: request.user.is_verified(), from the device named in the session.
    "django_otp.middleware.OTPMiddleware",
    # After authentication, so that it knows who is signed in: no cache keeps
    # a signed-in user's page, an API answer or a download.
    "rasso.core.middleware.PrivateResponseMiddleware",
    "rasso.audit.middleware.AuditContextMiddleware",
    # Inside the context: one audit row for every read (and refusal) by a
    # signed-in user that did not audit itself.
    "rasso.audit.middleware.ReadAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside messages, authentication and the CSP nonce: the page it renders
    # has the user's header.
    "rasso.core.middleware.ServiceNotFoundMiddleware",
    # A page's refusal (Forbidden) is the refusal page, 403, with its reason.
    "rasso.core.middleware.RefusalMiddleware",
    # After messages: it tells the user why they were signed out.
    "rasso.accounts.middleware.SessionTimeoutMiddleware",
    # After the timeout: a signed-in user who owes a second factor may only
    # give it (or enrol, or sign out).
    "rasso.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rasso.urls"
WSGI_APPLICATION = "rasso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rasso.accounts.context_processors.navigation",
                "rasso.notifications.context_processors.notifications",
            ],
        },
    },
]
# GOV.UK-styled fields through Django's template-based form rendering.
FORM_RENDERER = "rasso.forms.GovukFormRenderer"

# Two PostgreSQL roles. DATABASE_URL is the application's: it may read and
# write rows, never TRUNCATE, ALTER, change triggers or rewrite the append-only
# tables. DATABASE_OWNER_URL (optional; the same database, as the role that owns
# the tables) is what `manage.py migrate` connects as, and after migrating it
# grants the application role exactly its rights (rasso/audit/roles.py). Unset,
# DATABASE_URL's role does both, as in the test suite.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://localhost/rasso"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASE_OWNER: dict[str, Any] | None = None
if _owner_url := env_str("DATABASE_OWNER_URL"):
    DATABASE_OWNER = dict(dj_database_url.parse(_owner_url))
    if DATABASE_OWNER["NAME"] != DATABASES["default"]["NAME"]:
        raise ImproperlyConfigured(
            "DATABASE_OWNER_URL must name the same database as DATABASE_URL "
            f"({DATABASE_OWNER['NAME']!r} is not {DATABASES['default']['NAME']!r})"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "redis://localhost:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "rasso",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out username and address never reach the
    # password check (and never learn whether the password was right).
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the session's user with their unread
    # notification count (for every page's header) in the same query.
    "rasso.accounts.backends.AccountBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# An API token stops working this many days after it is issued.
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 90)

# Two-factor sign-in (django-otp): a code from an authenticator app (TOTP), or
# one of ten single-use recovery codes. Required of every account whenever
# DJANGO_DEBUG is off, and always of administrators and of anyone enrolled.
TWO_FACTOR_REQUIRED = not DEBUG
OTP_TOTP_ISSUER = "RASSO joint casework"
# A wrong code doubles the wait before the next try (1, 2, 4, ... seconds).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Sessions: signed out after 30 minutes without a request, and after a working
# shift however active (rasso.accounts.middleware enforces both).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30))
# Signed-in pages warn this long before the idle sign-out, with "stay signed in"
# (templates/includes/timeout_warning.html), as GOV.UK services do.
SESSION_IDLE_WARNING = timedelta(minutes=env_int("SESSION_IDLE_WARNING_MINUTES", 2))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env_int("SESSION_ABSOLUTE_LIFETIME_HOURS", 10))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: five failures for the same e-mail address from the same network
# address lock that pair out for 15 minutes. Locking by the pair (not the
# address alone) means nobody can lock an officer out from elsewhere, and the
# cool-off means no lock-out lasts.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address, read the same way as for the audit log: behind a proxy,
# from the proxy's own X-Forwarded-For entry, or every sign-in would seem to
# come from the proxy and the lock would fall on the account alone.
AXES_CLIENT_IP_CALLABLE = "rasso.audit.services.client_ip"
# The address as typed, lower-cased: case must not open a fresh count.
AXES_USERNAME_CALLABLE = "rasso.accounts.authentication.axes_username"
AXES_RESET_ON_SUCCESS = True
# Password spraying: one address trying many accounts, one failure each. This
# many failures from one address across accounts lock the address out for the
# same cool-off (rasso.accounts.lockout); higher than the pair's limit, since
# a station's officers may all sign in from one address.
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_HANDLER = "rasso.accounts.lockout.SignInLockoutHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# 429 with Retry-After, on the lock-out page.
AXES_LOCKOUT_CALLABLE = "rasso.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# django-guardian: direct-foreign-key permission tables only (declared next to
# each protected model); no anonymous user row, since nothing is public.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded material lives outside the web root and is never served directly:
# only a permission-checked, audited view reads it.
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "uploads")))
# The largest document accepted (a setting, in MB).
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_MB", 50) * 1024 * 1024
# Every upload is scanned by ClamAV's daemon before it is stored
# (rasso/core/scanning.py): a Unix socket, or a host and port. Unset, uploads
# are refused, except with DEBUG on (stored unscanned, with a warning).
CLAMD_SOCKET = env_str("CLAMD_SOCKET")
CLAMD_HOST = env_str("CLAMD_HOST")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT_SECONDS = env_int("CLAMD_TIMEOUT_SECONDS", 60)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: SMTP when a host is set. Otherwise (development) each message is
# written to a file under var/sent-email, which an administrator reads on the
# "sent e-mail" page with DJANGO_DEBUG on; the terminal of `make run` stays quiet.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "sent-email"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "RASSO joint casework <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails: SITE_URL when set, else this machine on PORT (`make run`
# sets SITE_URL from its PORT, since honcho gives each process its own PORT).
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}")

# Security headers. Behind a TLS-terminating proxy set DJANGO_BEHIND_TLS_PROXY.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The container health check calls /healthz over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# How many proxies in front of the application append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the service uses: denied to every origin, so
# that injected or third-party code cannot turn them on either.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Content Security Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rasso.accounts.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Requests per API token (or the session's user) and per network address,
    # counted in Redis (rasso.core.throttling; over either: 429 with
    # Retry-After). The address's throttle runs in the token authentication.
    "DEFAULT_THROTTLE_CLASSES": ["rasso.core.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "client": env_str("API_THROTTLE_CLIENT_RATE", "300/minute"),
        "address": env_str("API_THROTTLE_ADDRESS_RATE", "1200/minute"),
    },
    # A service's refusal (rasso.core.errors.DomainError) is a 4xx on every endpoint.
    "EXCEPTION_HANDLER": "rasso.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RASSO joint casework API",
    "DESCRIPTION": (
        "Police forces and the CPS working rape and serious sexual offence cases together. "
        "Authenticate with `Authorization: Token <key>`. An object you may not see answers 404."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs only for those signed in (a session or a token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Every action documents the 403 of a rule's refusal (rasso.core.api).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rasso.core.api.schema_refusals_documented",
    ],
    # Swagger UI from the installed sidecar package, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    # Swagger UI draws a long list of operations as the reader scrolls (it
    # virtualises more than 150 rows), so the browser's find cannot reach an
    # operation further down: its filter box finds one by tag.
    "SWAGGER_UI_SETTINGS": {"filter": True, "deepLinking": True},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" or a "kind": name each set of choices.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.models.CaseStatus",
        "ClinicOutcomeEnum": "charging.clinics.models.ClinicOutcome",
        "ClinicStatusEnum": "charging.clinics.models.ClinicStatus",
        "DecisionOutcomeEnum": "charging.decisions.models.DecisionOutcome",
        "DeadlineStatusEnum": "cases.models.DeadlineStatus",
        "DocumentKindEnum": "cases.models.DocumentKind",
        "LetterKindEnum": "victims.models.LetterKind",
        "ChannelEnum": "victims.models.Channel",
        "OrganisationKindEnum": "rasso.accounts.models.OrganisationKind",
        "ReviewOutcomeEnum": "victims.models.ReviewOutcome",
        "ReportStatusEnum": "reports.models.ReportStatus",
        "ScopeKindEnum": "reports.models.ScopeKind",
    },
}

# Celery: JSON only; a task is acknowledged after it ran, so a worker that dies
# mid-task leaves it to be redelivered; each worker takes one task at a time.
# Time limits stay well below Redis's visibility timeout, or Redis would hand a
# still-running task to a second worker.
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_DEFAULT_QUEUE = "default"
# PDF reports are slow and heavy: a queue of their own keeps them from holding
# up reminders.
CELERY_TASK_ROUTES = {"reports.tasks.*": {"queue": "reports"}}
# WeasyPrint keeps memory (fonts, layout caches) after a PDF: a worker child
# is replaced after 50 tasks, or after the task that takes it past 512 MB.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_KB", 512_000)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat-schedule")
)
# The static beat schedule. Later work adds the reminder sweep and the
# half-yearly progress reports here.
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "rasso.accounts.tasks.sessions_clear_expired",
        "schedule": 60 * 60,
    },
    # Every scope's progress report, on the first day after a half-year
    # closes (1 April, 1 October). Queuing again queues nothing new.
    "progress-reports-half-year": {
        "task": "reports.tasks.reports_schedule_task",
        "schedule": crontab(minute="30", hour="2", day_of_month="1", month_of_year="4,10"),
    },
    # Progress reports whose worker died or whose message was lost, queued
    # again (a report is claimed once, so queuing twice is harmless).
    "progress-reports-requeue": {
        "task": "reports.tasks.reports_requeue_stale_task",
        "schedule": 5 * 60,
    },
    # Managers' dashboards read their figures warm (reports.figures).
    "dashboard-figures-warm": {
        "task": "reports.tasks.dashboard_figures_warm_task",
        "schedule": 10 * 60,
    },
    # Safe at any time and twice: a reminder is once per (deadline, stage).
    "reminders-sweep": {
        "task": "rasso.notifications.tasks.reminders_sweep",
        "schedule": 5 * 60,
    },
    # E-mails no queued task sent (lost message, mail server down), retried
    # with backoff until the server takes them.
    "email-outbox-retry": {
        "task": "rasso.notifications.tasks.email_outbox_retry",
        "schedule": 60,
    },
    # Cases due for a retention review, counted for each force's supervisors
    # (once a day per force, however often it runs).
    "retention-reviews-notify": {
        "task": "cases.tasks.retention_reviews_notify",
        "schedule": crontab(hour=6, minute=30),
    },
    "notification-digests": {
        "task": "rasso.notifications.tasks.digests_daily",
        "schedule": crontab(hour=7, minute=0),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs and nothing else; never request bodies.
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
