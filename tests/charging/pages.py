"""Signed-in browsers, page text and the outsiders every charging page must
refuse: shared by the sub-domains' browser tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from rasso.accounts.models import Role, User
from tests.conftest import Personas, _member, org


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def outsiders(personas: Personas) -> dict[str, User]:
    return {
        "officer of another force": personas.other_force_officer,
        "prosecutor of another Area": personas.other_area_prosecutor,
        "CPS SPOC of another Area": _member(Role.CPS_SPOC, org("North East")),
        "panel member": personas.panel_member,
        "manager": personas.manager,
        "administrator": personas.administrator,
    }


def queries_for(client: Client, url: str, assert_max: Any, limit: int) -> int:
    """How many queries one page costs (at most ``limit``)."""
    with assert_max(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)
