"""A case at its review is retained (a new date and the reason, audited) or
deleted; a legal hold suspends deletion and cannot be lifted for 30 days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.models import CaseFile, CourtResult, Suspect
from cases.retention import services as retention
from cases.retention.models import LegalHold, RetentionReview
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError
from tests.cases.retention.factories import due, police_nfa_case
from tests.conftest import Personas
from tests.victims.factories import cps_decides, freeze, with_prosecutor

pytestmark = pytest.mark.django_db


def _delete(personas: Personas, case: CaseFile) -> object:
    return retention.case_delete(actor=personas.supervisor, case=case, confirm_urn=case.urn)


def test_a_case_is_not_reviewed_before_its_date(personas: Personas) -> None:
    case = police_nfa_case(personas)
    with pytest.raises(DomainError, match="not due for a retention review until"):
        retention.case_retain(
            actor=personas.supervisor,
            case=case,
            review_on=timezone.localdate() + timedelta(days=400),
            reason="Still of interest",
        )
    with pytest.raises(DomainError, match="not due for a retention review until"):
        _delete(personas, case)
    assert CaseFile.objects.filter(pk=case.pk).exists()


def test_a_reviewed_case_is_retained_with_a_new_date_and_a_reason(personas: Personas) -> None:
    case = due(police_nfa_case(personas))
    previous = case.retention_review_on
    next_review = timezone.localdate() + timedelta(days=5 * 365)
    case = retention.case_retain(
        actor=personas.supervisor,
        case=case,
        review_on=next_review,
        reason="The suspect is under investigation for another offence",
    )
    assert case.retention_review_on == next_review
    review = RetentionReview.objects.get(case=case)
    assert review.previous_review_on == previous
    assert review.reason == "The suspect is under investigation for another offence"
    audit = AuditEvent.objects.get(action="case.retention_retained", object_id=str(case.pk))
    assert audit.actor == personas.supervisor
    assert audit.detail == {
        "previous": previous.isoformat(),
        "review_on": next_review.isoformat(),
    }
    # The reason is free text: it stays on its row, never in the audit log.
    assert "another offence" not in str(audit.detail)


def test_retaining_needs_a_future_date_and_a_reason(personas: Personas) -> None:
    case = due(police_nfa_case(personas))
    with pytest.raises(DomainError, match="in the future"):
        retention.case_retain(
            actor=personas.supervisor, case=case, review_on=timezone.localdate(), reason="Kept"
        )
    with pytest.raises(DomainError, match="Enter the reason"):
        retention.case_retain(
            actor=personas.supervisor,
            case=case,
            review_on=timezone.localdate() + timedelta(days=30),
            reason="  ",
        )
    assert not RetentionReview.objects.exists()


def test_only_the_forces_supervisors_review(personas: Personas) -> None:
    case = due(police_nfa_case(personas))
    for outsider in (personas.officer, personas.other_force_officer, personas.prosecutor):
        with pytest.raises(DomainError, match="Only a supervisor or SPOC"):
            retention.case_retain(
                actor=outsider,
                case=case,
                review_on=timezone.localdate() + timedelta(days=30),
                reason="Kept",
            )
        with pytest.raises(DomainError, match="Only a supervisor or SPOC"):
            retention.case_delete(actor=outsider, case=case, confirm_urn=case.urn)
        with pytest.raises(DomainError, match="Only a supervisor or SPOC"):
            retention.legal_hold_place(actor=outsider, case=case, reason="Litigation")


def test_a_legal_hold_blocks_deletion_with_its_reason(personas: Personas) -> None:
    case = due(police_nfa_case(personas))
    retention.legal_hold_place(
        actor=personas.supervisor, case=case, reason="Civil claim against the force"
    )
    with pytest.raises(DomainError, match=r"under a legal hold .*: Civil claim against the force"):
        _delete(personas, case)
    assert CaseFile.objects.filter(pk=case.pk).exists()
    assert not AuditEvent.objects.filter(action="case.deleted").exists()
    # A held case is still reviewed: it can be retained.
    retention.case_retain(
        actor=personas.supervisor,
        case=case,
        review_on=timezone.localdate() + timedelta(days=365),
        reason="Held",
    )


def test_a_second_hold_is_refused(personas: Personas) -> None:
    case = police_nfa_case(personas)
    retention.legal_hold_place(actor=personas.supervisor, case=case, reason="Inquiry")
    with pytest.raises(DomainError, match="already under a legal hold"):
        retention.legal_hold_place(actor=personas.supervisor, case=case, reason="Again")


def test_a_hold_cannot_be_lifted_within_30_days(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    placed = freeze(monkeypatch, date(2026, 6, 1), hour=10)
    case = police_nfa_case(personas)
    hold = retention.legal_hold_place(actor=personas.supervisor, case=case, reason="Inquiry")
    assert hold.placed_at == placed
    freeze(monkeypatch, date(2026, 6, 30), hour=10)
    with pytest.raises(DomainError, match="it can be lifted from 1 July 2026"):
        retention.legal_hold_lift(actor=personas.supervisor, case=case, reason="Inquiry over")
    assert LegalHold.objects.get(pk=hold.pk).lifted_at is None
    moment = freeze(monkeypatch, date(2026, 7, 1), hour=10)
    lifted = retention.legal_hold_lift(actor=personas.supervisor, case=case, reason="Inquiry over")
    assert lifted.lifted_at == moment
    assert lifted.lifted_by == personas.supervisor
    assert AuditEvent.objects.filter(action="case.legal_hold_lifted").exists()
    with pytest.raises(DomainError, match="not under a legal hold"):
        retention.legal_hold_lift(actor=personas.supervisor, case=case, reason="Again")


def test_a_lifted_hold_lets_the_case_be_deleted(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = due(police_nfa_case(personas), days_ago=100)
    retention.legal_hold_place(actor=personas.supervisor, case=case, reason="Inquiry")
    freeze(monkeypatch, timezone.localdate() + timedelta(days=31))
    retention.legal_hold_lift(actor=personas.supervisor, case=case, reason="Inquiry over")
    monkeypatch.undo()
    _delete(personas, case)
    assert not CaseFile.objects.filter(pk=case.pk).exists()


def test_deletion_needs_the_urn_typed(personas: Personas) -> None:
    case = due(police_nfa_case(personas))
    with pytest.raises(DomainError, match="Enter the case's URN"):
        retention.case_delete(actor=personas.supervisor, case=case, confirm_urn="46KA9999926")
    assert CaseFile.objects.filter(pk=case.pk).exists()


def _convicted(personas: Personas, born: date | None) -> CaseFile:
    case, _ = with_prosecutor(personas)
    Suspect.objects.filter(case=case).update(date_of_birth=born)
    case = cps_decides(personas, case, charge=True)
    case = services.case_finalise(
        actor=personas.officer,
        case=case,
        result=CourtResult.CONVICTED_AFTER_TRIAL,
        finalised_on=timezone.localdate(),
    )
    return due(case)


def test_a_conviction_is_kept_until_the_person_would_be_100(personas: Personas) -> None:
    case = _convicted(personas, date(1980, 5, 17))
    with pytest.raises(DomainError, match="would be 100, on 17 May 2080: retain it"):
        _delete(personas, case)
    unknown = _convicted(personas, None)
    with pytest.raises(DomainError, match="date of birth is not recorded"):
        _delete(personas, unknown)


def test_a_conviction_of_someone_born_long_ago_may_go(personas: Personas) -> None:
    case = _convicted(personas, date(1920, 1, 1))
    _delete(personas, case)
    assert not CaseFile.objects.filter(pk=case.pk).exists()
