"""Headers that tell a stranger nothing and let a page do no more than it needs:
a Permissions-Policy on every answer, no server banner from gunicorn, and the
API's schema and documentation only for those signed in."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.cases.test_api import Api
from tests.conftest import Personas
from tests.support import client_for

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_every_answer_denies_camera_microphone_and_location(
    client: Client, personas: Personas
) -> None:
    for response in (
        client.get(reverse("sign-in")),
        client.get("/api/v1/cases/"),
        client_for(personas.officer).get(reverse("home")),
    ):
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy


def test_the_api_schema_and_docs_are_for_signed_in_users_only(
    client: Client, personas: Personas
) -> None:
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 401
    assert "paths" not in schema.content.decode()
    docs = client.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"].startswith(reverse("sign-in"))


def test_a_signed_in_user_or_a_token_reads_the_schema_and_docs(personas: Personas) -> None:
    browser = client_for(personas.officer)
    assert browser.get("/api/docs/").status_code == 200
    assert "/api/v1/cases/" in browser.get("/api/schema/", {"format": "json"}).json()["paths"]
    api = Api(personas.officer)
    assert api.get("/api/schema/", format="json").status_code == 200


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_sends_no_server_banner() -> None:
    """The web process as the Dockerfile and docker-compose run it, with the
    project's gunicorn.conf.py: its answers do not name the server."""
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [
            str(gunicorn),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "rasso.wsgi:application",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        headers = None
        deadline = time.monotonic() + 30
        while headers is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    headers = r.headers
            except urllib.error.HTTPError as error:  # 503 when a service is down: fine here
                headers = error.headers
            except OSError:
                time.sleep(0.3)
        assert headers is not None, "gunicorn did not answer"
        assert "Server" not in headers, headers.get("Server")
    finally:
        process.terminate()
        process.wait(timeout=10)
