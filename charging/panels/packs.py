"""The facts of a review pack, built from the case: what a panel needs to
judge the decision and nothing that could say who anyone is.

Dates become days from the report ("day 0"); people are roles and
pseudonyms (the complainant C1, the suspect S1); ages are bands; the only
place named is the force; the URN never appears. Free text (reasons,
rationales, questions) is not here: it enters a pack only through the
preparer's redaction step.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from cases.models import CaseFile, Deadline, DeadlineStatus
from charging.decisions.models import CpsDecision, DecisionOutcome
from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus

# Age bands as the Office for National Statistics groups victims of crime.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (16, "under 16"),
    (18, "16 to 17"),
    (25, "18 to 24"),
    (35, "25 to 34"),
    (45, "35 to 44"),
    (55, "45 to 54"),
    (65, "55 to 64"),
)


def age_band(born: date | None, on: date) -> str:
    """The band of someone's age on a day ("25 to 34"), or "not recorded"."""
    if born is None:
        return "not recorded"
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for upper, label in AGE_BANDS:
        if age < upper:
            return label
    return "65 and over"


def _day(when: date | datetime | None, day_zero: date) -> int | None:
    if when is None:
        return None
    if isinstance(when, datetime):
        when = timezone.localtime(when).date()
    return (when - day_zero).days


def _timeline(
    steps: list[tuple[str, date | datetime | None]], day_zero: date
) -> list[dict[str, Any]]:
    """The steps that happened, in order of their day."""
    rows = [
        {"step": label, "day": day}
        for label, when in steps
        if (day := _day(when, day_zero)) is not None
    ]
    return sorted(rows, key=lambda row: row["day"])


def _told(deadline: Deadline | None, today: date) -> str:
    """Whether the complainant was told of the decision in time, from the
    last "tell the complainant" deadline the case opened for them."""
    if deadline is None or deadline.status == DeadlineStatus.CANCELLED:
        return "not recorded"
    if deadline.status == DeadlineStatus.MET and deadline.closed_at is not None:
        closed = timezone.localtime(deadline.closed_at).date()
        return "on time" if closed <= deadline.due_on else "late"
    if deadline.status == DeadlineStatus.OPEN and deadline.due_on >= today:
        return "not yet due"
    return "late"


def _complainants(case: CaseFile, on: date) -> list[dict[str, str]]:
    """Each complainant by pseudonym, with an age band and whether they were
    told of the decision in time. Two queries."""
    # The complainants' records live in victims: read here for the pack only.
    from victims.deadlines import TELL_KINDS, complainant_source

    tells: dict[str, Deadline] = {}
    for deadline in Deadline.objects.filter(case=case, kind__in=TELL_KINDS).order_by(
        "opened_at", "id"
    ):
        tells[deadline.source] = deadline  # the latest of each complainant's
    today = timezone.localdate()
    return [
        {
            "pseudonym": complainant.pseudonym,
            "age": age_band(complainant.date_of_birth, on),
            "told": _told(tells.get(complainant_source(complainant)), today),
        }
        for complainant in case.complainants.order_by("id")
    ]


def _third_party(case: CaseFile) -> dict[str, Any]:
    """Requests for third-party material (by kind of holder) and device
    extractions (and how many had the user's agreement): counts only. Two
    queries."""
    # Disclosure's records, read here for the pack's counts only.
    from disclosure.devices.models import DeviceExtraction
    from disclosure.requests.models import HolderKind, RequestStatus, VictimInformationRequest

    kinds = dict(HolderKind.choices)
    by_holder: dict[str, int] = {}
    for kind in (
        VictimInformationRequest.objects.filter(case=case)
        .exclude(status=RequestStatus.WITHDRAWN)
        .order_by("holder_kind")
        .values_list("holder_kind", flat=True)
    ):
        by_holder[kinds.get(kind, kind)] = by_holder.get(kinds.get(kind, kind), 0) + 1
    agreed = list(DeviceExtraction.objects.filter(case=case).values_list("agreed_on", flat=True))
    return {
        "requests": sum(by_holder.values()),
        "by_holder": by_holder,
        "devices": len(agreed),
        "devices_agreed": sum(1 for on in agreed if on is not None),
    }


