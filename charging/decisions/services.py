"""Every charging decision: recorded in one transaction with the case row
locked, naming the version of the case decided on (a stale version is
refused), moving the case, meeting the charging-decision deadline and opening
the "tell the complainant" ones; and the Full Code Test applied later to a
charge on the Threshold Test.

Refusals are ``rasso.core.errors.DomainError`` (``StaleVersion`` for a stale
version) with a clear message; nothing is recorded then."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.deadlines import DeadlineKind
from cases.models import (
    CaseFile,
    CaseOffence,
    CaseStatus,
    Deadline,
    DeadlineStatus,
    Suspect,
)
from cases.services import (
    KeyEvent,
    bail_reviews_cancel,
    case_event_record,
    case_set_status,
    deadline_meet,
    deadline_open,
)
from charging.casework import case_locked, refuse, tell_complainants
from charging.decisions import rules
from charging.decisions.models import (
    FULL_CODE_TEST_DEADLINE,
    THRESHOLD_CONDITIONS,
    Charge,
    CodeTest,
    CpsDecision,
    DecisionOutcome,
)
from charging.standing import standing
from rasso.accounts.models import (
    User,
)
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, StaleVersion


def _meet_charging_deadline(case: CaseFile, actor: User) -> None:
    for deadline in Deadline.objects.filter(
        case=case, kind=DeadlineKind.CHARGING_DECISION, status=DeadlineStatus.OPEN
    ):
        deadline_meet(deadline=deadline, actor=actor)


def _refuse(reason: str | None) -> None:
    """A rule's refusal; a stale version is a conflict of its own (409 in the API)."""
    if reason == rules.STALE_VERSION:
        raise StaleVersion(reason)
    refuse(reason)


@dataclass(frozen=True)
class ChargeSpec:
    """One charge asked for, by id: an offence of the case against a suspect
    of it. The browser form and the API both give the decision's charges in
    this shape; ``decision_record`` alone checks them."""

    offence_id: int
    suspect_id: int


def _check_full_code_test(
    evidential_met: bool | None,
    evidential_reasons: str,
    public_interest_met: bool | None,
    public_interest_reasons: str,
    outcome: str,
) -> None:
    if evidential_met is None or not evidential_reasons:
        raise DomainError("Say whether the evidential stage is met, with your reasons")
    if not evidential_met:
        if outcome != DecisionOutcome.NFA_EVIDENTIAL:
            raise DomainError(
                "The evidential stage is not met: the decision can only be no further "
                "action on evidential grounds"
            )
        return
    if public_interest_met is None or not public_interest_reasons:
        raise DomainError("Say whether the public-interest stage is met, with your reasons")
    expected = (
        DecisionOutcome.CHARGE if public_interest_met else DecisionOutcome.NFA_PUBLIC_INTEREST
    )
    if outcome != expected:
        raise DomainError(
            "Both stages are met: the decision is to charge"
            if public_interest_met
            else "The public-interest stage is not met: the decision can only be no further "
            "action in the public interest"
        )


def _check_threshold_test(
    conditions: dict[str, dict[str, Any]], full_test_by: date | None, outcome: str
) -> dict[str, dict[str, Any]]:
    answered: dict[str, dict[str, Any]] = {}
    unknown = set(conditions) - set(THRESHOLD_CONDITIONS)
    if unknown:
        raise DomainError(f"Unknown Threshold Test conditions: {', '.join(sorted(unknown))}")
    missing = []
    for key, label in THRESHOLD_CONDITIONS.items():
        answer = conditions.get(key) or {}
        met = answer.get("met")
        reasons = str(answer.get("reasons") or "").strip()
        if not isinstance(met, bool) or not reasons:
            missing.append(label.lower())
            continue
        answered[key] = {"met": met, "reasons": reasons}
    if missing:
        raise DomainError(
            "Answer each Threshold Test condition, with your reasons. Missing: "
            + "; ".join(missing)
        )
    if outcome != DecisionOutcome.CHARGE:
        raise DomainError(
            "The Threshold Test is for a decision to charge: apply the Full Code Test "
            "to take no further action"
        )
    if not all(answer["met"] for answer in answered.values()):
        raise DomainError(
            "Every Threshold Test condition must be met to charge on it: apply the Full "
            "Code Test instead"
        )
    if full_test_by is None or full_test_by <= timezone.localdate():
        raise DomainError("Give a future date by which the Full Code Test must be applied")
    return answered


