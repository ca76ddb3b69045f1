"""Action plans, told as their story: the prosecutor drafts and issues one,
the police answer item by item, the plan completes and the file goes back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus, DocumentKind
from charging.action_plans import services
from charging.action_plans.models import (
    ACTION_PLAN_DEADLINE,
    ActionPlan,
    ActionPlanItemStatus,
    ActionPlanStatus,
)
from charging.action_plans.services import ItemAnswer
from rasso.accounts.models import User
from rasso.core.errors import DomainError
from tests.cases.factories import upload
from tests.charging.factories import case_with_prosecutor
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def in_a_fortnight() -> date:
    return timezone.localdate() + timedelta(days=14)


def items(n: int) -> list[dict[str, str]]:
    return [
        {
            "what": f"Enquiry {i}: statement from the taxi driver",
            "why": "Corroborates the timeline",
            "evidential_issue": "Consent",
        }
        for i in range(1, n + 1)
    ]


def drafted(prosecutor: User, case: CaseFile, n: int = 3) -> ActionPlan:
    return services.action_plan_draft(
        actor=prosecutor, case=case, required_by=in_a_fortnight(), items=items(n)
    )


def issued(prosecutor: User, case: CaseFile, n: int = 3) -> ActionPlan:
    return services.action_plan_issue(actor=prosecutor, plan=drafted(prosecutor, case, n))


def done(plan: ActionPlan, *, skip: int = 0) -> list[ItemAnswer]:
    return [
        ItemAnswer(item_id=item.pk, status=ActionPlanItemStatus.DONE, answer="Statement taken")
        for item in plan.items.order_by("number")[skip:]
    ]


def allocated_case(personas: Personas) -> CaseFile:
    return case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)


def test_an_issued_plan_moves_the_case_and_gives_the_oic_a_deadline(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = drafted(personas.prosecutor, case)
    services.action_plan_item_add(
        actor=personas.prosecutor, plan=plan, what="MG6C", why="Disclosure", evidential_issue="-"
    )

    plan = services.action_plan_issue(actor=personas.prosecutor, plan=plan)

    case.refresh_from_db()
    assert case.status == CaseStatus.ACTION_PLAN
    assert plan.status == ActionPlanStatus.ISSUED
    assert [i.number for i in plan.items.all()] == [1, 2, 3, 4]
    assert plan.deadline is not None
    assert plan.deadline.kind == ACTION_PLAN_DEADLINE
    assert plan.deadline.owner == personas.officer
    assert plan.deadline.due_on == plan.required_by
    # The decision clock is not met by a plan: the resubmission restarts it.
    assert Deadline.objects.filter(
        case=case, kind=DeadlineKind.CHARGING_DECISION, status=DeadlineStatus.OPEN
    ).exists()


def test_the_police_answer_item_by_item_then_resubmit(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = issued(personas.prosecutor, case)
    first, second, third = plan.items.order_by("number")
    mg11 = upload(case, personas.officer, DocumentKind.MG11)

    plan = services.action_plan_respond(
        actor=personas.officer,
        plan=plan,
        answers=[
            ItemAnswer(first.pk, ActionPlanItemStatus.DONE, "Statement taken", document_id=mg11.pk),
            ItemAnswer(second.pk, ActionPlanItemStatus.NOT_POSSIBLE, "Driver emigrated"),
        ],
    )
    assert plan.status == ActionPlanStatus.IN_PROGRESS

    plan = services.action_plan_respond(
        actor=personas.officer,
        plan=plan,
        answers=[ItemAnswer(third.pk, ActionPlanItemStatus.DONE, "Done")],
    )

    assert plan.status == ActionPlanStatus.COMPLETED
    assert plan.deadline is not None
    plan.deadline.refresh_from_db()
    assert plan.deadline.status == DeadlineStatus.MET
    first.refresh_from_db()
    assert first.document == mg11
    before = Deadline.objects.get(
        case=case, kind=DeadlineKind.CHARGING_DECISION, status=DeadlineStatus.OPEN
    )
    case = case_services.case_submit_for_charging(actor=personas.officer, case=case)
    assert case.status == CaseStatus.WITH_CPS
    before.refresh_from_db()
    assert before.status == DeadlineStatus.CANCELLED


def test_an_answer_needs_an_explanation_and_nothing_half_saves(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = issued(personas.prosecutor, case)
    first, second, _ = plan.items.order_by("number")

    with pytest.raises(DomainError, match="Item 2: explain why it is not possible"):
        services.action_plan_respond(
            actor=personas.officer,
            plan=plan,
            answers=[
                ItemAnswer(first.pk, ActionPlanItemStatus.DONE, "Done"),
                ItemAnswer(second.pk, ActionPlanItemStatus.NOT_POSSIBLE, "  "),
            ],
        )

    first.refresh_from_db()
    plan.refresh_from_db()
    assert first.status == ActionPlanItemStatus.OPEN
    assert plan.status == ActionPlanStatus.ISSUED


def test_only_officers_on_the_case_answer(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = issued(personas.prosecutor, case)
    for outsider in (personas.prosecutor, personas.supervisor, personas.colleague):
        with pytest.raises(DomainError, match="Only an officer working on the case"):
            services.action_plan_respond(actor=outsider, plan=plan, answers=done(plan))
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.ISSUED


def test_a_draft_is_not_answered_and_an_issued_plan_is_not_edited(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = drafted(personas.prosecutor, case)
    with pytest.raises(DomainError, match="draft: it cannot be answered"):
        services.action_plan_respond(actor=personas.officer, plan=plan, answers=done(plan))
    plan = services.action_plan_issue(actor=personas.prosecutor, plan=plan)
    with pytest.raises(DomainError, match="only a draft can be changed"):
        services.action_plan_item_add(
            actor=personas.prosecutor, plan=plan, what="x", why="y", evidential_issue="z"
        )
    with pytest.raises(DomainError, match="only a draft can be changed"):
        services.action_plan_issue(actor=personas.prosecutor, plan=plan)


def test_only_the_allocated_prosecutor_drafts_on_a_case_with_cps(personas: Personas) -> None:
    case = allocated_case(personas)
    for outsider in (personas.other_area_prosecutor, personas.cps_spoc, personas.officer):
        with pytest.raises(DomainError, match="Only the prosecutor allocated the case"):
            drafted(outsider, case)
    drafted(personas.prosecutor, case)
    with pytest.raises(DomainError, match="already has an action plan in hand"):
        drafted(personas.prosecutor, case)
    assert ActionPlan.objects.filter(case=case).count() == 1


def test_an_empty_plan_or_a_past_date_is_refused(personas: Personas) -> None:
    case = allocated_case(personas)
    with pytest.raises(DomainError, match="must be in the future"):
        services.action_plan_draft(
            actor=personas.prosecutor, case=case, required_by=timezone.localdate()
        )
    plan = drafted(personas.prosecutor, case, n=0)
    with pytest.raises(DomainError, match="Add at least one item"):
        services.action_plan_issue(actor=personas.prosecutor, plan=plan)
    case.refresh_from_db()
    assert case.status == CaseStatus.WITH_CPS


def test_withdrawing_an_issued_plan_cancels_its_deadline_and_returns_the_case(
    personas: Personas,
) -> None:
    case = allocated_case(personas)
    plan = issued(personas.prosecutor, case)
    with pytest.raises(DomainError, match="Only the prosecutor allocated the case"):
        services.action_plan_withdraw(actor=personas.officer, plan=plan)

    plan = services.action_plan_withdraw(actor=personas.prosecutor, plan=plan)

    assert plan.status == ActionPlanStatus.WITHDRAWN
    assert plan.deadline is not None
    plan.deadline.refresh_from_db()
    assert plan.deadline.status == DeadlineStatus.CANCELLED
    case.refresh_from_db()
    assert case.status == CaseStatus.WITH_CPS


def test_a_plan_the_police_have_begun_to_answer_is_not_withdrawn(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = issued(personas.prosecutor, case)
    services.action_plan_respond(actor=personas.officer, plan=plan, answers=done(plan, skip=1))

    with pytest.raises(DomainError, match="in progress: it cannot be withdrawn"):
        services.action_plan_withdraw(actor=personas.prosecutor, plan=plan)


def test_withdrawing_a_draft_leaves_the_case_with_cps(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = services.action_plan_withdraw(
        actor=personas.prosecutor, plan=drafted(personas.prosecutor, case)
    )
    assert plan.status == ActionPlanStatus.WITHDRAWN
    case.refresh_from_db()
    assert case.status == CaseStatus.WITH_CPS
    drafted(personas.prosecutor, case)  # a new plan may follow


def test_the_file_is_not_resubmitted_until_every_item_is_answered(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = issued(personas.prosecutor, case)
    plan = services.action_plan_respond(
        actor=personas.officer, plan=plan, answers=done(plan, skip=1)
    )
    assert plan.status == ActionPlanStatus.IN_PROGRESS
    with pytest.raises(DomainError, match="Every item of the action plan answered"):
        case_services.case_submit_for_charging(actor=personas.officer, case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTION_PLAN
    services.action_plan_respond(actor=personas.officer, plan=plan, answers=done(plan)[:1])
    case = case_services.case_submit_for_charging(actor=personas.officer, case=case)
    assert case.status == CaseStatus.WITH_CPS
