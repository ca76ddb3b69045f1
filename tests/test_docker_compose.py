"""docker-compose.yml and the Dockerfile, checked without a Docker engine.

No engine runs where these tests run, so they read the files the way Docker
would and check what would otherwise only fail on the day of a deployment: the
services and their commands, health checks, volumes, and above all that the
settings really load, in production mode, from nothing but the environment the
compose file gives each container (each settings load runs in a subprocess).
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTINGS_FILE = ROOT / "rasso" / "settings.py"

# The services that run the application's code and need its settings.
APP_SERVICES = ("web", "worker", "beat")
HEALTHCHECKED_SERVICES = ("db", "redis", "web", "worker", "clamav")

# Stand-ins for what a deployer puts in the .env file next to the compose file.
DEPLOYMENT_VALUES = {
    "DJANGO_SECRET_KEY": "test-only-secret-key-" + "k" * 40,
    "POSTGRES_PASSWORD": "test-only-owner-password",
    "POSTGRES_APP_PASSWORD": "test-only-application-password",
    "DJANGO_ALLOWED_HOSTS": "casework.example.test",
    "SITE_URL": "https://casework.example.test",
    "EMAIL_HOST": "smtp.example.test",
    "DEFAULT_FROM_EMAIL": "RASSO joint casework <no-reply@casework.example.test>",
}

# Variables the settings read whose development default is wrong in production
# (localhost services, debug mode, the console e-mail backend, paths inside the
# code tree). Hard-coded, but checked against what settings.py really reads,
# and the subprocess tests below derive the rest by loading the settings.
PRODUCTION_VARIABLES = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_MEDIA_ROOT",
    "DJANGO_STATIC_ROOT",
    "DJANGO_BEHIND_TLS_PROXY",
    "EMAIL_HOST",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
    "CLAMD_HOST",
)

# What the task asks for, word for word: the settings load, or the process fails.
DJANGO_SETUP = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='rasso.settings'; django.setup()"
)

# Loads the settings like DJANGO_SETUP, then prints (as JSON) what the tests
# compare with the compose file. With a URL argument, also checks that a request
# to that URL (the health check's) gets past the host check and the HTTPS redirect.
SETTINGS_PROBE = (
    DJANGO_SETUP
    + """
import json, sys
from django.conf import settings

database = settings.DATABASES["default"]
owner = settings.DATABASE_OWNER
routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
result = {
    "DEBUG": settings.DEBUG,
    "DATABASE_HOST": database["HOST"],
    "DATABASE": [database["USER"], database["PASSWORD"], database["NAME"]],
    "DATABASE_OWNER": owner and [owner["USER"], owner["PASSWORD"], owner["NAME"], owner["HOST"]],
    "CACHE_LOCATION": settings.CACHES["default"]["LOCATION"],
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "STATIC_ROOT": str(settings.STATIC_ROOT),
    "SECURE_PROXY_SSL_HEADER": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "SITE_URL": settings.SITE_URL,
    "CELERY_BEAT_SCHEDULE_FILENAME": settings.CELERY_BEAT_SCHEDULE_FILENAME,
    "QUEUES": sorted(routed | {settings.CELERY_TASK_DEFAULT_QUEUE}),
}
if len(sys.argv) > 1:
    from urllib.parse import urlsplit
    from django.core.exceptions import DisallowedHost
    from django.http import HttpResponse
    from django.middleware.security import SecurityMiddleware
    from django.test import RequestFactory
    from django.urls import resolve

    url = urlsplit(sys.argv[1])
    request = RequestFactory().get(url.path, HTTP_HOST=url.netloc)
    try:
        request.get_host()
        host_allowed = True
    except DisallowedHost:
        host_allowed = False
    redirect = SecurityMiddleware(lambda request: HttpResponse()).process_request(request)
    result["HEALTHCHECK"] = {
        "host_allowed": host_allowed,
        "redirected": redirect is not None,
        "url_name": resolve(url.path).url_name,
    }
print(json.dumps(result))
"""
)

COLLECTSTATIC_WITHOUT_COMPRESSION = (
    DJANGO_SETUP
    + """
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

