"""Roles belong to the right kind of organisation; the dashboard follows the roles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from rasso.accounts.models import Organisation, Role
from rasso.accounts.services import membership_create, user_create
from rasso.audit.models import AuditEvent
from tests.conftest import Personas
from tests.support import second_factor_given

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "organisation"),
    [
        (Role.INVESTIGATOR, "South East"),
        (Role.PROSECUTOR, "Kent"),
        (Role.CPS_SPOC, "Durham"),
        (Role.PANEL_MEMBER, "Kent"),
    ],
)
def test_a_role_must_fit_its_organisation(role: str, organisation: str) -> None:
    user = user_create(actor=None, email="new@example.gov.uk", full_name="New Person")
    with pytest.raises(ValidationError, match="cannot belong to"):
        membership_create(
            actor=None,
            user=user,
            organisation=Organisation.objects.get(name=organisation),
            role=role,
        )
    assert not user.memberships.exists()


def test_membership_is_audited_and_idempotent(personas: Personas) -> None:
    kent = Organisation.objects.get(name="Kent")
    first = membership_create(
        actor=personas.administrator, user=personas.colleague, organisation=kent, role="police_spoc"
    )
    again = membership_create(
        actor=personas.administrator, user=personas.colleague, organisation=kent, role="police_spoc"
    )
    assert first == again
    assert (
        AuditEvent.objects.filter(action="membership.create", object_id=str(first.pk)).count() == 1
    )


def test_weak_passwords_are_refused() -> None:
    for weak in ("password1234", "12345678901234", "short1!"):
        with pytest.raises(ValidationError):
            user_create(actor=None, email="w@example.gov.uk", full_name="W", password=weak)


@pytest.mark.parametrize(
    ("persona", "sections"),
    [
        ("officer", ["Investigator", "Your cases"]),
        ("prosecutor", ["Prosecutor", "Your allocated cases", "South East"]),
        ("cps_spoc", ["CPS single point of contact", "Ready to allocate"]),
        ("panel_member", ["Scrutiny panel member", "Review packs for your panel"]),
        ("manager", ["Manager", "Progress reports"]),
    ],
)
def test_dashboard_shows_each_role_its_own_work(
    client: Client, personas: Personas, persona: str, sections: list[str]
) -> None:
    client.force_login(getattr(personas, persona))
    html = client.get(reverse("home")).content.decode()
    for text in sections:
        assert text in html


def test_navigation_offers_admin_only_to_administrators(client: Client, personas: Personas) -> None:
    client.force_login(personas.officer)
    assert 'href="/admin/"' not in client.get(reverse("home")).content.decode()
    client.force_login(personas.administrator)
    second_factor_given(client, personas.administrator)
    assert 'href="/admin/"' in client.get(reverse("home")).content.decode()


def test_someone_without_a_role_is_told_what_to_do(client: Client, personas: Personas) -> None:
    client.force_login(personas.administrator)
    second_factor_given(client, personas.administrator)
    assert "You do not have a role" in client.get(reverse("home")).content.decode()


def test_pages_carry_a_strict_content_security_policy(client: Client) -> None:
    policy = client.get(reverse("sign-in"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "default-src 'none'" in policy


def test_unknown_page_is_a_gov_uk_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
