"""The case's life through its services: create, complete, submit, allocate."""

from __future__ import annotations

import pytest

from cases import services
from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline
from rasso.core.errors import DomainError, StaleVersion
from tests.cases.factories import case_create, complete_case, submitted_case
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_officer_creates_a_draft_as_oic(personas: Personas) -> None:
    case = case_create(personas.officer, urn="46 KA 01234/25")
    assert case.urn == "46KA0123425"
    assert case.status == CaseStatus.DRAFT
    assert case.oic == personas.officer
    assert case.cps_area.name == "South East"
    assert case.events.filter(kind="created").exists()


def test_urn_must_carry_the_force_code(personas: Personas) -> None:
    with pytest.raises(DomainError, match="starts with its force code, 46"):
        case_create(personas.officer, urn="11KA0123425")
    with pytest.raises(DomainError, match="format"):
        case_create(personas.officer, urn="46KA01234")
    assert not CaseFile.objects.exists()


def test_submission_lists_what_is_missing_and_changes_nothing(personas: Personas) -> None:
    case = case_create(personas.officer)
    services.case_start_investigation(actor=personas.officer, case=case)
    with pytest.raises(DomainError) as error:
        services.case_submit_for_charging(actor=personas.officer, case=case)
    message = str(error.value)
    for missing in ("MG3", "MG5", "ABE interview record or MG11", "At least one complainant"):
        assert missing in message
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION
    assert case.submitted_at is None
    assert not Deadline.objects.exists()


def test_complete_file_is_submitted_and_allocated(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    assert case.status == CaseStatus.WITH_CPS
    deadline = Deadline.objects.get(case=case, kind=DeadlineKind.CHARGING_DECISION)
    assert deadline.owner_organisation == case.cps_area
    assert (deadline.due_on - case.submitted_at.date()).days == 28  # type: ignore[union-attr]
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=personas.prosecutor
    )
    deadline.refresh_from_db()
    assert deadline.owner == personas.prosecutor


def test_stale_edit_is_refused(personas: Personas) -> None:
    case = complete_case(personas.officer)
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    case.refresh_from_db()
    version = case.version
    services.case_update(actor=personas.officer, case=case, version=version, dg6_category="red")
    with pytest.raises(StaleVersion):
        services.case_update(
            actor=personas.colleague, case=case, version=version, forensic_report_expected=True
        )
    case.refresh_from_db()
    assert case.dg6_category == "red"
    assert case.forensic_report_expected is False
