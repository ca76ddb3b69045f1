"""Signing in and out, and what a stranger can learn from trying."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse

from rasso.audit.models import AuditEvent
from tests.conftest import Personas
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("sign-in")
WRONG = "Enter a correct email address and password"


def sign_in(client: Client, email: str, password: str) -> object:
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_sign_in_page_renders_with_the_gov_uk_form(client: Client) -> None:
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-input"' in html
    assert 'autocomplete="current-password"' in html
    assert "Skip to main content" in html


def test_officer_signs_in_by_email_and_sees_the_dashboard(
    client: Client, personas: Personas
) -> None:
    response = client.post(
        SIGN_IN, {"username": "OFFICER@kent.example", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    html = response.content.decode()
    assert "Your work" in html
    assert "Dana Officer" in html
    assert "Kent" in html
    assert AuditEvent.objects.filter(action="auth.sign_in", actor=personas.officer).exists()


def test_wrong_password_and_unknown_account_get_the_same_answer(
    client: Client, personas: Personas
) -> None:
    wrong_password = client.post(
        SIGN_IN, {"username": personas.officer.email, "password": "not-the-password"}
    )
    no_such_account = client.post(
        SIGN_IN, {"username": "nobody@kent.example", "password": "not-the-password"}
    )
    for response in (wrong_password, no_such_account):
        assert response.status_code == 200
        html = response.content.decode()
        assert WRONG in html
        assert "govuk-error-summary" in html
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_cannot_tell_it_exists(client: Client, personas: Personas) -> None:
    personas.colleague.is_active = False
    personas.colleague.save(update_fields=["is_active"])
    response = client.post(SIGN_IN, {"username": personas.colleague.email, "password": PASSWORD})
    assert WRONG in response.content.decode()


def test_empty_form_says_what_to_enter(client: Client) -> None:
    html = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_failed_sign_in_is_audited_without_the_address_typed(client: Client) -> None:
    client.post(SIGN_IN, {"username": "someone@kent.example", "password": "guess-guess"})
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.actor is None
    assert "someone@kent.example" not in str(event.detail)


def test_five_failures_lock_out_that_address_and_account(
    client: Client, personas: Personas
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, personas.officer.email, "not-the-password")
    # Even the right password is refused while locked out.
    response = client.post(SIGN_IN, {"username": personas.officer.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_changing_the_case_of_the_address_does_not_reset_the_count(
    client: Client, personas: Personas
) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        email = personas.officer.email.upper() if i % 2 else personas.officer.email
        sign_in(client, email, "not-the-password")
    assert sign_in_status(client, personas.officer.email) == 429


def test_lock_out_is_by_account_and_address_together(client: Client, personas: Personas) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, personas.officer.email, "not-the-password")
    # The same officer from another network address is not locked out...
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    response = elsewhere.post(SIGN_IN, {"username": personas.officer.email, "password": PASSWORD})
    assert response.status_code == 302
    # ...and a colleague at the locked-out address is not either.
    response = client.post(SIGN_IN, {"username": personas.colleague.email, "password": PASSWORD})
    assert response.status_code == 302


def test_lock_out_ends_after_the_cool_off(client: Client, personas: Personas) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, personas.officer.email, "not-the-password")
    assert sign_in_status(client, personas.officer.email) == 429
    # Age the recorded failures past the cool-off, as the clock would.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert sign_in_status(client, personas.officer.email) == 302


def sign_in_status(client: Client, email: str) -> int:
    response = client.post(SIGN_IN, {"username": email, "password": PASSWORD})
    return int(response.status_code)


def test_sign_out_is_a_post_and_ends_the_session(client: Client, personas: Personas) -> None:
    client.force_login(personas.officer)
    assert client.get(reverse("sign-out")).status_code == 405
    response = client.post(reverse("sign-out"))
    assert response.status_code == 302
    assert response["Location"] == reverse("sign-in")
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.sign_out", actor=personas.officer).exists()


def test_dashboard_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_open_redirect_after_sign_in_is_refused(client: Client, personas: Personas) -> None:
    response = client.post(
        SIGN_IN + "?next=https://evil.example/",
        {"username": personas.officer.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_behind_a_proxy_lock_out_follows_the_client_not_the_proxy(
    personas: Personas, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, personas.officer.email, "not-the-password")
    assert sign_in_status(attacker, personas.officer.email) == 429
    # The officer, through the same proxy from their own address, still signs in.
    officer = Client(REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert sign_in_status(officer, personas.officer.email) == 302


def test_a_lock_out_answers_429_with_retry_after(client: Client, personas: Personas) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, personas.officer.email, "not-the-password")
    response = client.post(SIGN_IN, {"username": personas.officer.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert "Wait 15 minutes" in response.content.decode()


def test_spraying_one_password_across_accounts_from_one_address_is_stopped(
    client: Client, personas: Personas
) -> None:
    # One failure per account, never the pair's limit: only the address's
    # count across accounts can stop it.
    for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        assert sign_in_status(client, f"officer{i}@kent.example") == 200
    # The failure that reaches the limit is answered with the lock-out...
    assert sign_in_status(client, "one-more@kent.example") == 429
    # ...and any account tried from that address after it, right password or not.
    response = client.post(SIGN_IN, {"username": personas.colleague.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "too many unsuccessful attempts to sign in from your network" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    # The officer at their own desk elsewhere still signs in.
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert sign_in_status(elsewhere, personas.officer.email) == 302


def test_a_few_typing_mistakes_at_one_station_lock_nobody_out(
    client: Client, personas: Personas
) -> None:
    # Officers sharing a station's address, each mistyping a few times.
    for user in (personas.officer, personas.colleague, personas.supervisor):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(client, user.email, "not-the-password")
    assert sign_in_status(client, personas.officer.email) == 302
