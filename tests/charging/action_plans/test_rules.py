"""Action plans: what the action-plans tab offers each persona is exactly
what the services accept, for plans drafted (with and without items), issued,
being answered, answered in full and withdrawn, and for drafting another."""

from __future__ import annotations

import pytest

from cases.models import CaseFile
from charging.action_plans import services
from charging.action_plans.models import ActionPlan, ActionPlanItemStatus
from charging.action_plans.services import ItemAnswer
from tests.charging.action_plans.test_services import (
    allocated_case,
    done,
    drafted,
    in_a_fortnight,
    issued,
)
from tests.charging.agreement import Verdicts, agree, grid, offers, page
from tests.conftest import Personas
from tests.support import accepted

pytestmark = pytest.mark.django_db

ITEM = {"what": "A statement", "why": "Corroboration", "evidential_issue": "Consent"}


def test_the_tab_offers_what_the_services_accept(personas: Personas) -> None:
    prosecutor = personas.prosecutor
    with_items = drafted(prosecutor, allocated_case(personas))
    without_items = drafted(prosecutor, allocated_case(personas), n=0)
    issued_plan = issued(prosecutor, allocated_case(personas))
    answering = issued(prosecutor, allocated_case(personas))
    services.action_plan_respond(
        actor=personas.officer, plan=answering, answers=done(answering)[:1]
    )
    answered = issued(prosecutor, allocated_case(personas))
    services.action_plan_respond(actor=personas.officer, plan=answered, answers=done(answered))
    withdrawn = services.action_plan_withdraw(
        actor=prosecutor, plan=drafted(prosecutor, allocated_case(personas))
    )
    plans = [with_items, without_items, issued_plan, answering, answered, withdrawn]

    verdicts: Verdicts = []
    for who, user in grid(personas).items():
        for state in plans:
            plan = ActionPlan.objects.get(pk=state.pk)
            case = CaseFile.objects.get(pk=plan.case_id)
            html = page(user, "charging:case-action-plans", case.pk)
            what = f"a plan {plan.status} ({plan.items.count()} items): "
            urls = (case.pk, plan.pk)
            first = plan.items.order_by("number").first()
            verdicts += [
                (
                    who,
                    what + "draft another",
                    offers(html, "charging:plan-draft", case.pk),
                    accepted(
                        services.action_plan_draft,
                        actor=user,
                        case=case,
                        required_by=in_a_fortnight(),
                    ),
                ),
                (
                    who,
                    what + "add an item",
                    offers(html, "charging:plan-item-add", *urls),
                    accepted(services.action_plan_item_add, actor=user, plan=plan, **ITEM),
                ),
                (
                    who,
                    what + "issue",
                    offers(html, "charging:plan-issue", *urls),
                    accepted(services.action_plan_issue, actor=user, plan=plan),
                ),
                (
                    who,
                    what + "withdraw",
                    offers(html, "charging:plan-withdraw", *urls),
                    accepted(services.action_plan_withdraw, actor=user, plan=plan),
                ),
            ]
            if first is not None:
                answer = ItemAnswer(
                    item_id=first.pk, status=ActionPlanItemStatus.NOT_POSSIBLE, answer="Moved away"
                )
                verdicts += [
                    (
                        who,
                        what + "change an item",
                        offers(html, "charging:plan-item-edit", *urls, first.number),
                        accepted(services.action_plan_item_update, actor=user, item=first, **ITEM),
                    ),
                    (
                        who,
                        what + "answer",
                        offers(html, "charging:plan-answer", *urls),
                        accepted(
                            services.action_plan_respond, actor=user, plan=plan, answers=[answer]
                        ),
                    ),
                ]
    agree(verdicts)
