"""One visibility matrix, checked on every surface a case shows on.

Two Kent cases: A is a draft its OIC shared with one colleague; B is a complete
file submitted to CPS South East and allocated to a prosecutor. Every role of
of need to know looks at both through the HTML list and case page, the API list
and case, and a document download: each sees exactly its cases, and gets 404
for the others, wherever it looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from cases import services
from cases.models import CaseFile, Document, DocumentKind
from rasso.accounts.models import Organisation, Role, User
from rasso.accounts.services import api_token_issue
from tests.cases.factories import case_create, submitted_case, upload
from tests.conftest import Personas, _member
from tests.support import client_for

pytestmark = pytest.mark.django_db


@dataclass
class World:
    people: dict[str, User]
    cases: dict[str, CaseFile]
    documents: dict[str, Document]


@pytest.fixture
def world(personas: Personas) -> World:
    kent = Organisation.objects.get(name="Kent")
    south_east = Organisation.objects.get(name="South East")
    north_east = Organisation.objects.get(name="North East")
    people = {
        "OIC": personas.officer,
        "colleague granted case A": personas.colleague,
        "colleague not granted": _member(Role.INVESTIGATOR, kent),
        "police supervisor of the force": personas.supervisor,
        "police SPOC of the force": _member(Role.POLICE_SPOC, kent),
        "officer of another force": personas.other_force_officer,
        "CPS SPOC of the Area": personas.cps_spoc,
        "CPS SPOC of another Area": _member(Role.CPS_SPOC, north_east),
        "allocated prosecutor": personas.prosecutor,
        "unallocated prosecutor of the Area": _member(Role.PROSECUTOR, south_east),
        "prosecutor of another Area": personas.other_area_prosecutor,
        "panel member": personas.panel_member,
        "manager": personas.manager,
        "administrator": personas.administrator,
    }
    draft = case_create(personas.officer)
    draft_document = upload(draft, personas.officer, DocumentKind.MG3)
    services.case_share(actor=personas.officer, case=draft, colleague=personas.colleague)
    submitted = submitted_case(personas.officer)
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=submitted, prosecutor=personas.prosecutor
    )
    return World(
        people=people,
        cases={"A": draft, "B": submitted},
        documents={"A": draft_document, "B": submitted.documents.first()},  # type: ignore[dict-item]
    )


SEES: dict[str, set[str]] = {
    "OIC": {"A", "B"},
    "colleague granted case A": {"A"},
    "colleague not granted": set(),
    "police supervisor of the force": {"A", "B"},
    "police SPOC of the force": {"A", "B"},
    "officer of another force": set(),
    # Case A is a police draft: never shown to CPS.
    "CPS SPOC of the Area": {"B"},
    "CPS SPOC of another Area": set(),
    "allocated prosecutor": {"B"},
    "unallocated prosecutor of the Area": set(),
    "prosecutor of another Area": set(),
    "panel member": set(),
    "manager": set(),
    "administrator": set(),
}


# Who may open the documents (and see the complainant's identity).
OPENS_DOCUMENTS: dict[str, set[str]] = {
    "OIC": {"A", "B"},
    "colleague granted case A": {"A"},
    "allocated prosecutor": {"B"},
}


def browser(user: User) -> Client:
    return client_for(user)


def api(user: User) -> Client:
    _, key = api_token_issue(actor=None, user=user)
    return Client(headers={"Authorization": f"Token {key}"})


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_sees_exactly_its_cases_everywhere(world: World, role: str) -> None:
    user = world.people[role]
    expected = SEES[role]
    web, rest = browser(user), api(user)

    listing = web.get("/cases/")
    # Roles with no case work have no case list at all.
    assert listing.status_code in (200, 404)
    html = listing.content.decode()
    api_listing = rest.get("/api/v1/cases/", {"page_size": 100})
    assert api_listing.status_code == 200
    api_ids = {row["id"] for row in api_listing.json()["results"]}

    for name, case in world.cases.items():
        visible = name in expected
        document = world.documents[name]
        download = f"/cases/{case.pk}/documents/{document.pk}/download/"
        api_download = f"/api/v1/cases/{case.pk}/documents/{document.pk}/download/"
        answers: dict[str, Any] = {
            "HTML list": case.urn in html,
            "API list": case.pk in api_ids,
            "HTML case page": web.get(f"/cases/{case.pk}/").status_code,
            "API case": rest.get(f"/api/v1/cases/{case.pk}/").status_code,
            "HTML download": web.get(download).status_code,
            "API download": rest.get(api_download).status_code,
        }
        # Case material names the complainant: only those entitled to the
        # complainant's identity open it.
        opens = name in OPENS_DOCUMENTS.get(role, set())
        expected_answers = {
            "HTML list": visible,
            "API list": visible,
            "HTML case page": 200 if visible else 404,
            "API case": 200 if visible else 404,
            "HTML download": 200 if opens else 404,
            "API download": 200 if opens else 404,
        }
        assert answers == expected_answers, f"{role} looking at case {name}"
