"""Early advice in the browser: the case's tab, the forms that call
``charging.early_advice.services``, the CPS SPOC's and the prosecutor's
queues, and the officer's advice received.

Every request is read through ``charging.early_advice.selectors`` (on a case
the user may not see it is a 404). A form is offered only to someone the
rules allow (anyone else: 404); what is posted always goes to the service,
whose refusal is shown as a GOV.UK error and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors as case_selectors
from cases.forms import AllocateProsecutorForm
from cases.identity import identity_notice
from cases.views import render_case_page
from charging import workspaces
from charging.early_advice import rules, selectors, services
from charging.early_advice.forms import EarlyAdviceForm, EarlyAdviceRequestForm
from charging.early_advice.models import EarlyAdviceRequest
from charging.pages import work_list_page
from charging.standing import standing
from rasso.accounts.models import POLICE_ROLES, Role
from rasso.core.errors import refuse
from rasso.core.web import (
    AuthenticatedRequest,
    case_item_button,
    form_action,
    paginate,
    posted,
)


@require_GET
@login_required
def case_early_advice(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case's early-advice requests and advice, newest first, with the
    buttons this user may press on each."""
    case = case_selectors.case_get(request.user, pk)
    st = standing(request.user, case)
    pagination = paginate(request, selectors.case_advice_requests(case.pk))
    items = [
        {
            "request": item,
            "advice": selectors.advice_of(item),
            "allocate": rules.advice_allocate_refusal(st, item) is None,
            "advise": rules.advice_give_refusal(st, item) is None,
            "acknowledge": rules.advice_acknowledge_refusal(st, item) is None,
            "withdraw": rules.advice_withdraw_refusal(st, item) is None,
            "follow_up": rules.advice_follow_up_refusal(st, item, case) is None,
        }
        for item in pagination.page.object_list
    ]
    return render_case_page(
        request,
        case,
        "charging/case_early_advice.html",
        {
            "pagination": pagination,
            "items": items,
            "may_request": rules.advice_request_refusal(st, case) is None,
            "today": timezone.localdate(),
        },
    )


def _advice_tab(case_pk: int) -> str:
    return reverse("charging:case-early-advice", args=[case_pk])


def _ask(
    request: AuthenticatedRequest, pk: int, follows: EarlyAdviceRequest | None
) -> HttpResponse:
    case = case_selectors.case_get(request.user, pk)
    if request.method == "GET":
        refuse(rules.advice_request_refusal(standing(request.user, case), case))

    def ask(data: dict[str, Any]) -> None:
        services.early_advice_request(actor=request.user, case=case, follows=follows, **data)

    return form_action(
        request,
        EarlyAdviceRequestForm(posted(request)),
        ask,
        notice=identity_notice(request.user, case),
        back_url=_advice_tab(case.pk),
        done=f"Early advice requested from CPS {case.cps_area.name}",
        title="Follow up the advice" if follows else "Ask CPS for early advice",
        submit="Send the request",
        caption=case.urn,
        intro="Ask at least one question. The CPS SPOC of the Area will allocate it to a "
        "prosecutor, who gives advice within 21 days of the request.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def advice_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _ask(request, pk, None)


@require_http_methods(["GET", "POST"])
@login_required
def advice_follow_up(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    earlier = selectors.advice_request_get(request.user, item, case_pk=pk)
    if request.method == "GET":
        refuse(
            rules.advice_follow_up_refusal(
                standing(request.user, earlier.case), earlier, earlier.case
            )
        )
    return _ask(request, pk, earlier)


@require_http_methods(["GET", "POST"])
@login_required
def advice_allocate(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    advice_request = selectors.advice_request_get(request.user, item, case_pk=pk)
    case = advice_request.case
    if request.method == "GET":
        refuse(rules.advice_allocate_refusal(standing(request.user, case), advice_request))
    form = AllocateProsecutorForm.for_case(case, posted(request))

    def allocate(data: dict[str, Any]) -> None:
        services.early_advice_allocate(
            actor=request.user, request=advice_request, prosecutor=data["prosecutor"]
        )

    return form_action(
        request,
        form,
        allocate,
        back_url=_advice_tab(case.pk),
        done="Early advice allocated",
        title="Allocate the early-advice request",
        submit="Allocate",
        caption=case.urn,
    )


@require_http_methods(["GET", "POST"])
@login_required
def advice_give(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    advice_request = selectors.advice_request_get(request.user, item, case_pk=pk)
    case = advice_request.case
    if request.method == "GET":
        refuse(rules.advice_give_refusal(standing(request.user, case), advice_request))

    def advise(data: dict[str, Any]) -> None:
        services.early_advice_give(actor=request.user, request=advice_request, **data)

    return form_action(
        request,
        EarlyAdviceForm(posted(request)),
        advise,
        notice=identity_notice(request.user, case),
        back_url=_advice_tab(case.pk),
        done="Early advice given",
        title="Give early advice",
        submit="Give advice",
        caption=case.urn,
        intro="Every part is needed. Advice cannot be changed once given: a further "
        "question comes as a new request.",
    )


advice_acknowledge = case_item_button(
    lambda user, item, pk: selectors.advice_request_get(user, item, case_pk=pk),
    lambda user, advice_request: services.early_advice_acknowledge(
        actor=user, request=advice_request
    ),
    back_url=_advice_tab,
    done="Advice acknowledged",
)


advice_withdraw = case_item_button(
    lambda user, item, pk: selectors.advice_request_get(user, item, case_pk=pk),
    lambda user, asked: services.early_advice_withdraw(actor=user, request=asked),
    back_url=_advice_tab,
    done="Early advice request withdrawn",
)


# The CPS SPOC's early-advice requests waiting for a prosecutor, oldest first.
advice_to_allocate = work_list_page(
    {Role.CPS_SPOC},
    "charging/advice_list.html",
    selectors.advice_to_allocate,
    title="Early advice to allocate",
    intro="Early-advice requests to your Area with no prosecutor yet, oldest first.",
    empty="No early-advice requests are waiting for a prosecutor.",
)


# The prosecutor's early advice to give, soonest due (overdue) first.
advice_due = work_list_page(
    {Role.PROSECUTOR},
    "charging/advice_list.html",
    selectors.advice_due,
    title="Early advice due",
    intro="Early-advice requests allocated to you, soonest due first.",
    empty="You have no early advice to give.",
)


# Early advice given on the officer's requests, not yet acknowledged.
work_advice_received = work_list_page(
    set(POLICE_ROLES),
    "charging/work_advice_received.html",
    workspaces.advice_received,
    title="Advice received",
)
