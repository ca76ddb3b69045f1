# RASSO joint casework: one image for the web process, the Celery worker and
# Celery beat (docker-compose.yml picks the command). Two stages:
#
#   frontend  builds static/dist (GOV.UK Frontend and MOJ Frontend) with npm;
#   app       the Python application, its static files collected at build time.
#
# The Debian release is pinned in both base images so the package names below
# (WeasyPrint's libraries) stay valid.

# --- Stage 1: the front-end build ------------------------------------------
FROM node:20-bookworm-slim AS frontend

WORKDIR /build
# The lock file first, so the npm layer is rebuilt only when it changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/src static/src
RUN npm run build


# --- Stage 2: the application -----------------------------------------------
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint (PDF reports) needs Pango, HarfBuzz (with its subsetter, for
# embedding fonts) and libffi at run time, and at least one font family.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libffi8 \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# Every package, transitive ones included, pinned with hashes: pip refuses
# anything that does not match requirements.lock.
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv "$VIRTUAL_ENV" \
    && pip install --require-hashes -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock

# The unprivileged user the processes run as. The code stays owned by root, so
# the application cannot rewrite itself.
RUN groupadd --system --gid 10001 rasso \
    && useradd --system --uid 10001 --gid rasso --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin rasso

WORKDIR /app
COPY . /app
COPY --from=frontend /build/static/dist /app/static/dist

# Where collectstatic writes and where WhiteNoise serves from at run time: the
# two must agree (docker-compose.yml sets the same paths). Uploads and the beat
# schedule live on volumes; the directories exist here, owned by the app user,
# so that a new named volume mounted over them inherits that ownership.
ENV DJANGO_DEBUG=false \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/uploads \
    CELERY_BEAT_SCHEDULE_FILENAME=/data/beat/celerybeat-schedule

# collectstatic imports the settings, which refuse to load without a secret
# key when DJANGO_DEBUG is false. The key here is a build-only dummy that is
# set for this one command and never stored in the image's environment.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-collectstatic-not-a-secret \
    python manage.py collectstatic --no-input \
    && mkdir -p /data/uploads /data/beat \
    && chown rasso:rasso /data/uploads /data/beat

USER rasso:rasso
EXPOSE 8000

# The default command is the web process; the worker and beat override it.
# gunicorn.conf.py drops gunicorn's Server banner.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "rasso.wsgi:application", \
     "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
