"""Each case's retention review date follows from its outcome (MoPI): a
conviction is group 1, every other closed sexual offence case (NFA
included) group 2, a case created in error is reviewed after 6 months."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.models import CaseFile, CaseStatus, CourtResult, RetentionCategory
from cases.retention import schedule
from cases.retention import services as retention
from cases.retention.models import ForceRetentionPeriod, RetentionPeriod
from rasso.accounts.models import Organisation
from rasso.core.errors import DomainError
from tests.cases.factories import case_create, complete_case
from tests.cases.retention.factories import police_nfa_case, years_later
from tests.conftest import Personas
from tests.victims.factories import cps_decides, cps_nfa

pytestmark = pytest.mark.django_db


def test_the_migration_loads_the_defaults() -> None:
    periods = {p.category: p for p in RetentionPeriod.objects.all()}
    assert periods[RetentionCategory.CONVICTION].review_after_months == 120
    assert periods[RetentionCategory.CONVICTION].keep_until_age == 100
    assert periods[RetentionCategory.OTHER_SEXUAL_OFFENCE].review_after_months == 120
    assert periods[RetentionCategory.CREATED_IN_ERROR].review_after_months == 6


def test_an_open_case_has_no_review_date(personas: Personas) -> None:
    case = complete_case(personas.officer)
    assert case.retention_review_on is None
    assert case.retention_category == ""


def test_a_police_nfa_is_group_2_reviewed_after_10_years(personas: Personas) -> None:
    case = police_nfa_case(personas)
    today = timezone.localdate()
    assert case.status == CaseStatus.POLICE_NFA
    assert case.retention_category == RetentionCategory.OTHER_SEXUAL_OFFENCE
    assert case.retention_from == today
    assert case.retention_review_on == years_later(today, 10)


def test_a_cps_nfa_is_group_2(personas: Personas) -> None:
    case, _ = cps_nfa(personas)
    assert case.status == CaseStatus.CPS_NFA
    assert case.retention_category == RetentionCategory.OTHER_SEXUAL_OFFENCE
    assert case.retention_review_on == years_later(timezone.localdate(), 10)


def _charged(personas: Personas) -> CaseFile:
    from tests.victims.factories import with_prosecutor

    case, _ = with_prosecutor(personas)
    return cps_decides(personas, case, charge=True)


def test_a_conviction_is_group_1_from_the_date_finalised(personas: Personas) -> None:
    case = _charged(personas)
    assert case.retention_review_on is None  # charged: still open
    finalised_on = timezone.localdate() - timedelta(days=40)
    case = services.case_finalise(
        actor=personas.officer,
        case=case,
        result=CourtResult.GUILTY_PLEA,
        finalised_on=finalised_on,
    )
    assert case.status == CaseStatus.FINALISED
    assert case.retention_category == RetentionCategory.CONVICTION
    assert case.retention_from == finalised_on
    assert case.retention_review_on == years_later(finalised_on, 10)


def test_an_acquittal_is_group_2(personas: Personas) -> None:
    case = _charged(personas)
    case = services.case_finalise(
        actor=personas.officer,
        case=case,
        result=CourtResult.ACQUITTED,
        finalised_on=timezone.localdate(),
    )
    assert case.retention_category == RetentionCategory.OTHER_SEXUAL_OFFENCE


def test_only_a_charged_case_is_finalised_and_not_in_the_future(personas: Personas) -> None:
    case = complete_case(personas.officer)
    with pytest.raises(DomainError, match="Only a charged case"):
        services.case_finalise(
            actor=personas.officer,
            case=case,
            result=CourtResult.ACQUITTED,
            finalised_on=timezone.localdate(),
        )
    charged = _charged(personas)
    with pytest.raises(DomainError, match="today or in the past"):
        services.case_finalise(
            actor=personas.officer,
            case=charged,
            result=CourtResult.ACQUITTED,
            finalised_on=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(DomainError, match="Only the officers"):
        services.case_finalise(
            actor=personas.other_force_officer,
            case=charged,
            result=CourtResult.ACQUITTED,
            finalised_on=timezone.localdate(),
        )


def test_a_case_created_in_error_is_reviewed_after_6_months(personas: Personas) -> None:
    case = case_create(personas.officer)
    with pytest.raises(DomainError, match="supervisor or SPOC"):
        retention.case_mark_created_in_error(
            actor=personas.officer, case=case, reason="A duplicate of another case"
        )
    case = retention.case_mark_created_in_error(
        actor=personas.supervisor, case=case, reason="A duplicate of another case"
    )
    today = timezone.localdate()
    assert case.status == CaseStatus.CREATED_IN_ERROR
    assert case.created_in_error_reason == "A duplicate of another case"
    assert case.retention_category == RetentionCategory.CREATED_IN_ERROR
    assert case.retention_review_on == schedule.add_months(today, 6)
    assert not case.deadlines.filter(status="open").exists()


def test_a_case_with_cps_cannot_be_created_in_error(personas: Personas) -> None:
    case, _ = cps_nfa(personas)
    with pytest.raises(DomainError, match="Only a draft or a case under investigation"):
        retention.case_mark_created_in_error(
            actor=personas.supervisor, case=case, reason="Wrong force"
        )


def test_a_force_may_set_its_own_period(personas: Personas) -> None:
    ForceRetentionPeriod.objects.create(
        force=Organisation.objects.get(name="Kent"),
        category=RetentionCategory.OTHER_SEXUAL_OFFENCE,
        review_after_months=72,
    )
    case = police_nfa_case(personas)
    assert case.retention_review_on == schedule.add_months(timezone.localdate(), 72)


def test_a_changed_default_applies_from_then_on(personas: Personas) -> None:
    RetentionPeriod.objects.filter(category=RetentionCategory.OTHER_SEXUAL_OFFENCE).update(
        review_after_months=60
    )
    case = police_nfa_case(personas)
    assert case.retention_review_on == schedule.add_months(timezone.localdate(), 60)


def test_a_reopened_case_has_no_review_date(personas: Personas) -> None:
    case = police_nfa_case(personas)
    case = services.case_set_status(
        actor=personas.supervisor,
        case=case,
        status=CaseStatus.INVESTIGATION,
        description="Reopened after a review",
    )
    assert case.retention_review_on is None
    assert case.retention_category == ""


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 120, date(2034, 2, 28)),
        (date(2026, 8, 15), 6, date(2027, 2, 15)),
    ],
)
def test_months_are_calendar_months(start: date, months: int, expected: date) -> None:
    assert schedule.add_months(start, months) == expected
