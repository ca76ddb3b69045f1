"""Action plans in the browser and the API: drafted, issued and withdrawn by
the prosecutor, answered on one page by the police; 404 for outsiders; a
40-item plan costs what a 4-item plan does."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cases.models import CaseFile, CaseStatus, DeadlineStatus
from charging.action_plans.models import ActionPlan, ActionPlanItemStatus, ActionPlanStatus
from rasso.accounts.models import User
from tests.cases.test_api import Api
from tests.charging.action_plans.test_services import (
    allocated_case,
    drafted,
    in_a_fortnight,
    issued,
    items,
)
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.support import client_for, html_of, refusal_of

pytestmark = pytest.mark.django_db

PLANS_URL = "/api/v1/action-plans/"


def tab(case: CaseFile) -> str:
    return reverse("charging:case-action-plans", args=[case.pk])


def answer_url(plan: ActionPlan) -> str:
    return reverse("charging:plan-answer", args=[plan.case_id, plan.pk])


def all_done(plan: ActionPlan) -> dict[str, str]:
    data: dict[str, str] = {}
    for item in plan.items.all():
        data[f"item-{item.pk}-status"] = "done"
        data[f"item-{item.pk}-answer"] = f"Answer to {item.number}"
    return data


def test_the_prosecutor_drafts_and_issues_the_officer_answers_on_one_page(
    personas: Personas,
) -> None:
    case = allocated_case(personas)
    prosecutor = client_for(personas.prosecutor)
    officer = client_for(personas.officer)
    assert "Draft an action plan" not in html_of(officer.get(tab(case)))
    assert officer.get(reverse("charging:plan-draft", args=[case.pk])).status_code == 403
    assert "Draft an action plan" in html_of(prosecutor.get(tab(case)))
    response = prosecutor.post(
        reverse("charging:plan-draft", args=[case.pk]),
        {"required_by": in_a_fortnight().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(case=case)
    add = reverse("charging:plan-item-add", args=[case.pk, plan.pk])
    for n in range(5):
        assert (
            prosecutor.post(
                add, {"what": f"Item {n}", "why": "Timeline", "evidential_issue": "Consent"}
            ).status_code
            == 302
        )
    edit = reverse("charging:plan-item-edit", args=[case.pk, plan.pk, 2])
    prosecutor.post(edit, {"what": "Door camera", "why": "Arrival", "evidential_issue": "ID"})
    assert "Answer the action plan" not in html_of(officer.get(tab(case)))
    assert prosecutor.post(reverse("charging:plan-issue", args=[case.pk, plan.pk])).status_code
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTION_PLAN

    page = html_of(officer.get(answer_url(plan)))
    assert page.count('data-testid="action-plan-item"') == 5
    assert "Door camera" in page
    plan.refresh_from_db()
    first = plan.items.get(number=1)
    half = {f"item-{first.pk}-status": "not_possible", f"item-{first.pk}-answer": ""}
    assert "Item 1: explain why it is not possible" in html_of(officer.post(answer_url(plan), half))
    assert officer.post(answer_url(plan), all_done(plan)).status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.COMPLETED
    assert "Answer to 5" in html_of(prosecutor.get(tab(case)))


def test_the_prosecutor_withdraws_with_a_button(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = issued(personas.prosecutor, case)
    withdraw = reverse("charging:plan-withdraw", args=[case.pk, plan.pk])
    assert "Withdraw the plan" not in html_of(client_for(personas.officer).get(tab(case)))
    refused = client_for(personas.officer).post(withdraw, follow=True)
    assert "Only the prosecutor allocated the case" in refusal_of(refused)
    prosecutor = client_for(personas.prosecutor)
    assert "Withdraw the plan" in html_of(prosecutor.get(tab(case)))
    prosecutor.post(withdraw)
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.WITHDRAWN


def test_a_plan_over_the_api(personas: Personas) -> None:
    case = allocated_case(personas)
    prosecutor = Api(personas.prosecutor)
    officer = Api(personas.officer)
    body = {"case": case.pk, "required_by": in_a_fortnight().isoformat(), "items": items(3)}
    assert officer.post(PLANS_URL, body).status_code == 403
    response = prosecutor.post(PLANS_URL, body)
    assert response.status_code == 201, response.json()
    plan = response.json()
    url = f"{PLANS_URL}{plan['id']}/"
    assert [i["number"] for i in plan["items"]] == [1, 2, 3]

    assert officer.post(f"{url}issue/").status_code == 403
    response = prosecutor.post(f"{url}issue/")
    assert response.status_code == 200
    assert response.json()["status"] == "issued"
    assert response.json()["due_on"] == in_a_fortnight().isoformat()

    answers = [
        {"item": item["id"], "status": "done", "answer": "Done"} for item in plan["items"][:2]
    ]
    assert prosecutor.post(f"{url}respond/", {"answers": answers}).status_code == 403
    response = officer.post(f"{url}respond/", {"answers": answers})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_progress"
    assert prosecutor.post(f"{url}withdraw/").status_code == 403
    last = [{"item": plan["items"][2]["id"], "status": "not_possible", "answer": "Emigrated"}]
    response = officer.post(f"{url}respond/", {"answers": last})
    assert response.json()["status"] == "completed"
    saved = ActionPlan.objects.get(pk=plan["id"])
    assert saved.deadline is not None
    assert saved.deadline.status == DeadlineStatus.MET
    assert saved.items.get(number=3).status == ActionPlanItemStatus.NOT_POSSIBLE


def test_withdrawing_over_the_api(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = issued(personas.prosecutor, case)
    response = Api(personas.prosecutor).post(f"{PLANS_URL}{plan.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    case.refresh_from_db()
    assert case.status == CaseStatus.WITH_CPS


def test_outsiders_get_404_everywhere(personas: Personas) -> None:
    case = allocated_case(personas)
    plan = issued(personas.prosecutor, case)
    draft_url = reverse("charging:plan-draft", args=[case.pk])
    pages = [tab(case), draft_url, answer_url(plan)]
    buttons = [
        reverse("charging:plan-issue", args=[case.pk, plan.pk]),
        reverse("charging:plan-withdraw", args=[case.pk, plan.pk]),
        reverse("charging:plan-item-add", args=[case.pk, plan.pk]),
    ]
    people: dict[str, User] = outsiders(personas)
    for who, user in people.items():
        client = client_for(user)
        for url in pages:
            assert client.get(url).status_code == 404, (who, url)
        for url in [*buttons, answer_url(plan), draft_url]:
            assert client.post(url, all_done(plan)).status_code == 404, (who, url)
        api = Api(user)
        assert api.get(f"{PLANS_URL}{plan.pk}/").status_code == 404, who
        assert api.get(PLANS_URL).json()["results"] == [], who
        for action in ("issue", "respond", "withdraw"):
            assert api.post(f"{PLANS_URL}{plan.pk}/{action}/", {"answers": []}).status_code == 404
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.ISSUED


def test_a_40_item_plan_costs_what_a_4_item_plan_does(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    small = issued(personas.prosecutor, allocated_case(personas), n=4)
    large = issued(personas.prosecutor, allocated_case(personas), n=40)
    officer = client_for(personas.officer)
    api = Api(personas.officer)
    api.get(PLANS_URL)  # the token's first use is recorded once

    def cost(client: Any, url: str, limit: int) -> int:
        with django_assert_max_num_queries(limit) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    # session, user, memberships, the plan with its case, force, Area and
    # deadline, its items with answerer and document, the case's documents,
    # the read's audit row.
    assert cost(officer, answer_url(small), 7) == cost(officer, answer_url(large), 7)
    # session, user, memberships, the case, COUNT(*), the page of plans,
    # their items, the case.view audit row.
    assert cost(officer, tab(small.case), 8) == cost(officer, tab(large.case), 8)
    # token with its user, memberships, the plan, its items, the token's use,
    # the read's audit row.
    small_api = cost(api.client, f"{PLANS_URL}{small.pk}/", 6)
    assert small_api == cost(api.client, f"{PLANS_URL}{large.pk}/", 6)
    drafted(personas.prosecutor, allocated_case(personas), n=40)
    assert html_of(officer.get(answer_url(large))).count('data-testid="action-plan-item"') == 40
