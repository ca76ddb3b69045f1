"""CPS charging decisions, told as the prosecutor's story: the test applied,
its stages or conditions with reasons, the outcome, and what it sets off (the
case moves, the decision clock stops, the complainants are to be told)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus, Suspect, SuspectState
from cases.services import case_set_status, deadline_open
from charging.decisions import services
from charging.decisions.models import (
    FULL_CODE_TEST_DEADLINE,
    THRESHOLD_CONDITIONS,
    CodeTest,
    CpsDecision,
    DecisionOutcome,
)
from charging.decisions.services import ChargeSpec
from rasso.accounts.models import User
from rasso.core.errors import DomainError, StaleVersion
from tests.charging.factories import case_with_prosecutor
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

FULL_CHARGE: dict[str, Any] = {
    "test": CodeTest.FULL,
    "outcome": DecisionOutcome.CHARGE,
    "evidential_met": True,
    "evidential_reasons": "Consistent ABE account, first-account witness, CCTV.",
    "public_interest_met": True,
    "public_interest_reasons": "A serious offence against a vulnerable complainant.",
}
EVIDENTIAL_NFA: dict[str, Any] = {
    "test": CodeTest.FULL,
    "outcome": DecisionOutcome.NFA_EVIDENTIAL,
    "evidential_met": False,
    "evidential_reasons": "Identification cannot be proved.",
}


def every_charge(case: CaseFile) -> list[ChargeSpec]:
    """Each offence of the case against its first suspect."""
    suspect = case.suspects.first()
    assert suspect is not None
    return [ChargeSpec(offence_id=o.pk, suspect_id=suspect.pk) for o in case.offences.all()]


def decide(prosecutor: User, case: CaseFile, **fields: Any) -> CpsDecision:
    case.refresh_from_db()
    details = {**(fields or FULL_CHARGE)}
    if details["outcome"] == DecisionOutcome.CHARGE and "charges" not in details:
        details["charges"] = every_charge(case)
    return services.decision_record(actor=prosecutor, case=case, version=case.version, **details)


def threshold(**overrides: Any) -> dict[str, Any]:
    return {
        "test": CodeTest.THRESHOLD,
        "outcome": DecisionOutcome.CHARGE,
        "threshold_conditions": {
            key: {"met": True, "reasons": f"Yes: {label}"}
            for key, label in THRESHOLD_CONDITIONS.items()
        },
        "full_test_by": timezone.localdate() + timedelta(days=28),
        **overrides,
    }


def allocated_case(personas: Personas) -> CaseFile:
    return case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)


def open_deadlines(case: CaseFile, kind: str) -> list[Deadline]:
    return list(Deadline.objects.filter(case=case, kind=kind, status=DeadlineStatus.OPEN))


def test_a_full_code_test_charge_moves_the_case_and_opens_the_complainant_deadlines(
    personas: Personas,
) -> None:
    case = allocated_case(personas)
    decision_clock = open_deadlines(case, DeadlineKind.CHARGING_DECISION)
    assert len(decision_clock) == 1

    decision = decide(personas.prosecutor, case)

    case.refresh_from_db()
    assert case.status == CaseStatus.CHARGED
    assert decision.charges.count() == case.offences.count() == 1
    decision_clock[0].refresh_from_db()
    assert decision_clock[0].status == DeadlineStatus.MET
    (tell,) = open_deadlines(case, DeadlineKind.TELL_COMPLAINANT_ENHANCED)
    complainant = case.complainants.get()
    assert tell.description == "Tell C1 of the charging decision"
    assert "Jane" not in tell.description
    assert tell.owner == personas.officer
    assert tell.source == f"victims.complainant:{complainant.pk}"
    assert tell.due_on > timezone.localdate()
    assert case.events.filter(kind="status_changed", description__contains="Charge").exists()


def test_a_complainant_without_enhanced_rights_is_told_within_5_working_days(
    personas: Personas,
) -> None:
    case = allocated_case(personas)
    case.complainants.update(enhanced_rights=False)

    decide(personas.prosecutor, case, **EVIDENTIAL_NFA)

    case.refresh_from_db()
    assert case.status == CaseStatus.CPS_NFA
    assert not open_deadlines(case, DeadlineKind.TELL_COMPLAINANT_ENHANCED)
    (tell,) = open_deadlines(case, DeadlineKind.TELL_COMPLAINANT)
    assert (tell.due_on - timezone.localdate()).days >= 5


def test_public_interest_is_weighed_only_once_the_evidence_is_there(personas: Personas) -> None:
    case = allocated_case(personas)

    decision = decide(
        personas.prosecutor,
        case,
        **EVIDENTIAL_NFA,
        public_interest_met=True,
        public_interest_reasons="Ignored",
    )

    assert decision.public_interest_met is None
    assert decision.public_interest_reasons == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({**FULL_CHARGE, "evidential_reasons": ""}, "evidential stage is met, with your reasons"),
        ({**FULL_CHARGE, "public_interest_met": None}, "public-interest stage is met"),
        ({**FULL_CHARGE, "evidential_met": False}, "only be no further action on evidential"),
        ({**FULL_CHARGE, "public_interest_met": False}, "only be no further action in the pub"),
        ({**FULL_CHARGE, "outcome": DecisionOutcome.NFA_PUBLIC_INTEREST}, "the decision is to"),
        ({**FULL_CHARGE, "charges": []}, "Name at least one charge"),
        (threshold(outcome=DecisionOutcome.NFA_EVIDENTIAL), "apply the Full Code Test to take"),
        (threshold(full_test_by=None), "Give a future date"),
        (threshold(threshold_conditions={}), "Answer each Threshold Test condition"),
    ],
)
def test_an_incomplete_or_inconsistent_decision_is_refused_and_changes_nothing(
    personas: Personas, fields: dict[str, Any], message: str
) -> None:
    case = allocated_case(personas)
    version = case.version

    with pytest.raises(DomainError, match=message):
        decide(personas.prosecutor, case, **fields)

    case.refresh_from_db()
    assert case.status == CaseStatus.WITH_CPS
    assert case.version == version
    assert not CpsDecision.objects.exists()
    assert len(open_deadlines(case, DeadlineKind.CHARGING_DECISION)) == 1


def test_a_threshold_test_needs_every_condition_met(personas: Personas) -> None:
    case = allocated_case(personas)
    conditions = threshold()["threshold_conditions"]
    conditions["bail_objection"] = {"met": False, "reasons": "Suspect abroad, no risk"}

    with pytest.raises(DomainError, match="Every Threshold Test condition must be met"):
        decide(personas.prosecutor, case, **threshold(threshold_conditions=conditions))


def test_a_threshold_charge_leaves_the_prosecutor_a_full_code_test_deadline(
    personas: Personas,
) -> None:
    case = allocated_case(personas)
    by = timezone.localdate() + timedelta(days=28)

    decision = decide(personas.prosecutor, case, **threshold(full_test_by=by))

    assert decision.full_test_deadline is not None
    (full_test,) = open_deadlines(case, FULL_CODE_TEST_DEADLINE)
    assert full_test == decision.full_test_deadline
    assert full_test.owner == personas.prosecutor
    assert full_test.due_on == by
    assert [met for _, met, _ in decision.conditions] == [True] * len(THRESHOLD_CONDITIONS)


def test_two_prosecutors_deciding_from_one_version_get_one_decision(personas: Personas) -> None:
    case = allocated_case(personas)
    version = case.version
    details = {**FULL_CHARGE, "charges": every_charge(case)}
    services.decision_record(actor=personas.prosecutor, case=case, version=version, **details)

    with pytest.raises(StaleVersion, match="has changed since you opened it"):
        services.decision_record(actor=personas.prosecutor, case=case, version=version, **details)

    assert CpsDecision.objects.filter(case=case).count() == 1


def test_only_the_allocated_prosecutor_of_the_area_decides(personas: Personas) -> None:
    case = allocated_case(personas)
    for outsider in (
        personas.other_area_prosecutor,
        personas.cps_spoc,
        personas.officer,
        personas.supervisor,
    ):
        with pytest.raises(DomainError, match="Only the prosecutor allocated the case"):
            decide(outsider, case)
    # A prosecutor who has left the Area decides nothing on its cases.
    personas.prosecutor.memberships.all().delete()
    leaver = User.objects.get(pk=personas.prosecutor.pk)  # memberships read afresh
    with pytest.raises(DomainError, match="Only the prosecutor allocated the case"):
        decide(leaver, case)
    assert not CpsDecision.objects.exists()


def test_no_decision_on_a_case_not_with_cps(personas: Personas) -> None:
    case = allocated_case(personas)
    decide(personas.prosecutor, case)

    with pytest.raises(DomainError, match="this case is charged"):
        decide(personas.prosecutor, case)


def test_charges_name_only_offences_and_suspects_of_the_case(personas: Personas) -> None:
    case = allocated_case(personas)
    other = allocated_case(personas)

    with pytest.raises(DomainError, match="offences and suspects of this case"):
        decide(personas.prosecutor, case, **FULL_CHARGE, charges=every_charge(other))


def test_a_decision_stays_when_a_later_one_is_recorded(personas: Personas) -> None:
    """A later decision is a new row: nothing edits the first."""
    case = allocated_case(personas)
    first = decide(personas.prosecutor, case, **EVIDENTIAL_NFA)
    # Reopened after a review, investigated, resubmitted, decided again.
    CaseFile.objects.filter(pk=case.pk).update(status=CaseStatus.WITH_CPS)

    second = decide(personas.prosecutor, case)

    assert list(CpsDecision.objects.filter(case=case)) == [second, first]
    first.refresh_from_db()
    assert first.outcome == DecisionOutcome.NFA_EVIDENTIAL


def test_case_set_status_refuses_a_move_the_case_life_does_not_allow(personas: Personas) -> None:
    case = allocated_case(personas)
    version = case.version

    with pytest.raises(DomainError, match="cannot become no further action \\(police\\)"):
        case_set_status(
            actor=personas.prosecutor,
            case=case,
            status=CaseStatus.POLICE_NFA,
            description="Not allowed",
        )

    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.WITH_CPS, version)
    moved = case_set_status(
        actor=personas.prosecutor, case=case, status=CaseStatus.CPS_NFA, description="NFA"
    )
    assert (moved.status, moved.version) == (CaseStatus.CPS_NFA, version + 1)
    assert case.events.filter(kind="status_changed", description="NFA").exists()


def open_bail_review(case: CaseFile, suspect: Suspect) -> Deadline:
    """The suspect's bail review, as ``cases.services.suspect_add`` opens it."""
    return deadline_open(
        case=case,
        kind=DeadlineKind.BAIL_REVIEW,
        description="Bail return or released-under-investigation review",
        due_on=timezone.localdate() + timedelta(days=20),
        owner=case.oic,
        owner_organisation=case.force,
        source=f"cases.suspect:{suspect.pk}",
    )


def test_a_charge_cancels_the_charged_suspects_bail_review(personas: Personas) -> None:
    case = allocated_case(personas)
    charged = case.suspects.get()
    Suspect.objects.filter(pk=charged.pk).update(
        state=SuspectState.BAIL, review_on=timezone.localdate() + timedelta(days=20)
    )
    other = Suspect.objects.create(
        case=case, first_names="Alex", last_name="Other", state=SuspectState.RUI
    )
    charged_review = open_bail_review(case, charged)
    other_review = open_bail_review(case, other)

    decide(personas.prosecutor, case)

    charged_review.refresh_from_db()
    assert charged_review.status == DeadlineStatus.CANCELLED
    assert charged_review.closed_reason == "the suspect was charged"
    assert case.events.filter(
        kind="deadline_cancelled",
        description="Bail return or released-under-investigation review: cancelled "
        "(the suspect was charged)",
    ).exists()
    # A suspect not charged is still on bail: their review still applies.
    other_review.refresh_from_db()
    assert other_review.status == DeadlineStatus.OPEN