production = "whitenoise.storage.CompressedManifestStaticFilesStorage"
assert settings.STORAGES["staticfiles"]["BACKEND"] == production, settings.STORAGES
manifest = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": manifest}):
    call_command("collectstatic", "--no-input", verbosity=0)
"""
)


# --- Reading the compose file ------------------------------------------------


class MissingVariableError(Exception):
    """A ${NAME:?message} variable with no value: compose refuses to start."""


_VARIABLE = re.compile(r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_]\w*))")
_BRACED = re.compile(r"(?P<name>[A-Za-z_]\w*)(?:(?P<operator>:?[-?+])(?P<argument>.*))?", re.S)


def interpolate(text: str, variables: Mapping[str, str]) -> str:
    """Compose's variable substitution: $$, $NAME, ${NAME}, ${NAME:-default},
    ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+other}."""

    def substitute(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        if match["named"]:
            return variables.get(match["named"], "")
        parsed = _BRACED.fullmatch(match["braced"])
        if parsed is None or "$" in (parsed["argument"] or ""):
            raise ValueError(f"this test cannot interpolate {match[0]!r}")
        name, operator, argument = parsed["name"], parsed["operator"], parsed["argument"] or ""
        value = variables.get(name)
        unset = value is None or (value == "" and operator is not None and ":" in operator)
        if operator in (":?", "?") and unset:
            raise MissingVariableError(f"{name}: {argument}")
        if operator in (":-", "-") and unset:
            return argument
        if operator in (":+", "+"):
            return "" if unset else argument
        return value or ""

    return _VARIABLE.sub(substitute, text)


def _interpolate_tree(node: Any, variables: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, variables)
    if isinstance(node, list):
        return [_interpolate_tree(item, variables) for item in node]
    if isinstance(node, dict):
        return {key: _interpolate_tree(value, variables) for key, value in node.items()}
    return node


def raw_compose() -> dict[str, Any]:
    """The compose file as YAML (anchors and merge keys resolved), not interpolated."""
    loaded = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(loaded, dict), "docker-compose.yml is not a mapping"
    return loaded


@functools.cache
def compose() -> dict[str, Any]:
    """The compose file as `docker compose config` would see it with DEPLOYMENT_VALUES."""
    interpolated = _interpolate_tree(raw_compose(), DEPLOYMENT_VALUES)
    assert isinstance(interpolated, dict)
    return interpolated


def service(name: str) -> dict[str, Any]:
    services = compose()["services"]
    assert name in services, f"docker-compose.yml has no {name!r} service"
    found = services[name]
    assert isinstance(found, dict)
    return found


def command(name: str) -> list[str]:
    tokens = command_or_empty(name)
    assert tokens, f"service {name!r} sets no command"
    return tokens


def command_or_empty(name: str) -> list[str]:
    value = service(name).get("command")
    if not value:
        return []
    return shlex.split(value) if isinstance(value, str) else [str(token) for token in value]


def environment(name: str) -> dict[str, str]:
    """A service's environment, which must be a mapping of strings (a bare YAML
    true or 587 would not be)."""
    value = service(name).get("environment", {})
    assert isinstance(value, dict), f"{name}: write environment as a mapping"
    for key, item in value.items():
        assert isinstance(item, str), f"{name}: quote the value of {key} ({item!r})"
    return dict(value)


def option_value(tokens: list[str], *names: str) -> str | None:
    """The value of `--name value` or `--name=value` in a command line."""
    for index, token in enumerate(tokens):
        for name in names:
            if token == name and index + 1 < len(tokens):
                return tokens[index + 1]
            if token.startswith(f"{name}="):
                return token.split("=", 1)[1]
    return None


def is_celery_beat(tokens: list[str]) -> bool:
    """Runs Celery beat: `celery ... beat`, or a worker with beat embedded (-B)."""
    if not tokens or Path(tokens[0]).name != "celery":
        return False
    return "beat" in tokens or ("worker" in tokens and ("-B" in tokens or "--beat" in tokens))


@dataclass(frozen=True)
class Mount:
    source: str
    target: str
    read_only: bool


def named_volume_mounts(name: str) -> list[Mount]:
    """The service's mounts of volumes declared under the top-level `volumes:`."""
    declared = compose().get("volumes") or {}
    mounts = []
    for entry in service(name).get("volumes", []):
        if isinstance(entry, str):
            source, target, *options = entry.split(":")
            read_only = bool(options) and "ro" in options[0].split(",")
        else:
            source, target = entry.get("source", ""), entry["target"]
            read_only = bool(entry.get("read_only", False))
        if source in declared:
            mounts.append(Mount(source, target, read_only))
    return mounts


