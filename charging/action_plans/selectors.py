"""Every read of action plans, built on the case's visibility: a plan on a case
the user may not see does not exist for them (404). Each plan comes with all
its items in one query, so 40 items cost what 4 do."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from charging.action_plans.models import ACTION_PLAN_OPEN, ActionPlan, ActionPlanItem
from rasso.accounts.models import Viewer


def plans_visible(user: Viewer) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.visible_to(user)


def _with_items(qs: QuerySet[ActionPlan]) -> QuerySet[ActionPlan]:
    """Plans with their items (and each item's answerer and document): one
    query for all the items, so 40 items cost what 4 do."""
    return qs.select_related("case", "drafted_by", "deadline").prefetch_related(
        Prefetch(
            "items",
            queryset=ActionPlanItem.objects.select_related("answered_by", "document").order_by(
                "number"
            ),
        )
    )


def plan_get(user: Viewer, pk: int, case_pk: int | None = None) -> ActionPlan:
    qs = _with_items(plans_visible(user)).select_related("case__force", "case__cps_area")
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    try:
        return qs.get(pk=pk)
    except ActionPlan.DoesNotExist:
        raise Http404("No such action plan") from None


def case_plans(case_pk: int) -> QuerySet[ActionPlan]:
    return _with_items(ActionPlan.objects.filter(case_id=case_pk)).order_by("-drafted_at", "-id")


def plans_list(user: Viewer) -> QuerySet[ActionPlan]:
    return _with_items(plans_visible(user)).order_by("-drafted_at", "-id")


def case_plan_in_hand(case_pk: int) -> bool:
    """Whether the case has a plan in hand (draft, issued or in progress): one at a time."""
    return ActionPlan.objects.filter(case_id=case_pk, status__in=ACTION_PLAN_OPEN).exists()
