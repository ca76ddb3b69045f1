"""Closing the side doors: self-granted access, leavers, look-alike URNs,
names cut short, and audit rows that say where a change came from."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client

from cases import rules, services
from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus, DocumentKind
from rasso.accounts.models import Membership, Organisation
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError
from tests.cases.factories import PDF_BYTES, case_create, complete_case, submitted_case
from tests.conftest import Personas
from victims.models import Complainant
from victims.services import complainant_add

pytestmark = pytest.mark.django_db


def test_a_supervisor_cannot_grant_themselves_the_complainants_identity(
    personas: Personas,
) -> None:
    case = complete_case(personas.officer)
    with pytest.raises(DomainError, match="cannot share a case with yourself"):
        services.case_share(actor=personas.supervisor, case=case, colleague=personas.supervisor)
    assert not rules.may_see_complainant_identity(personas.supervisor, case)
    # Nor is the supervisor offered to themselves in the browser.
    client = Client()
    client.force_login(personas.supervisor)
    page = client.get(f"/cases/{case.pk}/share/").content.decode()
    assert f'value="{personas.supervisor.pk}"' not in page
    assert f'value="{personas.colleague.pk}"' in page


def test_a_case_is_shared_only_with_investigators(personas: Personas) -> None:
    case = case_create(personas.officer)
    with pytest.raises(DomainError, match="investigators of Kent"):
        services.case_share(actor=personas.officer, case=case, colleague=personas.supervisor)


def test_an_officer_who_moves_force_leaves_their_cases_behind(personas: Personas) -> None:
    case = complete_case(personas.officer)
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    durham = Organisation.objects.get(name="Durham")
    Membership.objects.filter(user__in=[personas.officer, personas.colleague]).update(
        organisation=durham
    )
    for leaver in (personas.officer, personas.colleague):
        leaver = type(leaver).objects.get(pk=leaver.pk)  # memberships read afresh
        assert not CaseFile.objects.visible_to(leaver).filter(pk=case.pk).exists()
        assert not rules.may_see_complainant_identity(leaver, case)
        assert rules.edit_refusal(leaver, case)


def test_a_prosecutor_who_moves_area_leaves_their_cases_behind(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=personas.prosecutor
    )
    Membership.objects.filter(user=personas.prosecutor).update(
        organisation=Organisation.objects.get(name="North East")
    )
    prosecutor = type(personas.prosecutor).objects.get(pk=personas.prosecutor.pk)
    assert not CaseFile.objects.visible_to(prosecutor).filter(pk=case.pk).exists()
    assert not rules.may_see_complainant_identity(prosecutor, case)


def test_a_urn_in_other_digits_is_not_a_second_spelling(personas: Personas) -> None:
    case_create(personas.officer, urn="46KA0123426")
    with pytest.raises(DomainError, match="format"):
        case_create(personas.officer, urn="46KA\u0660\u0661\u0662\u0663\u066426")
    assert CaseFile.objects.count() == 1


def test_pseudonyms_are_never_reused(personas: Personas) -> None:
    case = case_create(personas.officer)
    complainant_add(actor=personas.officer, case=case, first_names="A", last_name="One")
    second = complainant_add(actor=personas.officer, case=case, first_names="B", last_name="Two")
    Complainant.objects.filter(pseudonym="C1").delete()
    third = complainant_add(actor=personas.officer, case=case, first_names="C", last_name="Three")
    assert (second.pseudonym, third.pseudonym) == ("C2", "C3")


def test_a_long_file_name_keeps_its_extension(personas: Personas) -> None:
    case = case_create(personas.officer)
    document = services.document_upload(
        actor=personas.officer,
        case=case,
        kind=DocumentKind.MG3,
        upload=BytesIO(PDF_BYTES),
        name="a" * 400 + ".pdf",
    )
    assert len(document.original_name) == 255
    assert document.original_name.endswith(".pdf")


def test_a_change_made_in_the_browser_is_audited_with_where_it_came_from(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)
    client = Client(REMOTE_ADDR="10.20.30.40", HTTP_USER_AGENT="Station browser")
    client.force_login(personas.officer)
    response = client.post(
        f"/cases/{case.pk}/suspects/new/",
        {"first_names": "Sam", "last_name": "Suspect", "state": "not_arrested"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="case.suspect_added")
    assert (event.ip_address, event.user_agent) == ("10.20.30.40", "Station browser")


def test_deadlines_are_audited_when_opened_and_closed(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    deadline = Deadline.objects.get(case=case, kind=DeadlineKind.CHARGING_DECISION)
    services.deadline_meet(deadline=deadline, actor=personas.prosecutor)
    actions = list(
        AuditEvent.objects.filter(object_type="cases.deadline", object_id=str(deadline.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["deadline.open", "deadline.met"]


def test_a_resubmission_restarts_the_decision_clock(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    # Sent back with an action plan (the charging work makes this move).
    CaseFile.objects.filter(pk=case.pk).update(status=CaseStatus.ACTION_PLAN)
    services.case_submit_for_charging(actor=personas.officer, case=case)
    deadlines = Deadline.objects.filter(case=case, kind=DeadlineKind.CHARGING_DECISION)
    assert sorted(deadlines.values_list("status", flat=True)) == [
        DeadlineStatus.CANCELLED,
        DeadlineStatus.OPEN,
    ]