def pack_facts(case: CaseFile) -> dict[str, Any]:
    """Every fact of the pack that is not free text. A fixed number of
    queries, however much the case holds."""
    case = CaseFile.objects.select_related("force").get(pk=case.pk)
    day_zero = case.reported_on or timezone.localtime(case.created_at).date()
    decision_on = timezone.localdate()
    steps: list[tuple[str, date | datetime | None]] = [
        ("Reported to the police", day_zero),
        ("First account", case.first_account_on),
        ("Suspect arrested", case.arrested_on),
        ("Suspect interviewed", case.interviewed_on),
        ("File referred to the CPS", case.referred_at),
    ]
    advice = list(case.early_advice.select_related("advice").order_by("requested_at", "id"))
    for number, request in enumerate(advice, start=1):
        steps.append((f"Early advice {number} requested", request.requested_at))
        given = getattr(request, "advice", None)
        if given is not None:
            steps.append((f"Early advice {number} given", given.given_at))
    queries = list(case.quality_queries.order_by("raised_at", "id"))
    for number, query in enumerate(queries, start=1):
        steps.append((f"File-quality query {number} raised", query.raised_at))
        steps.append((f"File-quality query {number} resolved", query.resolved_at))
    plans = list(case.action_plans.prefetch_related("items").order_by("drafted_at", "id"))
    for number, plan in enumerate(plans, start=1):
        steps.append((f"Action plan {number} issued", plan.issued_at))
        steps.append((f"Action plan {number} completed", plan.completed_at))
    decisions = list(CpsDecision.objects.filter(case=case).order_by("decided_at", "id"))
    police = list(
        PoliceNfaProposal.objects.filter(case=case, status=PoliceNfaStatus.APPROVED).order_by(
            "decided_at", "id"
        )
    )
    decision: dict[str, Any] = {}
    if decisions:
        last = decisions[-1]
        decision_on = timezone.localtime(last.decided_at).date()
        steps.append(("CPS decision", last.decided_at))
        decision = {
            "by": "the prosecutor",
            "test": last.get_test_display(),
            "outcome": last.get_outcome_display(),
            "no_further_action": last.outcome != DecisionOutcome.CHARGE,
        }
    if police:
        last_police = police[-1]
        if last_police.decided_at is not None:
            decision_on = timezone.localtime(last_police.decided_at).date()
        steps.append(("Police decision to take no further action", last_police.decided_at))
        decision = {
            "by": "the police",
            "outcome": "No further action",
            "outcome_code": last_police.get_outcome_code_display(),
            "no_further_action": True,
        }
    suspects = list(case.suspects.order_by("id"))
    return {
        "force": case.force.name,
        "offences": [offence.offence.title for offence in case.offences.select_related("offence")],
        "complainants": _complainants(case, decision_on),
        "suspects": [
            {"pseudonym": f"S{number}", "age": age_band(suspect.date_of_birth, decision_on)}
            for number, suspect in enumerate(suspects, start=1)
        ],
        "timeline": _timeline(steps, day_zero),
        "early_advice": {
            "sought": bool(advice),
            "first_day": _day(advice[0].requested_at, day_zero) if advice else None,
        },
        "queries": {
            "count": len(queries),
            "response_days": [
                (query.resolved_at - query.raised_at).days
                for query in queries
                if query.resolved_at is not None
            ],
        },
        "action_plans": [
            {
                "items": len(plan.items.all()),
                "response_days": (plan.completed_at - plan.issued_at).days
                if plan.issued_at and plan.completed_at
                else None,
            }
            for plan in plans
        ],
        "third_party": _third_party(case),
        "decision": decision,
    }
