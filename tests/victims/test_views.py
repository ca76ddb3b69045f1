"""Complainants in the browser. A complainant of a sexual offence has
lifelong anonymity: their name, date of birth, address and contact details
are shown to the officer in the case, officers the case is shared with and
the allocated prosecutor, and to nobody else, who see the pseudonym (C1)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import CaseFile
from rasso.accounts.models import User
from rasso.audit.models import AuditEvent
from tests.cases.factories import case_create, submitted_case
from tests.conftest import Personas
from victims.models import Complainant
from victims.services import complainant_add

pytestmark = pytest.mark.django_db

# Names no persona (Faker-made) could share.
FIRST_NAMES, LAST_NAME = "Zephyrine", "Quillfeather"
NAME = f"{FIRST_NAMES} {LAST_NAME}"
ADDRESS = "14 Orchard Row"
PHONE = "07700 900123"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


@pytest.fixture
def case(personas: Personas) -> CaseFile:
    """Submitted to CPS South East and allocated to the prosecutor."""
    case = submitted_case(personas.officer)
    Complainant.objects.filter(case=case).update(
        first_names=FIRST_NAMES, last_name=LAST_NAME, address=ADDRESS, phone=PHONE
    )
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=personas.prosecutor
    )
    return case


PAGES = ["cases:detail", "victims:complainants"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["officer", "prosecutor"])
def test_the_oic_and_the_allocated_prosecutor_see_who_the_complainant_is(
    personas: Personas, case: CaseFile, persona: str, page: str
) -> None:
    html = html_of(client_for(getattr(personas, persona)).get(reverse(page, args=[case.pk])))

    assert "C1" in html
    assert NAME in html
    if page == "victims:complainants":
        assert ADDRESS in html
        assert PHONE in html


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["supervisor", "cps_spoc"])
def test_the_supervisor_and_the_cps_spoc_see_only_the_pseudonym(
    personas: Personas, case: CaseFile, persona: str, page: str
) -> None:
    html = html_of(client_for(getattr(personas, persona)).get(reverse(page, args=[case.pk])))

    assert "C1" in html
    for identity in (FIRST_NAMES, LAST_NAME, ADDRESS, PHONE):
        assert identity not in html
    assert "see who" in html


def test_an_officer_the_case_is_shared_with_sees_the_identity(personas: Personas) -> None:
    case = case_create(personas.officer)
    complainant_add(actor=personas.officer, case=case, first_names="Amira", last_name="Hassan")
    client = client_for(personas.colleague)
    assert client.get(reverse("victims:complainants", args=[case.pk])).status_code == 404

    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)

    assert "Amira Hassan" in html_of(client.get(reverse("victims:complainants", args=[case.pk])))


@pytest.mark.parametrize(
    "persona",
    ["colleague", "other_force_officer", "other_area_prosecutor", "panel_member", "manager"],
)
@pytest.mark.parametrize("page", ["victims:complainants", "victims:complainant-add"])
def test_outsiders_get_404(personas: Personas, case: CaseFile, persona: str, page: str) -> None:
    response = client_for(getattr(personas, persona)).get(reverse(page, args=[case.pk]))
    assert response.status_code == 404


def test_showing_complainants_is_audited_with_pseudonyms_only(
    personas: Personas, case: CaseFile
) -> None:
    client_for(personas.officer).get(reverse("victims:complainants", args=[case.pk]))
    client_for(personas.cps_spoc).get(reverse("victims:complainants", args=[case.pk]))

    shown = {
        event.actor: event.detail
        for event in AuditEvent.objects.filter(action="complainant.view", object_id=str(case.pk))
    }
    assert shown[personas.officer] == {"complainants": ["C1"], "identity_shown": True}
    assert shown[personas.cps_spoc] == {"complainants": ["C1"], "identity_shown": False}
    assert not AuditEvent.objects.filter(detail__icontains=LAST_NAME).exists()


def test_officer_adds_a_complainant_and_the_banner_names_only_the_pseudonym(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    form = html_of(client.get(reverse("victims:complainant-add", args=[case.pk])))
    # Enhanced rights are the default for every RASSO complainant.
    assert re.search(r'<input type="checkbox" name="enhanced_rights"[^>]* checked>', form)

    response = client.post(
        reverse("victims:complainant-add", args=[case.pk]),
        {
            "first_names": "Amira",
            "last_name": "Hassan",
            "date_of_birth": "4/7/1998",
            "address": "2 Mill Lane\nCanterbury",
            "phone": "",
            "email": "amira@example.com",
            "enhanced_rights": "on",
        },
        follow=True,
    )

    html = html_of(response)
    assert "Complainant C1 added" in html
    complainant = Complainant.objects.get(case=case)
    assert (complainant.pseudonym, complainant.last_name) == ("C1", "Hassan")
    assert complainant.enhanced_rights is True
    assert "Amira" not in str(case.events.values_list("description", flat=True))


def test_a_complainant_without_a_name_is_refused(personas: Personas) -> None:
    case = case_create(personas.officer)
    response = client_for(personas.officer).post(
        reverse("victims:complainant-add", args=[case.pk]),
        {"first_names": "", "last_name": "", "email": "not-an-address"},
    )
    html = html_of(response)
    assert "Enter the first names" in html
    assert "Enter an email address like name@example.com" in html
    assert not Complainant.objects.exists()


def test_complainants_cannot_be_added_once_the_case_is_with_cps(
    personas: Personas, case: CaseFile
) -> None:
    client = client_for(personas.officer)
    assert client.get(reverse("victims:complainant-add", args=[case.pk])).status_code == 404
    tab = html_of(client.get(reverse("victims:complainants", args=[case.pk])))
    assert "Add a complainant" not in tab


def test_the_complainants_tab_costs_the_same_for_one_or_many(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    case = case_create(personas.officer)
    complainant_add(actor=personas.officer, case=case, first_names="A", last_name="One")
    client = client_for(personas.officer)
    url = reverse("victims:complainants", args=[case.pk])
    # session, user, memberships, the case, the complainants, their audit
    # row, the case.view audit row.
    with django_assert_max_num_queries(7) as one:
        client.get(url)
    for number in range(4):
        complainant_add(actor=personas.officer, case=case, first_names="B", last_name=f"{number}")
    with django_assert_max_num_queries(7) as five:
        client.get(url)
    assert len(five) == len(one)
