"""Sessions end after 30 minutes idle and after an absolute lifetime; signed-in
pages carry the warning of the idle sign-out, whose endpoint tells the time left
(GET, not activity) and keeps the session ("stay signed in": POST, with the CSRF
token)."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

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
    page = response.content.decode()
    assert "You were signed out because you did nothing for 30 minutes." in page
    assert "Anything you saved before then has been kept." in page


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


# -- the timeout warning ----------------------------------------------------------

JSON = {"Accept": "application/json"}


def csrf_checked(personas: Personas) -> tuple[Client, str]:
    """A signed-in client that is refused without the CSRF token, as a browser
    is, and the token of the page it last saw (the warning's form)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer)
    page = client.get(reverse("home")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    return client, token.group(1)


def test_signed_in_pages_carry_the_warning_with_the_times_from_the_server(
    client: Client, personas: Personas
) -> None:
    signed_in(client, personas)
    shift_clock(client, LAST_SEEN_AT, 30)  # activity is recorded once a minute
    page = client.get(reverse("home")).content.decode()
    assert page.count('data-module="rasso-timeout-warning"') == 1
    assert "You're about to be signed out" in page
    assert 'data-warning-seconds="120"' in page
    seconds_left = re.search(r'data-seconds-left="(\d+)"', page)
    assert seconds_left is not None and 30 * 60 - 32 <= int(seconds_left.group(1)) <= 30 * 60 - 29
    assert "src/timeout-warning.mjs" in page
    # Nothing inline: the Content Security Policy forbids it.
    assert "<script>" not in page and "style=" not in page


def test_pages_for_the_signed_out_have_no_warning(client: Client) -> None:
    assert "rasso-timeout-warning" not in client.get(reverse("sign-in")).content.decode()


def test_the_warning_follows_the_settings(
    client: Client, personas: Personas, settings: Any
) -> None:
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=20)
    settings.SESSION_IDLE_WARNING = timedelta(minutes=5)
    signed_in(client, personas)
    page = client.get(reverse("home")).content.decode()
    assert 'data-warning-seconds="300"' in page
    assert "we will sign you out in 5 minutes" in page
    seconds_left = re.search(r'data-seconds-left="(\d+)"', page)
    assert seconds_left is not None and 20 * 60 - 5 <= int(seconds_left.group(1)) <= 20 * 60


def test_asking_the_time_left_is_not_activity(client: Client, personas: Personas) -> None:
    signed_in(client, personas)
    shift_clock(client, LAST_SEEN_AT, 20 * 60)
    before = client.session[LAST_SEEN_AT]
    response = client.get(reverse("session"), headers=JSON)
    assert response.status_code == 200
    assert 10 * 60 - 5 <= response.json()["seconds_left"] <= 10 * 60
    assert client.session[LAST_SEEN_AT] == before
    # Asking again and again never keeps the session: the time still runs out.
    shift_clock(client, LAST_SEEN_AT, 31 * 60)
    response = client.get(reverse("session"), headers=JSON)
    assert response.status_code == 401
    assert client.get(reverse("home")).status_code == 302


def test_stay_signed_in_starts_the_idle_clock_again(personas: Personas) -> None:
    client, token = csrf_checked(personas)
    shift_clock(client, LAST_SEEN_AT, 29 * 60)
    response = client.post(reverse("session"), HTTP_X_CSRFTOKEN=token, headers=JSON)
    assert response.status_code == 200
    assert response.json()["seconds_left"] >= 30 * 60 - 2
    assert time.time() - client.session[LAST_SEEN_AT] < 5
    # Two minutes past the old limit, still signed in.
    shift_clock(client, LAST_SEEN_AT, 2 * 60)
    assert client.get(reverse("home")).status_code == 200


def test_stay_signed_in_needs_the_csrf_token(personas: Personas) -> None:
    client, _token = csrf_checked(personas)
    shift_clock(client, LAST_SEEN_AT, 29 * 60)
    before = client.session[LAST_SEEN_AT]
    assert client.post(reverse("session"), headers=JSON).status_code == 403
    assert (
        client.post(reverse("session"), HTTP_X_CSRFTOKEN="x" * 32, headers=JSON).status_code == 403
    )
    assert client.session[LAST_SEEN_AT] == before


def test_stay_signed_in_too_late_answers_401_and_the_sign_in_page_says_why(
    personas: Personas,
) -> None:
    client, token = csrf_checked(personas)
    shift_clock(client, LAST_SEEN_AT, 31 * 60)
    response = client.post(reverse("session"), HTTP_X_CSRFTOKEN=token, headers=JSON)
    assert response.status_code == 401
    assert response.json()["sign_in"] == reverse("sign-in")
    assert client.get(reverse("home")).status_code == 302
    page = client.get(reverse("sign-in")).content.decode()
    assert "You were signed out because you did nothing for 30 minutes." in page


def test_the_session_endpoint_for_someone_never_signed_in(client: Client) -> None:
    assert client.get(reverse("session"), headers=JSON).status_code == 401
    assert client.post(reverse("session"), headers=JSON).status_code == 401
    # A form sent without JavaScript goes to the sign-in page.
    response = client.post(reverse("session"))
    assert response.status_code == 302 and response["Location"] == reverse("sign-in")


def test_stay_signed_in_without_javascript_returns_to_the_page_and_only_ours(
    client: Client, personas: Personas
) -> None:
    signed_in(client, personas)
    response = client.post(reverse("session"), {"next": reverse("cases:list")})
    assert response.status_code == 302 and response["Location"] == reverse("cases:list")
    response = client.post(reverse("session"), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_the_session_endpoint_takes_no_other_method(client: Client, personas: Personas) -> None:
    signed_in(client, personas)
    assert client.put(reverse("session"), headers=JSON).status_code == 405
    assert client.delete(reverse("session"), headers=JSON).status_code == 405


def test_a_short_limit_still_records_activity(
    client: Client, personas: Personas, settings: Any
) -> None:
    # Activity is written at most once a minute, but never so seldom that a
    # short limit ends an active session.
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=10)
    signed_in(client, personas)
    shift_clock(client, LAST_SEEN_AT, 8)
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT] < 5


def test_the_two_factor_page_is_warned_too(
    client: Client, personas: Personas, settings: Any
) -> None:
    # Owing the second factor, a session reaches only its pages, sign-out and
    # the session's time left (so that the two-factor page warns as well).
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(personas.officer)
    assert client.get(reverse("home")).status_code == 302
    page = client.get(reverse("two-factor-set-up")).content.decode()
    assert 'data-module="rasso-timeout-warning"' in page
    response = client.get(reverse("session"), headers=JSON)
    assert response.status_code == 200 and response.json()["seconds_left"] > 0
