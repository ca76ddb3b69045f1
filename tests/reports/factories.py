"""Hand-built rows for the metrics tests, with the dates the stories need.

The services stamp "now" on what they create; these tests need rows in
particular periods (either side of midnight on 31 March, in two halves), so
they write rows directly and then set their timestamps. Only the reports'
tests do this: they test the aggregates, not the services.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus
from charging.action_plans.models import ActionPlan, ActionPlanStatus
from charging.clinics.models import Clinic, ClinicAgendaItem, ClinicStatus
from charging.decisions.models import CodeTest, CpsDecision
from charging.early_advice.models import EarlyAdvice, EarlyAdviceRequest, EarlyAdviceStatus
from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus
from charging.queries.models import FileQualityQuery, QueryCategory, QueryStatus
from rasso.accounts.models import Organisation, User
from victims.models import Complainant, Review, SupportWithdrawal

LONDON = ZoneInfo("Europe/London")
_numbers = itertools.count(1)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment on ``day`` in UK time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def make_case(
    oic: User,
    force: str = "Kent",
    *,
    created: datetime | None = None,
    reported_on: date | None = None,
    charged_on: date | None = None,
    area: str | None = None,
) -> CaseFile:
    force_org = Organisation.objects.get(name=force)
    cps_area = (
        Organisation.objects.get(name=area) if area else force_org.cps_areas.order_by("name")[0]
    )
    case = CaseFile.objects.create(
        urn=f"{force_org.code}RP{next(_numbers):05d}26",
        force=force_org,
        cps_area=cps_area,
        oic=oic,
        status=CaseStatus.INVESTIGATION,
        reported_on=reported_on,
        charged_on=charged_on,
    )
    if created:
        CaseFile.objects.filter(pk=case.pk).update(created_at=created)
    return case


def submission(case: CaseFile, when: datetime) -> Deadline:
    deadline = Deadline.objects.create(
        case=case,
        kind=DeadlineKind.CHARGING_DECISION,
        description="Charging decision",
        due_on=when.date() + timedelta(days=28),
    )
    Deadline.objects.filter(pk=deadline.pk).update(opened_at=when)
    return deadline


def decision(
    case: CaseFile,
    prosecutor: User,
    when: datetime,
    outcome: str = "charge",
    *,
    test: str = CodeTest.FULL,
    applies_to: CpsDecision | None = None,
) -> CpsDecision:
    made = CpsDecision.objects.create(
        case=case,
        case_version=next(_numbers),
        decided_by=prosecutor,
        test=test,
        outcome=outcome,
        applies_full_test_to=applies_to,
    )
    CpsDecision.objects.filter(pk=made.pk).update(decided_at=when)
    return made


def advice(
    case: CaseFile, officer: User, prosecutor: User, asked: datetime, given: datetime | None
) -> EarlyAdviceRequest:
    request = EarlyAdviceRequest.objects.create(
        case=case,
        requested_by=officer,
        lines_of_enquiry="What next?",
        status=EarlyAdviceStatus.ADVISED if given else EarlyAdviceStatus.REQUESTED,
    )
    EarlyAdviceRequest.objects.filter(pk=request.pk).update(requested_at=asked)
    if given:
        made = EarlyAdvice.objects.create(
            request=request,
            given_by=prosecutor,
            investigation_strategy="a",
            reasonable_lines_of_enquiry="b",
            evidential_requirements="c",
            disclosure_decisions="d",
            third_party_material_decisions="e",
        )
        EarlyAdvice.objects.filter(pk=made.pk).update(given_at=given)
    return request


def police_nfa(case: CaseFile, officer: User, when: datetime, code: str) -> PoliceNfaProposal:
    proposal = PoliceNfaProposal.objects.create(
        case=case,
        outcome_code=code,
        rationale="Rationale",
        status=PoliceNfaStatus.APPROVED,
        proposed_by=officer,
        decided_by=officer,
    )
    PoliceNfaProposal.objects.filter(pk=proposal.pk).update(decided_at=when)
    return proposal


def action_plan(
    case: CaseFile, prosecutor: User, issued: datetime, completed: datetime | None = None
) -> ActionPlan:
    plan = ActionPlan.objects.create(
        case=case,
        drafted_by=prosecutor,
        required_by=issued.date() + timedelta(days=28),
        status=ActionPlanStatus.COMPLETED if completed else ActionPlanStatus.ISSUED,
    )
    ActionPlan.objects.filter(pk=plan.pk).update(issued_at=issued, completed_at=completed)
    return plan


def query(
    case: CaseFile, prosecutor: User, raised: datetime, resolved: datetime | None = None
) -> FileQualityQuery:
    made = FileQualityQuery.objects.create(
        case=case,
        category=QueryCategory.OTHER,
        description="Missing page",
        raised_by=prosecutor,
        status=QueryStatus.RESOLVED if resolved else QueryStatus.OPEN,
    )
    FileQualityQuery.objects.filter(pk=made.pk).update(raised_at=raised, resolved_at=resolved)
    return made


def clinic(area: str, held_on: date, user: User, items: list[tuple[CaseFile, str]]) -> Clinic:
    made = Clinic.objects.create(
        cps_area=Organisation.objects.get(name=area),
        held_on=held_on,
        status=ClinicStatus.HELD,
        scheduled_by=user,
    )
    for case, outcome in items:
        ClinicAgendaItem.objects.create(
            clinic=made, case=case, question="Strategy?", added_by=user, outcome=outcome
        )
    return made


def tell(
    case: CaseFile, due_on: date, status: str = DeadlineStatus.MET, closed: datetime | None = None
) -> Deadline:
    deadline = Deadline.objects.create(
        case=case,
        kind=DeadlineKind.TELL_COMPLAINANT_ENHANCED,
        description="Tell the complainant",
        due_on=due_on,
        status=status,
        closed_at=closed,
    )
    return deadline


def complainant(case: CaseFile, **fields: Any) -> Complainant:
    count = Complainant.objects.filter(case=case).count()
    return Complainant.objects.create(
        case=case,
        pseudonym=f"C{count + 1}",
        first_names=fields.pop("first_names", "Alex"),
        last_name=fields.pop("last_name", "Person"),
        **fields,
    )


def withdrawal(who: Complainant, user: User, on: date) -> SupportWithdrawal:
    return SupportWithdrawal.objects.create(
        case=who.case,
        complainant=who,
        withdrawn_on=on,
        reason="process",
        support_offered=True,
        reinstated_on=on,  # reinstated, so a complainant may withdraw again
        recorded_by=user,
    )


def review(
    who: Complainant,
    user: User,
    requested_on: date,
    outcome: str = "",
    completed_on: date | None = None,
) -> Review:
    return Review.objects.create(
        case=who.case,
        complainant=who,
        scheme="cps",
        told_on=requested_on - timedelta(days=2),
        requested_on=requested_on,
        in_time=True,
        status="completed" if completed_on else "requested",
        outcome=outcome,
        completed_on=completed_on,
        requested_by=user,
        completed_by=user if completed_on else None,
    )
