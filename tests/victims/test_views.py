"""Complainants in the browser. A complainant of a sexual offence has
lifelong anonymity: their name, date of birth, address and contact details
are shown to the officer in the case, officers the case is shared with and
the allocated prosecutor, and to nobody else, who see the pseudonym (C1)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseFile, Deadline
from cases.services import deadline_reschedule
from rasso.accounts.models import User
from rasso.audit.models import AuditEvent
from tests.cases.factories import case_create, submitted_case
from tests.conftest import Personas
from tests.support import client_for, html_of
from victims.models import Complainant, Contact
from victims.services import (
    complainant_add,
    complainant_update,
    complainants_tell,
    support_withdraw,
)

pytestmark = pytest.mark.django_db

# Names no persona (Faker-made) could share.
FIRST_NAMES, LAST_NAME = "Zephyrine", "Quillfeather"
NAME = f"{FIRST_NAMES} {LAST_NAME}"
ADDRESS = "14 Orchard Row"
PHONE = "07700 900123"


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
    assert client.get(reverse("victims:complainant-add", args=[case.pk])).status_code == 403
    tab = html_of(client.get(reverse("victims:complainants", args=[case.pk])))
    assert "Add a complainant" not in tab


def overdue(deadline: Deadline, days: int = 1) -> None:
    deadline_reschedule(deadline=deadline, due_on=timezone.localdate() - timedelta(days=days))


def tell(case: CaseFile, officer: User, event: str = "the arrest") -> list[Deadline]:
    """A key event: each complainant is owed the news."""
    return complainants_tell(case=case, actor=officer, event=event)


def test_the_tab_lists_what_is_owed_overdue_first(personas: Personas) -> None:
    case = case_create(personas.officer)
    first = complainant_add(actor=personas.officer, case=case, first_names="A", last_name="One")
    second = complainant_add(actor=personas.officer, case=case, first_names="B", last_name="Two")
    told_first, told_second = tell(case, personas.officer)
    overdue(told_second, days=3)
    deadline_reschedule(deadline=told_first, due_on=timezone.localdate())

    html = html_of(
        client_for(personas.officer).get(reverse("victims:complainants", args=[case.pk]))
    )

    # C2 has an overdue update: it comes first, tagged; C1's is due today.
    assert html.index("Tell C2 of the arrest") < html.index("Tell C1 of the arrest")
    assert "1 overdue" in html
    c2_card = html[html.index("C2: B Two") : html.index("C1: A One")]
    assert 'govuk-tag--red">Overdue' in c2_card
    assert "Due today" in html[html.index("C1: A One") :]
    # Each complainant's regular update is owed too.
    for complainant in (first, second):
        assert f"Regular update to {complainant.pseudonym}" in html


def test_those_not_entitled_see_the_owed_updates_by_pseudonym_only(
    personas: Personas, case: CaseFile
) -> None:
    complainant = case.complainants.get()
    complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=None,
        accessibility_needs="Wheelchair user",
        isva_name="Petra Isva",
        safe_times="After 6pm",
    )
    tell(case, personas.officer, "the charging decision")

    html = html_of(
        client_for(personas.cps_spoc).get(reverse("victims:complainants", args=[case.pk]))
    )

    assert "Tell C1 of the charging decision" in html
    for private in (FIRST_NAMES, LAST_NAME, ADDRESS, PHONE, "Wheelchair", "Petra", "After 6pm"):
        assert private not in html
    assert "Contact log" not in html and "Log a contact" not in html


def test_the_entitled_see_the_record_in_brief(personas: Personas, case: CaseFile) -> None:
    complainant = case.complainants.get()
    complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=None,
        special_measures=["screens", "s28"],
        isva_name="Petra Isva",
        no_voicemail=True,
        update_every_days=14,
        vps_offered_on=timezone.localdate(),
    )
    support_withdraw(
        actor=personas.officer,
        complainant=complainant,
        withdrawn_on=timezone.localdate(),
        reason="fear",
        support_offered=True,
    )

    html = html_of(
        client_for(personas.prosecutor).get(reverse("victims:complainants", args=[case.pk]))
    )

    for shown in (
        "Pre-recorded cross-examination (section 28)",
        "Petra Isva",
        "No voicemail",
        "Every 14 days",
        "Support withdrawn",
        "fear of the suspect or of reprisals",
    ):
        assert shown in html


def test_the_complainants_tab_costs_the_same_for_one_or_many(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    case = case_create(personas.officer, reported_on=timezone.localdate() - timedelta(days=90))
    complainant_add(actor=personas.officer, case=case, first_names="A", last_name="One")
    client = client_for(personas.officer)
    url = reverse("victims:complainants", args=[case.pk])
    # session, user, memberships, the case, the complainants (with their last
    # contact), their withdrawals, their reviews, the owed updates, the
    # complainant.view and case.view audit rows, the unread notifications.
    with django_assert_max_num_queries(11) as one:
        client.get(url)
    for number in range(4):
        complainant_add(actor=personas.officer, case=case, first_names="B", last_name=f"{number}")
    everyone = list(case.complainants.all())
    start = timezone.now() - timedelta(days=60)
    Contact.objects.bulk_create(
        Contact(
            case=case,
            complainant=complainant,
            contacted_at=start + timedelta(hours=n),
            channel="phone",
            direction="out",
            summary=f"Call {n}",
            recorded_by=personas.officer,
        )
        for complainant in everyone
        for n in range(30)
    )
    tell(case, personas.officer)
    support_withdraw(
        actor=personas.officer,
        complainant=everyone[0],
        withdrawn_on=timezone.localdate(),
        reason="fear",
        support_offered=True,
    )
    with django_assert_max_num_queries(11) as five:
        response = client.get(url)
    assert len(five) == len(one)
    assert response.content.decode().count('data-testid="complainant"') == 5