def _charges_refused(message: str) -> DomainError:
    # Against the charges field: the form shows it there, the API beside
    # ``detail`` as ``charges``.
    return DomainError(message, problems={"charges": message})


@transaction.atomic
def decision_record(
    *,
    actor: User,
    case: CaseFile,
    version: int,
    test: str,
    outcome: str,
    evidential_met: bool | None = None,
    evidential_reasons: str = "",
    public_interest_met: bool | None = None,
    public_interest_reasons: str = "",
    threshold_conditions: dict[str, dict[str, Any]] | None = None,
    full_test_by: date | None = None,
    charges: Sequence[ChargeSpec] = (),
) -> CpsDecision:
    """The case's allocated prosecutor records a charging decision on a case
    with CPS, naming the version of the case they decided on: a stale version
    is refused, so two prosecutors deciding from one version get one decision.

    A charge moves the case to ``charged``, a no-further-action to ``cps_nfa``;
    either meets the charging-decision deadline and opens a "tell the
    complainant" deadline for each complainant. A charge cancels the charged
    suspects' bail-review deadlines, which no longer apply. A Threshold Test
    charge also opens the prosecutor's deadline to apply the Full Code Test. The case's
    ``charged_on`` is left to the police, who record the date the suspect is
    charged (the decision's own date is ``decided_at``)."""
    case = case_locked(case)
    _refuse(rules.decision_refusal(standing(actor, case), case, version))
    if test not in CodeTest.values:
        raise DomainError("Choose the test applied")
    if outcome not in DecisionOutcome.values:
        raise DomainError("Choose the outcome")
    evidential_reasons = evidential_reasons.strip()
    public_interest_reasons = public_interest_reasons.strip()
    conditions: dict[str, dict[str, Any]] = {}
    if test == CodeTest.FULL:
        _check_full_code_test(
            evidential_met,
            evidential_reasons,
            public_interest_met,
            public_interest_reasons,
            outcome,
        )
        if not evidential_met:
            # Public interest is considered only once the evidence is there.
            public_interest_met, public_interest_reasons = None, ""
        full_test_by = None
    else:
        conditions = _check_threshold_test(threshold_conditions or {}, full_test_by, outcome)
        evidential_met, evidential_reasons = None, ""
        public_interest_met, public_interest_reasons = None, ""
    if outcome == DecisionOutcome.CHARGE:
        if not charges:
            raise _charges_refused(
                "Name at least one charge: an offence of the case against a suspect"
            )
        pairs = {(c.offence_id, c.suspect_id) for c in charges}
        if len(pairs) != len(charges):
            raise _charges_refused("Each charge must be a different offence or suspect")
        offences = set(
            CaseOffence.objects.filter(
                case=case, pk__in={c.offence_id for c in charges}
            ).values_list("pk", flat=True)
        )
        suspects = set(
            Suspect.objects.filter(case=case, pk__in={c.suspect_id for c in charges}).values_list(
                "pk", flat=True
            )
        )
        if any(c.offence_id not in offences or c.suspect_id not in suspects for c in charges):
            raise _charges_refused("Charge only offences and suspects of this case")
    elif charges:
        raise _charges_refused("No further action has no charges")
    try:
        with transaction.atomic():
            decision = CpsDecision.objects.create(
                case=case,
                case_version=case.version,
                decided_by=actor,
                test=test,
                outcome=outcome,
                evidential_met=evidential_met,
                evidential_reasons=evidential_reasons,
                public_interest_met=public_interest_met,
                public_interest_reasons=public_interest_reasons,
                threshold_conditions=conditions,
                full_test_by=full_test_by,
            )
    except IntegrityError:
        # The lock above makes this unreachable; the constraint is the last word.
        raise StaleVersion("A decision has already been recorded on this version") from None
    Charge.objects.bulk_create(
        Charge(decision=decision, offence_id=c.offence_id, suspect_id=c.suspect_id) for c in charges
    )
    label = DecisionOutcome(outcome).label
    new_status = CaseStatus.CHARGED if outcome == DecisionOutcome.CHARGE else CaseStatus.CPS_NFA
    case = case_set_status(
        actor=actor,
        case=case,
        status=new_status,
        description=f"Charging decision ({CodeTest(test).label}): {label}",
    )
    _meet_charging_deadline(case, actor)
    # Charged, a suspect is remanded or bailed to court: their pre-charge bail
    # or release-under-investigation review no longer applies.
    bail_reviews_cancel(
        case=case,
        suspect_ids={c.suspect_id for c in charges},
        reason="the suspect was charged",
        actor=actor,
    )
    if test == CodeTest.THRESHOLD and full_test_by is not None:
        decision.full_test_deadline = deadline_open(
            case=case,
            kind=FULL_CODE_TEST_DEADLINE,
            description="Apply the Full Code Test (charged on the Threshold Test)",
            due_on=full_test_by,
            owner=actor,
            owner_organisation=case.cps_area,
            source=f"charging.cpsdecision:{decision.pk}",
            actor=actor,
        )
        decision.save(update_fields=["full_test_deadline"])
    tell_complainants(case, actor, KeyEvent.CHARGE)
    audit_record(
        actor=actor,
        action="charging.decision_recorded",
        obj=decision,
        detail={"case": case.pk, "test": test, "outcome": outcome, "charges": len(charges)},
    )
    return decision


