"""The work lists behind the "your work" page: what each role has to do next,
soonest due first, so overdue work comes first.

Every list is built on the visibility of its objects (``visible_to``), so an
outsider's list is empty, and is one query a page (with ``select_related``):
50 items cost what 5 do.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus
from charging.action_plans.models import ActionPlan, ActionPlanItemStatus, ActionPlanStatus
from charging.action_plans.selectors import plans_visible
from charging.decisions.models import CpsDecision
from charging.early_advice.models import EarlyAdviceRequest, EarlyAdviceStatus
from charging.early_advice.selectors import advice_requests_visible
from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus
from charging.police_nfa.selectors import proposals_visible
from charging.queries.models import QUERY_UNANSWERED, FileQualityQuery, QueryStatus
from charging.queries.selectors import queries_visible
from rasso.accounts.models import Role, User
from rasso.accounts.selectors import memberships_of

_QUERY_RELATED = ("case", "case__force", "raised_by", "deadline", "deadline__owner", "document")
_PLAN_RELATED = ("case", "case__force", "case__oic", "drafted_by")
PLANS_DUE = (ActionPlanStatus.ISSUED, ActionPlanStatus.IN_PROGRESS)


def _forces_overseen(user: User) -> list[int]:
    """The forces in which the user is a police SPOC or supervisor."""
    return [
        m.organisation_id
        for m in memberships_of(user)
        if m.role in (Role.POLICE_SPOC, Role.POLICE_SUPERVISOR)
    ]


# -- the prosecutor ----------------------------------------------------------------------


def decisions_due(user: User) -> QuerySet[CaseFile]:
    """Cases with CPS allocated to the user for a charging decision, by the
    due date of their open charging-decision deadline (overdue first; a case
    with none comes last). ``decision_due`` is annotated on each case."""
    due = Deadline.objects.filter(
        case_id=OuterRef("pk"),
        kind=DeadlineKind.CHARGING_DECISION,
        status=DeadlineStatus.OPEN,
    ).order_by("due_on")
    return (
        CaseFile.objects.visible_to(user)
        .filter(status=CaseStatus.WITH_CPS, prosecutor=user)
        .annotate(decision_due=Subquery(due.values("due_on")[:1]))
        .select_related("force", "cps_area", "oic")
        .order_by(F("decision_due").asc(nulls_last=True), "id")
    )


def plan_responses(user: User) -> QuerySet[ActionPlan]:
    """Action-plan responses received: plans on cases allocated to the user
    that the police have started answering (in progress) or answered in full
    (completed), on which no charging decision has been recorded since the
    plan was issued — the prosecutor is waiting on the resubmission, or has it
    and owes the decision. By the plan's required-by date, overdue first.
    ``answered`` and ``item_count`` are annotated on each plan."""
    decided_since = CpsDecision.objects.filter(
        case_id=OuterRef("case_id"), decided_at__gte=OuterRef("issued_at")
    )
    return (
        plans_visible(user)
        .filter(
            case__prosecutor=user,
            status__in=(ActionPlanStatus.IN_PROGRESS, ActionPlanStatus.COMPLETED),
        )
        .exclude(Exists(decided_since))
        .annotate(
            item_count=Count("items"),
            answered=Count("items", filter=~Q(items__status=ActionPlanItemStatus.OPEN)),
        )
        .select_related(*_PLAN_RELATED)
        .order_by("required_by", "id")
    )


def queries_raised(user: User) -> QuerySet[FileQualityQuery]:
    """The unanswered file-quality queries the user raised, soonest due first."""
    return (
        queries_visible(user)
        .filter(raised_by=user, status__in=QUERY_UNANSWERED)
        .select_related(*_QUERY_RELATED)
        .order_by("deadline__due_on", "id")
    )


# -- the police ----------------------------------------------------------------------------


def plans_due(user: User) -> QuerySet[ActionPlan]:
    """Issued action plans still to answer: on the cases where the user is
    the OIC, and on every case of a force where they are SPOC or supervisor.
    By required-by date, overdue first. ``answered`` and ``item_count`` are
    annotated on each plan."""
    whose = Q(case__oic=user)
    forces = _forces_overseen(user)
    if forces:
        whose |= Q(case__force_id__in=forces)
    return (
        plans_visible(user)
        .filter(whose, status__in=PLANS_DUE)
        .annotate(
            item_count=Count("items"),
            answered=Count("items", filter=~Q(items__status=ActionPlanItemStatus.OPEN)),
        )
        .select_related(*_PLAN_RELATED)
        .order_by("required_by", "id")
    )


def nfa_to_approve(user: User) -> QuerySet[PoliceNfaProposal]:
    """Police NFA proposals awaiting a supervisor in the forces the user
    oversees, oldest first (a proposal has no deadline of its own)."""
    return (
        proposals_visible(user)
        .filter(status=PoliceNfaStatus.PROPOSED, case__force_id__in=_forces_overseen(user))
        .select_related("case", "case__force", "proposed_by")
        .order_by("proposed_at", "id")
    )


def advice_received(user: User) -> QuerySet[EarlyAdviceRequest]:
    """Early advice given on the user's requests or cases, not yet
    acknowledged, oldest advice first."""
    return (
        advice_requests_visible(user)
        .filter(Q(requested_by=user) | Q(case__oic=user), status=EarlyAdviceStatus.ADVISED)
        .select_related("case", "case__force", "advice", "advice__given_by")
        .order_by("advice__given_at", "id")
    )


def queries_passed_to(user: User) -> QuerySet[FileQualityQuery]:
    """File-quality queries the force's SPOC passed to the user to answer,
    soonest due first."""
    return (
        queries_visible(user)
        .filter(status=QueryStatus.WITH_OIC, deadline__owner=user)
        .select_related(*_QUERY_RELATED)
        .order_by("deadline__due_on", "id")
    )
