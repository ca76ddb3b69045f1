"""Two-factor sign-in: enrolment on first sign-in, a code from the
authenticator app or a recovery code, the lock-out after wrong codes, who
owes a second factor, and an administrator's audited reset."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rasso.accounts.models import User
from rasso.accounts.services import two_factor_enrolment
from rasso.accounts.totp import code_for
from rasso.audit.models import AuditEvent
from rasso.notifications.models import EmailOutbox
from tests.conftest import Personas
from tests.factories import UserFactory
from tests.support import client_for

PASSWORD = "Quarry-Lighthouse-Tandem-73"


@pytest.fixture
def required(settings: Any) -> None:
    """As in production (DJANGO_DEBUG off): everyone owes a second factor."""
    settings.TWO_FACTOR_REQUIRED = True


def signed_in(user: User) -> Client:
    """A client past the password step, as the sign-in page leaves it."""
    client = Client()
    response = client.post(reverse("sign-in"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def code_of(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, drift=drift):06d}"


def enrolled(user: User) -> tuple[TOTPDevice, list[str]]:
    """Enrol ``user`` through the set-up page; their app and recovery codes."""
    client = signed_in(user)
    client.get(reverse("two-factor-set-up"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two-factor-set-up"), {"code": code_of(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    device.refresh_from_db()
    return device, codes


@pytest.fixture
def user(db: None) -> User:
    user: User = UserFactory.create(password=PASSWORD)
    return user


def test_with_debug_off_a_new_user_must_enrol_before_anything_else(
    required: None, user: User
) -> None:
    client = signed_in(user)
    case_list = reverse("notifications:list")
    response = client.get(case_list)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two-factor-set-up')}?next=%2Fnotifications%2F"

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code, inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = base64.b32encode(device.bin_key).decode()
    assert " ".join(key[i : i + 4] for i in range(0, len(key), 4)) in html

    wrong = client.post(reverse("two-factor-set-up"), {"code": "12345", "next": case_list})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)

    done = client.post(
        reverse("two-factor-set-up"), {"code": code_of(device, drift=1), "next": case_list}
    )
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert client.get(case_list).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enrol", object_id=str(user.pk)).exists()


def test_the_qr_code_stays_the_same_across_page_loads(required: None, user: User) -> None:
    client = signed_in(user)
    client.get(reverse("two-factor-set-up"))
    client.get(reverse("two-factor-set-up"))
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_an_enrolled_user_gives_a_code_after_the_password(required: None, user: User) -> None:
    device, _ = enrolled(user)
    client = signed_in(user)
    target = reverse("notifications:list")
    response = client.get(target)
    assert response["Location"] == f"{reverse('two-factor')}?next=%2Fnotifications%2F"

    wrong_code = "000000" if code_of(device, drift=1) != "000000" else "111111"
    wrong = client.post(reverse("two-factor"), {"code": wrong_code})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()
    # A wrong code doubles the wait: wind the clock back past it, as time would.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)

    right = client.post(reverse("two-factor"), {"code": code_of(device, drift=1), "next": target})
    assert right.status_code == 302
    assert right["Location"] == target
    assert client.get(target).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.verify_failed", actor=user).count() == 1
    assert AuditEvent.objects.filter(action="two_factor.verify", actor=user).count() == 1


def test_a_used_code_is_not_accepted_twice(required: None, user: User) -> None:
    device, _ = enrolled(user)  # used code_of(device) (drift 0)
    client = signed_in(user)
    again = client.post(reverse("two-factor"), {"code": code_of(device)})
    assert "The code is not right" in again.content.decode()


def test_a_recovery_code_signs_in_once(required: None, user: User) -> None:
    _, codes = enrolled(user)
    first = signed_in(user)
    response = first.post(reverse("two-factor"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert (
        "You signed in with a recovery code. You have 9 left"
        in first.get(response["Location"]).content.decode()
    )
    assert StaticToken.objects.filter(device__user=user).count() == 9

    second = signed_in(user)
    refused = second.post(reverse("two-factor"), {"code": codes[0]})
    assert "The code is not right" in refused.content.decode()
    assert second.get(reverse("cases:list")).status_code == 302


def test_wrong_codes_lock_the_user_out_for_a_while(required: None, user: User) -> None:
    device, _ = enrolled(user)
    client = signed_in(user)
    wrong = "000000" if code_of(device, drift=1) != "000000" else "111111"
    client.post(reverse("two-factor"), {"code": wrong})
    # The second try comes within the second that the first wrong code costs.
    locked = client.post(reverse("two-factor"), {"code": code_of(device, drift=1)})
    assert locked.status_code == 200
    assert "Too many wrong codes. Wait until" in locked.content.decode()
    assert client.get(reverse("cases:list")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the refused try was not even checked


def test_recovery_codes_can_be_renewed_and_the_old_ones_stop_working(
    required: None, user: User
) -> None:
    _, old = enrolled(user)
    client = signed_in(user)
    client.post(reverse("two-factor"), {"code": old[0]})
    assert client.get(reverse("recovery-codes")).status_code == 200
    new = client.post(reverse("recovery-codes")).context["codes"]
    assert len(new) == 10
    stale = signed_in(user).post(reverse("two-factor"), {"code": old[1]})
    assert "The code is not right" in stale.content.decode()
    StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=None)
    assert signed_in(user).post(reverse("two-factor"), {"code": new[0]}).status_code == 302


def test_with_debug_on_an_unenrolled_user_is_not_asked(user: User) -> None:
    client = signed_in(user)
    assert client.get(reverse("notifications:list")).status_code == 200


def test_an_administrator_always_owes_a_second_factor(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.administrator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-set-up"))
    assert client_for(personas.administrator).get("/admin/").status_code == 200


def test_the_api_answers_403_to_a_session_that_owes_a_factor(required: None, user: User) -> None:
    client = signed_in(user)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_sign_out_needs_no_second_factor(required: None, user: User) -> None:
    client = signed_in(user)
    assert client.post(reverse("sign-out")).status_code == 302
    assert client.get(reverse("cases:list"))["Location"].startswith(reverse("sign-in"))


def test_next_goes_nowhere_but_this_site(required: None, user: User) -> None:
    device, _ = enrolled(user)
    client = signed_in(user)
    response = client.post(
        reverse("two-factor"),
        {"code": code_of(device, drift=1), "next": "https://attacker.example/"},
    )
    assert response["Location"] == reverse("home")


def test_an_administrators_reset_is_audited_and_tells_the_user(
    required: None, user: User, personas: Personas
) -> None:
    enrolled(user)
    admin = client_for(personas.administrator)
    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert AuditEvent.objects.filter(
        action="two_factor.reset", actor=personas.administrator, object_id=str(user.pk)
    ).exists()
    email = EmailOutbox.objects.get(recipient=user)
    assert email.subject == "Your two-factor sign-in was reset"
    # Signing in again starts enrolment afresh.
    assert signed_in(user).get(reverse("home"))["Location"].startswith(reverse("two-factor-set-up"))


def test_the_admin_shows_no_device_and_no_secret_key(personas: Personas, user: User) -> None:
    two_factor_enrolment(user=user)
    admin = client_for(personas.administrator)
    assert admin.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin.get("/admin/otp_static/staticdevice/").status_code == 404


def test_demo_accounts_are_enrolled_with_the_secret_published(
    db: None, tmp_path: Path, settings: Any
) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    out = tmp_path / "demo.json"
    call_command("seed_demo", json=str(out), allow_production=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    account = json.loads(out.read_text())[0]
    client = Client()
    client.post(
        reverse("sign-in"), {"username": account["username"], "password": account["password"]}
    )
    response = client.post(reverse("two-factor"), {"code": code_for(account["totp_secret"])})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