def healthcheck_text(name: str) -> str:
    test = service(name).get("healthcheck", {}).get("test")
    return test if isinstance(test, str) else " ".join(str(token) for token in test or [])


# --- Reading the Dockerfile --------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


@functools.cache
def dockerfile() -> tuple[Instruction, ...]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    instructions = []
    pending = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and pending):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        pending += stripped
        if pending.strip():
            keyword, _, arguments = pending.strip().partition(" ")
            instructions.append(Instruction(keyword.upper(), arguments.strip()))
        pending = ""
    return tuple(instructions)


def final_stage() -> list[Instruction]:
    instructions = list(dockerfile())
    last_from = max(i for i, ins in enumerate(instructions) if ins.keyword == "FROM")
    return instructions[last_from:]


def dockerfile_env() -> dict[str, str]:
    """What the final stage's ENV instructions set (the image's environment)."""
    values = {}
    for instruction in final_stage():
        if instruction.keyword != "ENV":
            continue
        tokens = shlex.split(instruction.arguments)
        if "=" not in tokens[0]:  # the old `ENV NAME value` form
            values[tokens[0]] = " ".join(tokens[1:])
            continue
        for token in tokens:
            key, _, value = token.partition("=")
            values[key] = value
    return values


def final_stage_runs() -> list[str]:
    return [ins.arguments for ins in final_stage() if ins.keyword == "RUN"]


