"""The demo accounts: every role, two Areas, idempotent, and usable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from rasso.accounts.models import ApiToken, Membership, Role, User
from rasso.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def development(settings: Any) -> None:
    # As under `make run`; Django's test runner turns DEBUG off.
    settings.DEBUG = True


def seed(tmp_path: Path, **options: Any) -> list[dict[str, str]]:
    out = tmp_path / "accounts.json"
    call_command("seed_demo", json=str(out), **options)
    accounts: list[dict[str, str]] = json.loads(out.read_text())
    return accounts


def test_every_role_in_both_areas(tmp_path: Path) -> None:
    accounts = seed(tmp_path)
    assert {a["role"] for a in accounts} >= {r.value for r in Role} | {"administrator"}
    organisations = {a["organisation"] for a in accounts}
    assert {"South East", "North East", "Kent", "Surrey", "Sussex"} <= organisations
    assert {"Cleveland", "Durham", "Northumbria"} <= organisations
    for account in accounts:
        assert set(account) == {
            "username",
            "password",
            "role",
            "organisation",
            "api_token",
            "totp_secret",
        }


def test_running_twice_changes_nothing(tmp_path: Path) -> None:
    first = seed(tmp_path)
    counts = (
        User.objects.count(),
        Membership.objects.count(),
        ApiToken.objects.count(),
        AuditEvent.objects.count(),
    )
    second = seed(tmp_path)
    assert first == second
    assert counts == (
        User.objects.count(),
        Membership.objects.count(),
        ApiToken.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_accounts_sign_in_and_their_tokens_work(tmp_path: Path, client: Client) -> None:
    accounts = seed(tmp_path)
    officer = next(a for a in accounts if a["username"] == "investigator.kent@demo.example")
    response = client.post(
        "/sign-in/", {"username": officer["username"], "password": officer["password"]}
    )
    assert response.status_code == 302
    api = Client().get(
        "/api/v1/organisations/", headers={"Authorization": f"Token {officer['api_token']}"}
    )
    assert api.status_code == 200


def test_refuses_without_debug(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")
