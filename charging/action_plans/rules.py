"""Who may draft, change, issue, withdraw and answer an action plan: the case's
allocated prosecutor writes it, the officers working on the case answer it.

Each rule returns why the user may not (the sentence the service raises), or
None when they may: the services raise it, and the pages offer a button only
when its rule returns None.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from cases.models import CaseFile, CaseStatus
from charging.action_plans.models import ActionPlan, ActionPlanStatus
from charging.standing import Standing, status_of

# The plans the police answer.
PLANS_TO_ANSWER = (ActionPlanStatus.ISSUED, ActionPlanStatus.IN_PROGRESS)


def plan_draft_refusal(
    st: Standing, case: CaseFile, *, plan_in_hand: Callable[[], bool]
) -> str | None:
    """The allocated prosecutor, on a case with CPS that has no plan in hand
    (a draft, issued or in-progress plan: one at a time). ``plan_in_hand`` is
    asked only of the prosecutor who might draft, so a page read by anyone
    else costs no query for it."""
    if not st.deciding_prosecutor:
        return "Only the prosecutor allocated the case can draft an action plan"
    if case.status != CaseStatus.WITH_CPS:
        return f"An action plan is for a case with CPS; this case is {status_of(case)}"
    if plan_in_hand():
        return "This case already has an action plan in hand"
    return None


def plan_edit_refusal(st: Standing, plan: ActionPlan) -> str | None:
    """Add and change items: the prosecutor, while it is a draft."""
    if not st.deciding_prosecutor:
        return "Only the prosecutor allocated the case can change its action plan"
    if plan.status != ActionPlanStatus.DRAFT:
        return f"This action plan is {status_of(plan)}: only a draft can be changed"
    return None


def plan_issue_refusal(st: Standing, plan: ActionPlan, *, items: int) -> str | None:
    """A draft with at least one item (``items``) and a required-by date still
    to come."""
    if reason := plan_edit_refusal(st, plan):
        return reason
    if not items:
        return "Add at least one item before issuing the plan"
    if plan.required_by <= timezone.localdate():
        return "The required-by date has passed: draft a new plan with a future date"
    return None


def plan_withdraw_refusal(st: Standing, plan: ActionPlan) -> str | None:
    """The prosecutor, before the police have begun to answer it."""
    if not st.deciding_prosecutor:
        return "Only the prosecutor allocated the case can withdraw its action plan"
    if not plan.can_move_to(ActionPlanStatus.WITHDRAWN):
        return f"This action plan is {status_of(plan)}: it cannot be withdrawn"
    return None


def plan_answer_refusal(st: Standing, plan: ActionPlan) -> str | None:
    if not st.works_on_case:
        return "Only an officer working on the case can answer its action plan"
    if plan.status not in PLANS_TO_ANSWER:
        return f"This action plan is {status_of(plan)}: it cannot be answered"
    return None