def run_python(args: list[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Runs a command in the project directory with ONLY `env` plus a PATH that
    finds this virtualenv's python, gunicorn and celery first."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return subprocess.run(
        args,
        cwd=ROOT,
        env={**env, "PATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@functools.cache
def settings_probe(name: str, url: str | None = None) -> dict[str, Any]:
    """The settings as the service's container would load them."""
    args = [sys.executable, "-c", SETTINGS_PROBE] + ([url] if url else [])
    result = run_python(args, environment(name))
    assert result.returncode == 0, (
        f"the settings do not load with {name}'s environment from docker-compose.yml:\n"
        f"{result.stderr}"
    )
    probed = json.loads(result.stdout.strip().splitlines()[-1])
    assert isinstance(probed, dict)
    return probed


def settings_variables() -> set[str]:
    """Every environment variable settings.py reads (env_str("NAME", ...) and the like)."""
    readers = {"env_str", "env_bool", "env_int", "env_list", "get", "getenv"}
    names = set()
    for node in ast.walk(ast.parse(SETTINGS_FILE.read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        function = node.func
        called = function.id if isinstance(function, ast.Name) else None
        if isinstance(function, ast.Attribute):
            called = function.attr
        first = node.args[0]
        if called in readers and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


# --- The services and their commands -----------------------------------------


def test_the_five_services_are_defined() -> None:
    assert {"db", "redis", "web", "worker", "beat"} <= set(compose()["services"])


def test_db_is_postgres_16_on_a_named_volume() -> None:
    assert str(service("db")["image"]).startswith("postgres:16")
    targets = {mount.target for mount in named_volume_mounts("db")}
    assert "/var/lib/postgresql/data" in targets


def test_redis_is_redis_7() -> None:
    assert str(service("redis")["image"]).startswith("redis:7")


def test_web_runs_gunicorn_with_the_wsgi_application_on_port_8000() -> None:
    tokens = command("web")
    assert Path(tokens[0]).name == "gunicorn"
    assert "rasso.wsgi:application" in tokens
    assert option_value(tokens, "--bind", "-b") == "0.0.0.0:8000"


def test_worker_consumes_the_default_and_reports_queues() -> None:
    tokens = command("worker")
    assert tokens[:4] == ["celery", "-A", "rasso", "worker"]
    queues = (option_value(tokens, "--queues", "-Q") or "").split(",")
    assert {"default", "reports"} <= set(queues)


def test_worker_consumes_every_queue_the_settings_route_tasks_to() -> None:
    queues = set((option_value(command("worker"), "--queues", "-Q") or "").split(","))
    routed = set(settings_probe("worker")["QUEUES"])
    assert routed <= queues, f"no worker consumes {sorted(routed - queues)}"


def test_beat_runs_celery_beat() -> None:
    assert command("beat")[:4] == ["celery", "-A", "rasso", "beat"]


def test_exactly_one_service_runs_beat_and_it_is_not_replicated() -> None:
    beats = [name for name in compose()["services"] if is_celery_beat(command_or_empty(name))]
    assert beats == ["beat"], f"services running Celery beat: {beats}"
    deploy = service("beat").get("deploy") or {}
    assert int(deploy.get("replicas", 1)) <= 1
    assert int(service("beat").get("scale", 1)) <= 1


def test_migrations_run_before_the_application_starts() -> None:
    migrate = [
        name
        for name in compose()["services"]
        if command_or_empty(name)[-3:] == ["manage.py", "migrate", "--no-input"]
    ]
    assert migrate, "no one-off service runs `python manage.py migrate --no-input`"
    for name in APP_SERVICES:
        depends_on = service(name).get("depends_on", {})
        assert depends_on.get(migrate[0], {}).get("condition") == (
            "service_completed_successfully"
        ), f"{name} does not wait for the migrations"


# --- The database roles: the owner migrates, the application only uses ---------


def test_migrate_connects_as_the_owner_of_the_tables() -> None:
    owner = environment("db")["POSTGRES_USER"]
    probe = settings_probe("migrate")
    assert probe["DATABASE_OWNER"] == [
        owner,
        DEPLOYMENT_VALUES["POSTGRES_PASSWORD"],
        environment("db")["POSTGRES_DB"],
        "db",
    ]
    # ...and names the application role it grants (from DATABASE_URL, as the others).
    assert probe["DATABASE"] == settings_probe("web")["DATABASE"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_application_connects_as_a_role_of_its_own(name: str) -> None:
    user, password, database = settings_probe(name)["DATABASE"]
    assert user and user != environment("db")["POSTGRES_USER"], "the owner is not the application"
    assert password == DEPLOYMENT_VALUES["POSTGRES_APP_PASSWORD"]
    assert database == environment("db")["POSTGRES_DB"]
    assert settings_probe(name)["DATABASE_OWNER"] is None


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_application_never_sees_the_owner_s_password(name: str) -> None:
    owner_password = DEPLOYMENT_VALUES["POSTGRES_PASSWORD"]
    assert not [key for key, value in environment(name).items() if owner_password in value]
    assert "DATABASE_OWNER_URL" not in environment(name)


def test_only_migrate_and_the_database_have_the_owner_s_password() -> None:
    owner_password = DEPLOYMENT_VALUES["POSTGRES_PASSWORD"]
    holders = {
        name
        for name in compose()["services"]
        if any(owner_password in value for value in environment(name).values())
    }
    assert holders == {"db", "migrate"}


@pytest.mark.parametrize("variable", ["POSTGRES_PASSWORD", "POSTGRES_APP_PASSWORD"])
def test_compose_refuses_to_start_without_either_database_password(variable: str) -> None:
    without = {k: v for k, v in DEPLOYMENT_VALUES.items() if k != variable}
    with pytest.raises(MissingVariableError, match=variable):
        _interpolate_tree(raw_compose(), without)


def test_the_application_role_is_the_one_migrate_grants() -> None:
    # migrate grants DATABASE_URL's user: the same URL as the services use.
    assert environment("migrate")["DATABASE_URL"] == environment("web")["DATABASE_URL"]
    for name in APP_SERVICES:
        assert environment(name)["DATABASE_URL"] == environment("web")["DATABASE_URL"]


def test_migrate_sets_only_variables_the_settings_read() -> None:
    unknown = set(environment("migrate")) - settings_variables()
    assert not unknown, f"migrate sets variables the settings never read: {sorted(unknown)}"


# --- Health checks and start-up order -----------------------------------------


@pytest.mark.parametrize("name", HEALTHCHECKED_SERVICES)
def test_service_has_a_healthcheck(name: str) -> None:
    healthcheck = service(name).get("healthcheck") or {}
    assert healthcheck.get("test"), f"{name} has no healthcheck"
    assert not healthcheck.get("disable", False)
    assert healthcheck["test"] != ["NONE"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("db", "pg_isready"),
        ("redis", "redis-cli ping"),
        ("web", "http://localhost:8000/healthz"),
        ("worker", "celery -A rasso inspect ping"),
        ("clamav", "clamdcheck.sh"),
    ],
)
def test_healthcheck_checks_the_right_thing(name: str, expected: str) -> None:
    assert expected in healthcheck_text(name)


def test_web_healthcheck_is_valid_python_without_curl() -> None:
    test = service("web")["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"], "the slim image has python, not curl"
    ast.parse(test[3])


def test_web_healthcheck_request_passes_the_host_check_and_https_redirect() -> None:
    # A disallowed Host answers 400 and an HTTPS redirect answers 301: either
    # would leave web unhealthy for ever.
    url = re.search(r"https?://[^\s'\"]+", healthcheck_text("web"))
    assert url is not None
    probe = settings_probe("web", url[0])["HEALTHCHECK"]
    assert probe == {"host_allowed": True, "redirected": False, "url_name": "healthz"}


def test_worker_healthcheck_pings_its_own_node() -> None:
    # $$ in the compose file reaches the container's shell as $HOSTNAME, the
    # worker's default node name being celery@<hostname>.
    test = service("worker")["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    assert option_value(shlex.split(test[1]), "--destination", "-d") == "celery@$HOSTNAME"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_waits_for_healthy_db_and_redis(name: str) -> None:
    depends_on = service(name).get("depends_on")
    assert isinstance(depends_on, dict), f"{name}: depends_on needs conditions"
    for dependency in ("db", "redis"):
        assert depends_on.get(dependency, {}).get("condition") == "service_healthy"


# --- Virus scanning -----------------------------------------------------------


def test_clamav_runs_clamavs_own_image_with_its_signatures_on_a_volume() -> None:
    # The official image runs freshclam beside clamd, which keeps signatures current.
    assert str(service("clamav")["image"]).startswith("clamav/clamav:")
    targets = {mount.target for mount in named_volume_mounts("clamav")}
    assert "/var/lib/clamav" in targets
    assert not service("clamav").get("ports"), "clamd is for the compose network only"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_application_scans_with_the_clamav_service(name: str) -> None:
    env = environment(name)
    assert env["CLAMD_HOST"] == "clamav"
    assert env["CLAMD_PORT"] == "3310"
    assert not env.get("CLAMD_SOCKET")


def test_web_waits_for_a_healthy_scanner_and_still_for_the_rest() -> None:
    depends_on = service("web")["depends_on"]
    assert depends_on["clamav"]["condition"] == "service_healthy"
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_the_compose_environment_passes_the_scanner_deploy_check() -> None:
    env = {**environment("web"), "DJANGO_SETTINGS_MODULE": "rasso.settings"}
    script = (
        DJANGO_SETUP + "\nfrom rasso.core import scanning\n"
        "assert scanning.check_scanner_configured(None) == [], 'no scanner'\n"
    )
    result = run_python([sys.executable, "-c", script], env)
    assert result.returncode == 0, result.stderr


# --- Volumes ------------------------------------------------------------------


def test_web_and_worker_mount_one_uploads_volume_at_their_media_root() -> None:
    sources = set()
    for name in ("web", "worker"):
        media_root = environment(name)["DJANGO_MEDIA_ROOT"]
        assert settings_probe(name)["MEDIA_ROOT"] == media_root
        mounts = [m for m in named_volume_mounts(name) if m.target == media_root]
        assert mounts, f"{name} mounts no named volume at DJANGO_MEDIA_ROOT ({media_root})"
        sources.add(mounts[0].source)
    assert len(sources) == 1, f"web and worker see different uploads volumes: {sources}"
    web_mount = next(m for m in named_volume_mounts("web") if m.source in sources)
    assert not web_mount.read_only, "web stores uploads: its volume cannot be read-only"


def test_beat_schedule_file_is_on_a_named_volume() -> None:
    schedule = Path(settings_probe("beat")["CELERY_BEAT_SCHEDULE_FILENAME"])
    targets = [Path(mount.target) for mount in named_volume_mounts("beat")]
    assert any(target in schedule.parents for target in targets), (
        f"beat's schedule {schedule} is not on a volume ({targets}): a restart forgets it"
    )


def test_volume_directories_exist_in_the_image_owned_by_the_app_user() -> None:
    # A new named volume copies the ownership of the directory it is mounted
    # over; a directory missing from the image gives a root-owned volume that
    # the unprivileged user cannot write to.
    chowns = " ".join(run for run in final_stage_runs() if "chown" in run)
    for name in APP_SERVICES:
        for mount in named_volume_mounts(name):
            assert mount.target in chowns, f"the Dockerfile does not chown {mount.target}"


# --- The environment: the settings load, in production mode -------------------


def test_settings_read_every_production_variable() -> None:
    # Keeps PRODUCTION_VARIABLES honest: a variable renamed in settings.py fails here.
    assert set(PRODUCTION_VARIABLES) <= settings_variables()


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_production_variable_is_set(name: str) -> None:
    env = environment(name)
    missing = [variable for variable in PRODUCTION_VARIABLES if not env.get(variable)]
    assert not missing, f"{name} does not set {missing}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_variable_set_is_one_the_settings_read(name: str) -> None:
    # A misspelt name (DJANGO_ALLOWED_HOST) would be ignored without a word.
    unknown = set(environment(name)) - settings_variables()
    assert not unknown, f"{name} sets variables the settings never read: {sorted(unknown)}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_settings_load_from_the_compose_environment_alone(name: str) -> None:
    result = run_python([sys.executable, "-c", DJANGO_SETUP], environment(name))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", APP_SERVICES)
def test_settings_refuse_to_load_without_the_secret_key(name: str) -> None:
    env = {key: value for key, value in environment(name).items() if key != "DJANGO_SECRET_KEY"}
    result = run_python([sys.executable, "-c", DJANGO_SETUP], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_refuses_to_start_without_the_secret_key(name: str) -> None:
    raw = raw_compose()["services"][name]["environment"]["DJANGO_SECRET_KEY"]
    without = {k: v for k, v in DEPLOYMENT_VALUES.items() if k != "DJANGO_SECRET_KEY"}
    with pytest.raises(MissingVariableError, match="DJANGO_SECRET_KEY"):
        interpolate(raw, without)
    with pytest.raises(MissingVariableError, match="DJANGO_SECRET_KEY"):
        interpolate(raw, {**without, "DJANGO_SECRET_KEY": ""})


@pytest.mark.parametrize("name", APP_SERVICES)
def test_loaded_settings_point_at_the_compose_services(name: str) -> None:
    probe = settings_probe(name)
    assert probe["DEBUG"] is False
    assert probe["DATABASE_HOST"] == "db"
    for url in (probe["CACHE_LOCATION"], probe["CELERY_BROKER_URL"]):
        assert url.startswith("redis://redis:"), url
    assert probe["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert probe["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert probe["SITE_URL"].startswith("https://")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_static_root_is_where_the_image_collected_static_files(name: str) -> None:
    assert settings_probe(name)["STATIC_ROOT"] == dockerfile_env()["DJANGO_STATIC_ROOT"]


# --- Commands reference code that exists --------------------------------------


@pytest.mark.parametrize("source", ["compose", "Dockerfile"])
def test_gunicorn_command_loads_the_application(source: str) -> None:
    if source == "compose":
        tokens = command("web")
    else:
        cmd = [ins for ins in final_stage() if ins.keyword == "CMD"]
        assert cmd, "the Dockerfile has no CMD"
        tokens = json.loads(cmd[-1].arguments)
    assert Path(tokens[0]).name == "gunicorn"
    # --check-config validates every option and imports rasso.wsgi:application.
    result = run_python([*tokens, "--check-config"], environment("web"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_celery_command_finds_the_rasso_app(name: str) -> None:
    # Celery loads the -A application before it reads --help, and rejects
    # unknown options, so this fails on a missing module or a bad option.
    result = run_python([*command(name), "--help"], environment(name))
    assert result.returncode == 0, result.stderr
    find_app = "from celery.app.utils import find_app; print(find_app('rasso').main)"
    found = run_python([sys.executable, "-c", find_app], environment(name))
    assert found.stdout.strip() == "rasso", found.stderr


# --- The Dockerfile -------------------------------------------------------------


def test_frontend_is_built_in_a_node_20_stage_and_copied_in() -> None:
    stages = [ins.arguments.split() for ins in dockerfile() if ins.keyword == "FROM"]
    node = [args for args in stages if args[0].startswith("node:20")]
    assert node and len(node[0]) == 3 and node[0][1].upper() == "AS"
    runs = [ins.arguments for ins in dockerfile() if ins.keyword == "RUN"]
    assert any(run.startswith("npm ci") for run in runs)
    assert "npm run build" in runs
    assert "build" in json.loads((ROOT / "package.json").read_text())["scripts"]
    copies = [ins.arguments for ins in final_stage() if ins.keyword == "COPY"]
    assert any(f"--from={node[0][2]}" in copy and "static/dist" in copy for copy in copies)


def test_final_stage_is_python_3_11_slim() -> None:
    assert final_stage()[0].arguments.startswith("python:3.11-slim")


def test_python_packages_are_installed_from_the_lock_with_hashes() -> None:
    installs = [run for run in final_stage_runs() if "pip install" in run]
    assert any("--require-hashes" in run and "requirements.lock" in run for run in installs)


def test_weasyprint_system_libraries_are_installed() -> None:
    installs = " ".join(run for run in final_stage_runs() if "apt-get install" in run)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz", "fonts-"):
        assert package in installs


def test_collectstatic_runs_after_static_dist_is_copied_with_a_build_only_key() -> None:
    stage = final_stage()
    collect = [i for i, ins in enumerate(stage) if "collectstatic --no-input" in ins.arguments]
    copy_dist = [i for i, ins in enumerate(stage) if "static/dist" in ins.arguments]
    assert collect and copy_dist and copy_dist[0] < collect[0]
    run = stage[collect[0]].arguments
    assert "DJANGO_SECRET_KEY=" in run and "DJANGO_DEBUG=false" in run
    # The dummy key is set for that one command, never stored in the image.
    for ins in dockerfile():
        if ins.keyword in ("ENV", "ARG"):
            assert "DJANGO_SECRET_KEY" not in ins.arguments


def test_collectstatic_succeeds_in_the_image_build_environment(tmp_path: Path) -> None:
    # Production's manifest storage fails the build on a stylesheet that refers
    # to a missing file. This runs collectstatic with the image's environment and
    # the RUN line's own variables; WhiteNoise's compression (over half a minute,
    # and nothing that can fail on our files) is left out by using Django's
    # plain manifest storage, which hashes and rewrites exactly the same way.
    if not (ROOT / "static" / "dist" / "app.css").exists():
        pytest.skip("static/dist is not built: run `make frontend`")
    run = next(run for run in final_stage_runs() if "collectstatic" in run)
    tokens = shlex.split(run.split("&&")[0])
    assignments = dict(token.split("=", 1) for token in tokens if re.match(r"^\w+=", token))
    args = [token for token in tokens if not re.match(r"^\w+=", token)]
    assert args == ["python", "manage.py", "collectstatic", "--no-input"]
    env = {**dockerfile_env(), **assignments, "DJANGO_STATIC_ROOT": str(tmp_path)}
    env.pop("PATH")
    result = run_python([sys.executable, "-c", COLLECTSTATIC_WITHOUT_COMPRESSION], env)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    assert {"dist/app.css", "src/app.mjs", "src/js-enabled.js"} <= set(manifest["paths"])


def test_the_image_runs_as_a_non_root_user() -> None:
    users = [ins.arguments for ins in final_stage() if ins.keyword == "USER"]
    assert users, "the final stage has no USER: processes would run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    lines = DOCKERIGNORE.read_text().splitlines()
    entries = {line.strip().strip("/").removeprefix("**/") for line in lines}
    for entry in (".venv", "node_modules", "var", ".git", "static/dist", "__pycache__"):
        assert entry in entries, f".dockerignore does not exclude {entry}"
    for cache in (".mypy_cache", ".ruff_cache", ".pytest_cache"):
        assert cache in entries, f".dockerignore does not exclude {cache}"
