"""The Full Code Test after a charge on the Threshold Test, told as the
prosecutor's story: the threshold decision stays as recorded, the full test is
a new decision naming it; both stages met keep the charges, a stage not met
discontinues them. Either way the prosecutor's deadline is met and each
complainant is to be told."""

from __future__ import annotations

from typing import Any

import pytest

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, DeadlineStatus
from charging.decisions import services
from charging.decisions.models import (
    FULL_CODE_TEST_DEADLINE,
    CodeTest,
    CpsDecision,
    DecisionOutcome,
)
from rasso.accounts.models import User
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, StaleVersion
from tests.charging.decisions.test_services import allocated_case, decide, open_deadlines, threshold
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

BOTH_MET: dict[str, Any] = {
    "evidential_met": True,
    "evidential_reasons": "The forensic report now supports the account.",
    "public_interest_met": True,
    "public_interest_reasons": "A serious offence; the complainant supports a prosecution.",
}
EVIDENCE_SHORT: dict[str, Any] = {
    "evidential_met": False,
    "evidential_reasons": "The forensic report did not support the account.",
}


def charged_on_threshold(personas: Personas) -> tuple[CaseFile, CpsDecision]:
    case = allocated_case(personas)
    decision = decide(personas.prosecutor, case, **threshold())
    case.refresh_from_db()
    return case, decision


def apply_full_test(
    actor: User, case: CaseFile, decision: CpsDecision, **fields: Any
) -> CpsDecision:
    case.refresh_from_db()
    return services.full_code_test_record(
        actor=actor, decision=decision, version=case.version, **(fields or BOTH_MET)
    )


def test_both_stages_met_the_charges_stand_and_the_deadline_is_met(personas: Personas) -> None:
    case, first = charged_on_threshold(personas)
    assert first.full_test_deadline is not None
    told_before = len(open_deadlines(case, DeadlineKind.TELL_COMPLAINANT_ENHANCED))
    version = case.version

    applied = apply_full_test(personas.prosecutor, case, first)

    assert (applied.test, applied.outcome) == (CodeTest.FULL, DecisionOutcome.CHARGE)
    assert applied.applies_full_test_to == first
    assert applied.case_version == version
    assert [(c.offence_id, c.suspect_id) for c in applied.charges.all()] == [
        (c.offence_id, c.suspect_id) for c in first.charges.all()
    ]
    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.CHARGED, version)
    first.full_test_deadline.refresh_from_db()
    assert first.full_test_deadline.status == DeadlineStatus.MET
    assert not open_deadlines(case, FULL_CODE_TEST_DEADLINE)
    told = open_deadlines(case, DeadlineKind.TELL_COMPLAINANT_ENHANCED)
    assert len(told) == told_before + 1
    assert told[-1].description == "Tell C1 of the Full Code Test decision"
    assert case.events.filter(
        kind="full_code_test_applied", description__contains="the charges stand"
    ).exists()
    audit = AuditEvent.objects.get(action="charging.full_code_test_recorded")
    assert audit.detail["threshold_decision"] == first.pk
    assert audit.detail["outcome"] == DecisionOutcome.CHARGE


def test_a_stage_not_met_discontinues_the_charges_and_the_case_becomes_cps_nfa(
    personas: Personas,
) -> None:
    case, first = charged_on_threshold(personas)
    version = case.version

    applied = apply_full_test(
        personas.prosecutor, case, first, **EVIDENCE_SHORT, public_interest_met=True
    )

    assert applied.outcome == DecisionOutcome.NFA_EVIDENTIAL
    # Public interest is weighed only once the evidence is there.
    assert (applied.public_interest_met, applied.public_interest_reasons) == (None, "")
    assert not applied.charges.exists()
    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.CPS_NFA, version + 1)
    assert case.events.filter(
        kind="status_changed", description__contains="The charges are discontinued"
    ).exists()
    assert not open_deadlines(case, FULL_CODE_TEST_DEADLINE)
    assert open_deadlines(case, DeadlineKind.TELL_COMPLAINANT_ENHANCED)[-1].description == (
        "Tell C1 of the Full Code Test decision"
    )


