"""API tokens: issued by their owner (the key shown once), listed, revoked by
the owner or an administrator, and expiring after API_TOKEN_LIFETIME_DAYS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rasso.accounts.models import ApiToken, User
from rasso.accounts.services import api_token_issue
from rasso.audit.models import AuditEvent
from tests.conftest import Personas
from tests.support import client_for

pytestmark = pytest.mark.django_db

API = "/api/v1/organisations/"


def call(key: str) -> object:
    return Client().get(API, headers={"Authorization": f"Token {key}"})


def test_a_token_expires_after_its_lifetime(personas: Personas, settings: object) -> None:
    token, key = api_token_issue(actor=None, user=personas.officer, name="export")
    assert token.expires_at - timezone.now() > timedelta(days=89)
    assert call(key).status_code == 200  # type: ignore[attr-defined]
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = call(key)
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert "This API token expired on" in response.json()["detail"]  # type: ignore[attr-defined]


def test_the_owner_issues_a_token_and_sees_its_key_once(personas: Personas) -> None:
    client = client_for(personas.officer)
    response = client.post(reverse("api-tokens"), {"name": "weekly export"})
    assert response.status_code == 200
    key = response.context["issued"]["key"]
    assert key in response.content.decode()
    assert call(key).status_code == 200  # type: ignore[attr-defined]
    listing = client.get(reverse("api-tokens")).content.decode()
    assert "weekly export" in listing
    assert key not in listing
    assert "Cache-Control" in response and "no-store" in response["Cache-Control"]


def test_a_token_needs_a_name(personas: Personas) -> None:
    response = client_for(personas.officer).post(reverse("api-tokens"), {"name": "  "})
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.filter(user=personas.officer).exists()


def test_the_owner_revokes_a_token_and_it_stops_working(personas: Personas) -> None:
    token, key = api_token_issue(actor=None, user=personas.officer, name="export")
    client = client_for(personas.officer)
    response = client.post(reverse("api-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    revoked = call(key)
    assert revoked.status_code == 401  # type: ignore[attr-defined]
    assert "revoked" in revoked.json()["detail"]  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=personas.officer).exists()


def test_nobody_else_sees_or_revokes_a_token(personas: Personas) -> None:
    token, key = api_token_issue(actor=None, user=personas.officer, name="Nightly sync")
    other: User = personas.supervisor
    client = client_for(other)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    assert "Nightly sync" not in client.get(reverse("api-tokens")).content.decode()
    assert call(key).status_code == 200  # type: ignore[attr-defined]


def test_an_administrator_revokes_in_the_admin(personas: Personas) -> None:
    token, key = api_token_issue(actor=None, user=personas.officer, name="export")
    admin = client_for(personas.administrator)
    page = admin.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert token.digest not in page.content.decode()
    response = admin.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert call(key).status_code == 401  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(
        action="api_token.revoke", actor=personas.administrator
    ).exists()


def test_the_demo_seeding_renews_an_expired_demo_key(personas: Personas) -> None:
    token, key = api_token_issue(actor=None, user=personas.officer, name="demo", key="k" * 40)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    api_token_issue(actor=None, user=personas.officer, name="demo", key="k" * 40)
    assert call(key).status_code == 200  # type: ignore[attr-defined]
