"""The allocated prosecutor records a charging decision from two tabs at the
same moment (or decides in one while issuing an action plan in the other, or
applies the Full Code Test twice): one succeeds, the other is refused, and
never two decisions from one version.

Real threads, each with its own database connection, so PostgreSQL's row lock
on the case and the version check do the work, not the test's transaction.
These tests commit, so they reload the reference data (Areas and forces,
offences, bank holidays for the working-day deadlines) the flush after each
one removes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus
from cases.services import case_event_record
from charging.action_plans.models import ActionPlan, ActionPlanStatus
from charging.action_plans.services import action_plan_draft, action_plan_issue
from charging.decisions.models import CpsDecision, DecisionOutcome
from charging.decisions.services import ChargeSpec, decision_record, full_code_test_record
from rasso.accounts.models import User
from rasso.core.errors import DomainError, StaleVersion
from tests.cases.test_concurrency import at_the_same_time, fresh, hold_the_lock_longer
from tests.charging.decisions.test_full_code_test import BOTH_MET
from tests.charging.decisions.test_services import (
    EVIDENTIAL_NFA,
    FULL_CHARGE,
    allocated_case,
    threshold,
)
from tests.conftest import Personas, load_reference_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference(transactional_db: Any) -> None:
    # Autouse, so it runs before ``personas`` needs Kent and the offences.
    load_reference_data()


def decide_as(
    prosecutor: User, case: CaseFile, version: int, **fields: Any
) -> Callable[[], object]:
    """What the prosecutor's tab posts: the decision, from the version the
    form was opened at, as its own request would read it."""

    def decide() -> object:
        found = CaseFile.objects.get(pk=case.pk)
        charges = []
        if fields["outcome"] == DecisionOutcome.CHARGE:
            suspect = found.suspects.get()
            charges = [
                ChargeSpec(offence_id=o.pk, suspect_id=suspect.pk) for o in found.offences.all()
            ]
        return decision_record(
            actor=fresh(prosecutor), case=found, version=version, charges=charges, **fields
        )

    return decide


def test_two_decisions_from_one_version_at_once_record_one(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = allocated_case(personas)
    opened_at = case.version  # both tabs opened the decision form at this version

    hold_the_lock_longer(monkeypatch)
    outcomes = at_the_same_time(
        decide_as(personas.prosecutor, case, opened_at, **FULL_CHARGE),
        decide_as(personas.prosecutor, case, opened_at, **EVIDENTIAL_NFA),
    )

    recorded = [o for o in outcomes if isinstance(o, CpsDecision)]
    refused = [o for o in outcomes if isinstance(o, StaleVersion)]
    assert (len(recorded), len(refused)) == (1, 1), outcomes
    assert "reload the case, then decide again" in str(refused[0])
    (decision,) = CpsDecision.objects.filter(case=case)
    assert decision == recorded[0]
    assert decision.case_version == opened_at
    case.refresh_from_db()
    assert case.version == opened_at + 1
    expected = CaseStatus.CHARGED if outcomes[0] is recorded[0] else CaseStatus.CPS_NFA
    assert case.status == expected
    assert case.events.filter(kind="status_changed").count() == 1
    # One decision: one "tell the complainant" obligation, one clock stopped.
    told = Deadline.objects.filter(case=case, kind=DeadlineKind.TELL_COMPLAINANT_ENHANCED)
    assert told.count() == 1
    assert not Deadline.objects.filter(
        case=case, kind=DeadlineKind.CHARGING_DECISION, status=DeadlineStatus.OPEN
    ).exists()


def test_a_decision_and_an_action_plan_issued_at_once_make_one_move(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = allocated_case(personas)
    plan = action_plan_draft(
        actor=personas.prosecutor,
        case=case,
        required_by=timezone.localdate() + timedelta(days=14),
        items=[{"what": "Door camera footage", "why": "Timing", "evidential_issue": "Consent"}],
    )
    case.refresh_from_db()
    opened_at = case.version

    def issue() -> object:
        return action_plan_issue(
            actor=fresh(personas.prosecutor), plan=ActionPlan.objects.get(pk=plan.pk)
        )

    hold_the_lock_longer(monkeypatch)
    outcomes = at_the_same_time(
        decide_as(personas.prosecutor, case, opened_at, **FULL_CHARGE), issue
    )

    done = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert (len(done), len(refused)) == (1, 1), outcomes
    case.refresh_from_db()
    plan.refresh_from_db()
    if isinstance(done[0], CpsDecision):
        assert case.status == CaseStatus.CHARGED
        assert plan.status == ActionPlanStatus.DRAFT
        assert "cannot become action plan" in str(refused[0])
    else:
        assert case.status == CaseStatus.ACTION_PLAN
        assert plan.status == ActionPlanStatus.ISSUED
        assert isinstance(refused[0], StaleVersion)
        assert not CpsDecision.objects.filter(case=case).exists()
    assert case.version == opened_at + 1


def test_the_full_code_test_applied_from_two_tabs_at_once_is_recorded_once(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both stages met leave the case's version as it was, so here the
    one-to-one link to the threshold decision, behind the case lock, is
    what refuses the second."""
    case = allocated_case(personas)
    first = decide_as(personas.prosecutor, case, case.version, **threshold())()
    assert isinstance(first, CpsDecision)
    case.refresh_from_db()
    opened_at = case.version

    def apply() -> object:
        return full_code_test_record(
            actor=fresh(personas.prosecutor),
            decision=CpsDecision.objects.get(pk=first.pk),
            version=opened_at,
            **BOTH_MET,
        )

    # Nothing here moves the case (cases.services._record): hold the lock
    # over the timeline entry instead.
    def slowly(**kwargs: Any) -> Any:
        time.sleep(0.3)
        return case_event_record(**kwargs)

    monkeypatch.setattr("charging.decisions.services.case_event_record", slowly)
    outcomes = at_the_same_time(apply, apply)

    recorded = [o for o in outcomes if isinstance(o, CpsDecision)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert (len(recorded), len(refused)) == (1, 1), outcomes
    assert "already been applied to this charge" in str(refused[0])
    assert list(CpsDecision.objects.filter(applies_full_test_to=first)) == recorded
    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.CHARGED, opened_at)
    assert case.events.filter(kind="full_code_test_applied").count() == 1
