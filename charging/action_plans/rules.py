"""Who may draft, change, issue, withdraw and answer an action plan: the case's
allocated prosecutor writes it, the officers working on the case answer it."""

from __future__ import annotations

from typing import Any

from cases.models import CaseFile, CaseStatus
from charging.action_plans.models import ActionPlan, ActionPlanStatus
from charging.standing import Standing, is_deciding_prosecutor


def may_draft_plan(user: Any, case: CaseFile) -> bool:
    return case.status == CaseStatus.WITH_CPS and is_deciding_prosecutor(user, case)


def may_edit_plan(user: Any, plan: ActionPlan, case: CaseFile) -> bool:
    """Add and change items, and issue: the prosecutor, while it is a draft."""
    return plan.status == ActionPlanStatus.DRAFT and is_deciding_prosecutor(user, case)


def may_withdraw_plan(user: Any, plan: ActionPlan, case: CaseFile) -> bool:
    return plan.status in (
        ActionPlanStatus.DRAFT,
        ActionPlanStatus.ISSUED,
    ) and is_deciding_prosecutor(user, case)


def may_answer_plan(st: Standing, plan: ActionPlan) -> bool:
    return st.works_on_case and plan.status in (
        ActionPlanStatus.ISSUED,
        ActionPlanStatus.IN_PROGRESS,
    )
