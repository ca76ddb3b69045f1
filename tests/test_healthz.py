"""/healthz answers 200 with the state of the database and Redis, 503 if either is down."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings


@pytest.mark.django_db
def test_healthy(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_redis_down(client: Client, settings: Settings) -> None:
    # A port nothing listens on: a real refused connection, not a mock.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "redis": "unavailable"}


@pytest.mark.django_db(transaction=True)
def test_database_down(client: Client, monkeypatch: Any) -> None:
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        monkeypatch.undo()
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "redis": "ok"}


@pytest.mark.django_db
def test_healthz_needs_no_sign_in_and_reveals_nothing_else(client: Client) -> None:
    response = client.get("/healthz")
    assert set(response.json()) == {"status", "database", "redis"}