def _full_test_outcome(evidential_met: bool | None, public_interest_met: bool | None) -> str:
    """What the Full Code Test's two stages decide: only both met keep a charge."""
    if not evidential_met:
        return DecisionOutcome.NFA_EVIDENTIAL
    if not public_interest_met:
        return DecisionOutcome.NFA_PUBLIC_INTEREST
    return DecisionOutcome.CHARGE


@transaction.atomic
def full_code_test_record(
    *,
    actor: User,
    decision: CpsDecision,
    version: int,
    evidential_met: bool | None,
    evidential_reasons: str = "",
    public_interest_met: bool | None = None,
    public_interest_reasons: str = "",
) -> CpsDecision:
    """The case's allocated prosecutor applies the Full Code Test to a case
    charged on the Threshold Test, naming the version of the case they
    decided on (a stale version is refused, as for any decision).

    The threshold decision is never edited: the full test is a new decision
    that names it (``applies_full_test_to``), once. Both stages met: the case
    stays charged and the new decision repeats the charges, so the latest
    decision on a case always says on its own what stands. A stage not met:
    the decision is no further action, the charges are discontinued and the
    case becomes CPS NFA. Either way the prosecutor's full-test deadline is
    met and each complainant is to be told."""
    case = case_locked(CaseFile(pk=decision.case_id))
    threshold = CpsDecision.objects.select_related("full_test_deadline", "full_code_test").get(
        pk=decision.pk
    )
    _refuse(rules.full_test_refusal(standing(actor, case), threshold, case, version))
    evidential_reasons = evidential_reasons.strip()
    public_interest_reasons = public_interest_reasons.strip()
    outcome = _full_test_outcome(evidential_met, public_interest_met)
    _check_full_code_test(
        evidential_met, evidential_reasons, public_interest_met, public_interest_reasons, outcome
    )
    if not evidential_met:
        public_interest_met, public_interest_reasons = None, ""
    try:
        with transaction.atomic():
            applied = CpsDecision.objects.create(
                case=case,
                case_version=case.version,
                decided_by=actor,
                test=CodeTest.FULL,
                outcome=outcome,
                evidential_met=evidential_met,
                evidential_reasons=evidential_reasons,
                public_interest_met=public_interest_met,
                public_interest_reasons=public_interest_reasons,
                applies_full_test_to=threshold,
            )
    except IntegrityError:
        # The case lock makes this unreachable; the constraints are the last word.
        raise DomainError("The Full Code Test has already been applied to this charge") from None
    label = DecisionOutcome(outcome).label
    if outcome == DecisionOutcome.CHARGE:
        charges = list(threshold.charges.all())
        Charge.objects.bulk_create(
            Charge(decision=applied, offence_id=c.offence_id, suspect_id=c.suspect_id)
            for c in charges
        )
        case_event_record(
            case=case,
            actor=actor,
            kind="full_code_test_applied",
            description="Full Code Test applied after the Threshold Test: both stages met, "
            "the charges stand",
        )
    else:
        charges = []
        case = case_set_status(
            actor=actor,
            case=case,
            status=CaseStatus.CPS_NFA,
            description=f"Full Code Test applied after the Threshold Test: {label}. "
            "The charges are discontinued",
        )
    if threshold.full_test_deadline is not None:
        deadline_meet(deadline=threshold.full_test_deadline, actor=actor)
    tell_complainants(case, actor, KeyEvent.FULL_CODE_TEST)
    audit_record(
        actor=actor,
        action="charging.full_code_test_recorded",
        obj=applied,
        detail={
            "case": case.pk,
            "threshold_decision": threshold.pk,
            "outcome": outcome,
            "charges": len(charges),
        },
    )
    return applied
