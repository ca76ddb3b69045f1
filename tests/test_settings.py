"""Settings come from the environment; production refuses to run unsafely."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Only what we pass: nothing leaks in from the developer's own environment.
    clean_env = {"PATH": os.environ["PATH"], "HOME": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "rasso.example.gov.uk",
    "DATABASE_URL": "postgres://localhost/rasso",
    "REDIS_URL": "redis://localhost:6379/0",
    "EMAIL_HOST": "smtp.example.gov.uk",
    "CLAMD_HOST": "clamav.example.gov.uk",
}


def test_check_deploy_passes_with_production_settings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_a_virus_scanner() -> None:
    without_scanner = {k: v for k, v in PRODUCTION.items() if k != "CLAMD_HOST"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **without_scanner)
    assert result.returncode != 0
    assert "rasso.E001" in result.stderr + result.stdout
    assert "CLAMD_SOCKET" in result.stderr + result.stdout


def test_refuses_to_start_without_a_secret_key_when_debug_is_off() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for() -> None:
    # No DJANGO_DEBUG at all: production behaviour, so no secret means no start.
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_development_runs_without_a_secret_key() -> None:
    result = run_manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("name", "value"), [("DJANGO_DEBUG", "maybe"), ("EMAIL_PORT", "smtp")])
def test_a_malformed_variable_is_named_in_the_error(name: str, value: str) -> None:
    result = run_manage("check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_production_settings_are_hardened() -> None:
    script = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS > 0, s.EMAIL_BACKEND.endswith('smtp.EmailBackend'))"
    )
    result = run_manage("shell", "--no-imports", "-c", script, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"]