def test_public_interest_not_met_is_no_further_action_in_the_public_interest(
    personas: Personas,
) -> None:
    case, first = charged_on_threshold(personas)

    applied = apply_full_test(
        personas.prosecutor,
        case,
        first,
        **{**BOTH_MET, "public_interest_met": False},
    )

    assert applied.outcome == DecisionOutcome.NFA_PUBLIC_INTEREST
    case.refresh_from_db()
    assert case.status == CaseStatus.CPS_NFA


def test_the_threshold_decision_stays_as_recorded(personas: Personas) -> None:
    case, first = charged_on_threshold(personas)
    recorded = CpsDecision.objects.filter(pk=first.pk).values().get()

    applied = apply_full_test(personas.prosecutor, case, first, **EVIDENCE_SHORT)

    assert CpsDecision.objects.filter(pk=first.pk).values().get() == recorded
    assert first.charges.count() == 1
    assert list(CpsDecision.objects.filter(case=case)) == [applied, first]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({**BOTH_MET, "evidential_met": None}, "evidential stage is met, with your reasons"),
        ({**BOTH_MET, "evidential_reasons": "  "}, "evidential stage is met, with your reasons"),
        ({**BOTH_MET, "public_interest_met": None}, "public-interest stage is met"),
        ({**BOTH_MET, "public_interest_reasons": ""}, "public-interest stage is met"),
    ],
)
def test_an_incomplete_full_test_is_refused_and_changes_nothing(
    personas: Personas, fields: dict[str, Any], message: str
) -> None:
    case, first = charged_on_threshold(personas)
    version = case.version

    with pytest.raises(DomainError, match=message):
        apply_full_test(personas.prosecutor, case, first, **fields)

    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.CHARGED, version)
    assert CpsDecision.objects.filter(case=case).count() == 1
    assert open_deadlines(case, FULL_CODE_TEST_DEADLINE) == [first.full_test_deadline]


def test_only_the_allocated_prosecutor_of_the_area_applies_it(personas: Personas) -> None:
    case, first = charged_on_threshold(personas)
    for outsider in (
        personas.other_area_prosecutor,
        personas.cps_spoc,
        personas.officer,
        personas.supervisor,
        personas.manager,
    ):
        with pytest.raises(DomainError, match="Only the prosecutor allocated the case can apply"):
            apply_full_test(outsider, case, first)
    personas.prosecutor.memberships.all().delete()
    leaver = User.objects.get(pk=personas.prosecutor.pk)  # memberships read afresh
    with pytest.raises(DomainError, match="Only the prosecutor allocated the case can apply"):
        apply_full_test(leaver, case, first)
    assert CpsDecision.objects.filter(case=case).count() == 1
    assert open_deadlines(case, FULL_CODE_TEST_DEADLINE)


def test_a_stale_version_is_refused(personas: Personas) -> None:
    case, first = charged_on_threshold(personas)

    with pytest.raises(StaleVersion, match="has changed since you opened it"):
        services.full_code_test_record(
            actor=personas.prosecutor, decision=first, version=case.version - 1, **BOTH_MET
        )

    assert CpsDecision.objects.filter(case=case).count() == 1


def test_the_full_test_is_applied_once(personas: Personas) -> None:
    case, first = charged_on_threshold(personas)
    apply_full_test(personas.prosecutor, case, first)

    # Both met leave the case's version as it was: the second try is refused
    # for what it is, not for a stale version.
    with pytest.raises(DomainError, match="already been applied to this charge"):
        apply_full_test(personas.prosecutor, case, first)

    assert CpsDecision.objects.filter(case=case).count() == 2


def test_only_a_charge_on_the_threshold_test_takes_a_full_test(personas: Personas) -> None:
    case = allocated_case(personas)
    full = decide(personas.prosecutor, case)  # a Full Code Test charge

    with pytest.raises(DomainError, match="only to a charge on the Threshold Test"):
        apply_full_test(personas.prosecutor, case, full)

    assert CpsDecision.objects.filter(case=case).count() == 1


def test_not_on_a_case_no_longer_charged(personas: Personas) -> None:
    case, first = charged_on_threshold(personas)
    # Finalised at court before anyone applied the full test.
    CaseFile.objects.filter(pk=case.pk).update(status=CaseStatus.FINALISED)

    with pytest.raises(DomainError, match="for a charged case; this case is finalised"):
        apply_full_test(personas.prosecutor, case, first)

    assert CpsDecision.objects.filter(case=case).count() == 1
