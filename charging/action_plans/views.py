"""Action plans in the browser: the case's tab, the prosecutor's forms and
buttons, the one page on which the police answer every item, and the work
lists of the prosecutor (responses received) and the police (plans due).

What every charging page promises is said once, in ``charging.pages``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors as case_selectors
from cases.identity import CaseTexts, identity_notice, identity_warning
from cases.views import render_case_page
from charging import workspaces
from charging.action_plans import rules, selectors, services
from charging.action_plans.forms import ActionPlanAnswersForm, ActionPlanForm, ActionPlanItemForm
from charging.action_plans.models import ActionPlan
from charging.pages import work_list_page
from charging.standing import standing
from rasso.accounts.models import POLICE_ROLES, Role
from rasso.core.errors import DomainError, refuse
from rasso.core.web import (
    AuthenticatedRequest,
    case_item_button,
    form_action,
    paginate,
    posted,
    refusal_status,
)


@require_GET
@login_required
def case_action_plans(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case's action plans, newest first, each with all its items."""
    case = case_selectors.case_get(request.user, pk)
    st = standing(request.user, case)
    pagination = paginate(request, selectors.case_plans(case.pk))
    plans = [
        {
            "plan": plan,
            "edit": rules.plan_edit_refusal(st, plan) is None,
            "issue": rules.plan_issue_refusal(st, plan, items=len(plan.items.all())) is None,
            "withdraw": rules.plan_withdraw_refusal(st, plan) is None,
            "answer": rules.plan_answer_refusal(st, plan) is None,
        }
        for plan in pagination.page.object_list
    ]
    return render_case_page(
        request,
        case,
        "charging/case_action_plans.html",
        {
            "pagination": pagination,
            "plans": plans,
            "may_draft": rules.plan_draft_refusal(
                st, case, plan_in_hand=lambda: selectors.case_plan_in_hand(case.pk)
            )
            is None,
            "content_visible": case_selectors.document_content_visible(request.user, case),
            "today": timezone.localdate(),
        },
    )


def _plans_tab(case_pk: int) -> str:
    return reverse("charging:case-action-plans", args=[case_pk])


@require_http_methods(["GET", "POST"])
@login_required
def plan_draft(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get(request.user, pk)
    if request.method == "GET":
        refuse(
            rules.plan_draft_refusal(
                standing(request.user, case),
                case,
                plan_in_hand=lambda: selectors.case_plan_in_hand(case.pk),
            )
        )

    def draft(data: dict[str, Any]) -> None:
        services.action_plan_draft(actor=request.user, case=case, required_by=data["required_by"])

    return form_action(
        request,
        ActionPlanForm(posted(request)),
        draft,
        back_url=_plans_tab(case.pk),
        done="Action plan drafted: add its items, then issue it",
        title="Draft an action plan",
        submit="Draft the plan",
        caption=case.urn,
        intro="The police answer by the required-by date once you issue the plan.",
    )


def _editable(request: AuthenticatedRequest, pk: int, item: int) -> ActionPlan:
    plan = selectors.plan_get(request.user, item, case_pk=pk)
    if request.method == "GET":
        refuse(rules.plan_edit_refusal(standing(request.user, plan.case), plan))
    return plan


@require_http_methods(["GET", "POST"])
@login_required
def plan_item_add(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    plan = _editable(request, pk, item)

    def add(data: dict[str, Any]) -> None:
        services.action_plan_item_add(actor=request.user, plan=plan, **data)

    return form_action(
        request,
        ActionPlanItemForm(posted(request)),
        add,
        notice=identity_notice(request.user, plan.case),
        back_url=_plans_tab(pk),
        done="Item added",
        title="Add an item to the action plan",
        submit="Add the item",
        caption=plan.case.urn,
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_item_edit(request: AuthenticatedRequest, pk: int, item: int, number: int) -> HttpResponse:
    plan = _editable(request, pk, item)
    entry = next((i for i in plan.items.all() if i.number == number), None)
    if entry is None:
        raise Http404("No such item")
    initial = {"what": entry.what, "why": entry.why, "evidential_issue": entry.evidential_issue}

    def change(data: dict[str, Any]) -> None:
        services.action_plan_item_update(actor=request.user, item=entry, **data)

    return form_action(
        request,
        ActionPlanItemForm(posted(request), initial=initial),
        change,
        notice=identity_notice(request.user, plan.case),
        back_url=_plans_tab(pk),
        done=f"Item {number} changed",
        title=f"Change item {number}",
        submit="Save the item",
        caption=plan.case.urn,
    )


plan_issue = case_item_button(
    lambda user, item, pk: selectors.plan_get(user, item, case_pk=pk),
    lambda user, plan: services.action_plan_issue(actor=user, plan=plan),
    back_url=_plans_tab,
    done="Action plan issued to the officer in the case",
)


plan_withdraw = case_item_button(
    lambda user, item, pk: selectors.plan_get(user, item, case_pk=pk),
    lambda user, plan: services.action_plan_withdraw(actor=user, plan=plan),
    back_url=_plans_tab,
    done="Action plan withdrawn",
)


@require_http_methods(["GET", "POST"])
@login_required
def plan_answer(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    """Every item of the plan on one page, answered with one form: the same
    queries for 40 items as for 4."""
    plan = selectors.plan_get(request.user, item, case_pk=pk)
    case = plan.case
    if request.method == "GET":
        refuse(rules.plan_answer_refusal(standing(request.user, case), plan))
    form = ActionPlanAnswersForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        items=list(plan.items.all()),
        documents=list(case_selectors.case_documents(case)),
        titles_visible=case_selectors.document_content_visible(request.user, case),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_answer(actor=request.user, plan=plan, answers=form.answers())
        except DomainError as error:
            form.add_error(None, str(error))
            status = refusal_status(error)
        else:
            messages.success(request, "Answers saved")
            said = identity_warning(request.user, case, [a.answer for a in form.answers()])
            if said:
                messages.warning(request, said)
            return redirect(_plans_tab(pk))
    return render(
        request,
        "charging/action_plan_answer.html",
        {
            "case": case,
            "plan": plan,
            "form": form,
            "back_url": _plans_tab(pk),
            "reader": CaseTexts(request.user).reader(case),
        },
        status=status,
    )


# The prosecutor's action plans the police have answered, or are answering.
work_plan_responses = work_list_page(
    {Role.PROSECUTOR},
    "charging/work_plans.html",
    workspaces.plan_responses,
    title="Action-plan responses received",
    intro=(
        "Action plans on your cases that the police are answering or have answered, "
        "with no charging decision since they were issued, soonest required first."
    ),
    empty="No action-plan responses are waiting for you.",
)


# Action plans still to answer: the officer's own, the force's for its SPOC and supervisors.
work_plans_due = work_list_page(
    set(POLICE_ROLES),
    "charging/work_plans.html",
    workspaces.plans_due,
    title="Action plans due",
    intro="Issued action plans still to answer, soonest required first.",
    empty="No action plans are waiting for an answer.",
)
