"""Sessions end after 30 minutes idle and after an absolute lifetime."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from rasso.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from tests.conftest import Personas
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(client: Client, personas: Personas) -> Client:
    client.post(reverse("sign-in"), {"username": personas.officer.email, "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200
    return client


def shift_clock(client: Client, key: str, seconds_ago: float) -> None:
    session = client.session
    session[key] = time.time() - seconds_ago
    session.save()


def test_active_session_stays_signed_in(client: Client, personas: Personas) -> None:
    signed_in(client, personas)
    shift_clock(client, LAST_SEEN_AT, 29 * 60)
    assert client.get(reverse("home")).status_code == 200


def test_idle_for_more_than_30_minutes_signs_out(client: Client, personas: Personas) -> None:
    signed_in(client, personas)
    assert settings.SESSION_IDLE_TIMEOUT.total_seconds() == 30 * 60
    shift_clock(client, LAST_SEEN_AT, 31 * 60)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("sign-in"))
    assert "signed out after 30 minutes without activity" in response.content.decode()


def test_activity_moves_the_idle_clock_on(client: Client, personas: Personas) -> None:
    signed_in(client, personas)
    shift_clock(client, LAST_SEEN_AT, 20 * 60)
    client.get(reverse("home"))  # a request 20 minutes in
    last_seen = client.session[LAST_SEEN_AT]
    assert time.time() - last_seen < 5


def test_absolute_lifetime_signs_out_however_active(client: Client, personas: Personas) -> None:
    signed_in(client, personas)
    lifetime = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
    shift_clock(client, SIGNED_IN_AT, lifetime + 60)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("sign-in"))
    assert "Your session has ended" in response.content.decode()
