"""Victim information requests in the browser: the case's Disclosure tab, a
request's page, the draft's form and one form per step of its life.

Each step is one row of ``STEPS``: its form, its rule, its service and its
words, read by the request's page (which buttons it offers) and by the one
view that runs a step. Free text is read through the identity scrubber by
anyone not entitled to the complainant's identity (a supervisor approving).

A supervisor sees a request only until they decide it
(``selectors.requests_visible_to``): their steps go back to the Disclosure
tab, not to a page they may no longer open, and a second click of one finds
the decision made and goes there too. Every page showing a request is a view
of it, audited with its number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cases import rules as case_rules
from cases import selectors as case_selectors
from cases.identity import identity_notice
from cases.models import CaseFile
from cases.views import render_case_page
from disclosure.requests import forms as step_forms
from disclosure.requests import rules, selectors, services
from disclosure.requests.forms import RequestForm
from disclosure.requests.models import VictimInformationRequest
from rasso.accounts.models import User
from rasso.audit.services import audit_record
from rasso.core.errors import refuse
from rasso.core.web import AuthenticatedRequest, form_action, posted

Rule = Callable[[User, CaseFile, VictimInformationRequest], str | None]


@dataclass(frozen=True)
class Step:
    label: str  # the button, and the form's title
    form: Callable[[Any], forms.Form]
    rule: Rule
    act: Callable[..., Any]  # the service, given actor, request and the form's data
    done: str
    secondary: bool = True


STEPS: dict[str, Step] = {
    "submit": Step(
        "Submit the request",
        lambda data: forms.Form(data),
        rules.request_submit_refusal,
        services.request_submit,
        "Request submitted",
        secondary=False,
    ),
    "approve": Step(
        "Approve the counselling request",
        lambda data: step_forms.ReasonsForm(
            data, label="Why you approve it", required="Say why you approve it"
        ),
        rules.request_approve_refusal,
        services.request_approve,
        "Counselling request approved",
        secondary=False,
    ),
    "override": Step(
        "Override the credibility flag",
        lambda data: step_forms.ReasonsForm(
            data, label="Why the request may go ahead", required="Say why the request may go ahead"
        ),
        rules.request_override_refusal,
        services.request_override,
        "Credibility flag overridden",
    ),
    "return": Step(
        "Return it to the officer",
        lambda data: step_forms.ReasonsForm(
            data, label="What should change", required="Say what should change"
        ),
        rules.request_return_refusal,
        lambda **kw: services.request_return(
            actor=kw["actor"], request=kw["request"], reason=kw["reasons"]
        ),
        "Request returned to the officer",
    ),
    "decide": Step(
        "Record your decision",
        step_forms.CpsDecisionForm,
        rules.request_cps_decide_refusal,
        services.request_cps_decide,
        "Decision recorded",
        secondary=False,
    ),
    "notice": Step(
        "Record the notice to the complainant",
        step_forms.NoticeForm,
        rules.request_notice_give_refusal,
        services.request_notice_give,
        "Notice recorded in the complainant's contact log",
    ),
    "notice-delay": Step(
        "Delay or withhold the notice",
        step_forms.NoticeDelayForm,
        rules.request_notice_give_refusal,
        services.request_notice_delay,
        "Delay of the notice recorded",
    ),
    "view": Step(
        "Record the complainant's view",
        step_forms.ViewForm,
        rules.request_notice_refusal,
        services.request_view_record,
        "The complainant's view is recorded",
    ),
    "send": Step(
        "Record it as sent",
        step_forms.SendForm,
        rules.request_send_refusal,
        services.request_send,
        "Request sent: the holder's reply is a deadline",
        secondary=False,
    ),
    "receive": Step(
        "Record the material received",
        step_forms.ReceiveForm,
        rules.request_receive_refusal,
        services.request_receive,
        "Material received",
        secondary=False,
    ),
    "review": Step(
        "Record the review of the material",
        step_forms.ReviewForm,
        rules.request_review_refusal,
        services.request_review,
        "Review recorded",
        secondary=False,
    ),
    "withdraw": Step(
        "Withdraw the request",
        lambda data: step_forms.ReasonsForm(
            data, label="Why it is withdrawn", required="Say why it is withdrawn"
        ),
        rules.request_withdraw_refusal,
        lambda **kw: services.request_withdraw(
            actor=kw["actor"], request=kw["request"], reason=kw["reasons"]
        ),
        "Request withdrawn",
    ),
}


# The supervisor's decisions: once made, the request is no longer theirs to see.
SUPERVISOR_STEPS = frozenset({"approve", "override", "return"})


def _tab_url(case_pk: int) -> str:
    return reverse("disclosure:case-disclosure", args=[case_pk])


def _request_url(request: VictimInformationRequest) -> str:
    return reverse("disclosure:request", args=[request.case_id, request.pk])


def _back_url(user: User, found: VictimInformationRequest) -> str:
    """Where a step goes back to: the request's page for those who always see
    it, the Disclosure tab for a supervisor, who sees it only until they decide."""
    if case_rules.may_see_complainant_identity(user, found.case):
        return _request_url(found)
    return _tab_url(found.case_id)


def _viewed(user: User, found: VictimInformationRequest, page: str) -> None:
    """A page showing the request (its own, its draft's form, a step's form)."""
    audit_record(
        actor=user,
        action="disclosure.victim_information_request_viewed",
        obj=found,
        detail={"case": found.case_id, "complainant": found.complainant.pseudonym, "page": page},
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get(request.user, pk)
    refuse(rules.request_create_refusal(request.user, case))
    form = RequestForm(posted(request), complainants=case.complainants.order_by("pk"))
    return form_action(
        request,
        form,
        lambda data: services.request_create(
            actor=request.user, case=case, complainant=data["complainant"], details=form.details()
        ),
        notice=identity_notice(request.user, case),
        back_url=_tab_url(case.pk),
        done=lambda made: (
            "Request drafted"
            + (": its rationale is flagged for a supervisor" if made.credibility_flagged else "")
        ),
        title="Ask a third party for a complainant's information",
        submit="Save the draft",
        caption=case.urn,
        intro="A victim information request under the Police, Crime, Sentencing and Courts "
        "Act 2022 ss.44A-44E: answer each statutory test in your own words, and limit what "
        "is sought by dates and scope.",
        case=case,
    )


@require_GET
@login_required
def request_detail(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    found = selectors.request_get(request.user, item, case_pk=pk)
    _viewed(request.user, found, "request")
    case = found.case
    steps = [
        {"slug": slug, "step": step}
        for slug, step in STEPS.items()
        if step.rule(request.user, case, found) is None
    ]
    return render_case_page(
        request,
        case,
        "disclosure/request_detail.html",
        {
            "vir": found,
            "steps": steps,
            "may_edit": rules.request_edit_refusal(request.user, case, found) is None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_edit(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    found = selectors.request_get(request.user, item, case_pk=pk)
    refuse(rules.request_edit_refusal(request.user, found.case, found))
    if request.method == "GET":
        _viewed(request.user, found, "change")
    form = RequestForm(posted(request), instance=found)
    return form_action(
        request,
        form,
        lambda data: services.request_update(
            actor=request.user, request=found, details=form.details()
        ),
        notice=identity_notice(request.user, found.case),
        back_url=_request_url(found),
        done="Draft changed",
        title="Change the draft request",
        submit="Save the draft",
        caption=found.case.urn,
        case=found.case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_step(request: AuthenticatedRequest, pk: int, item: int, step: str) -> HttpResponse:
    """One step of the request's life (``STEPS``): its form, its service."""
    if step not in STEPS:
        raise Http404("No such step")
    action = STEPS[step]
    try:
        found = selectors.request_get(request.user, item, case_pk=pk)
    except Http404:
        if (
            request.method == "POST"
            and step in SUPERVISOR_STEPS
            and selectors.request_decided_by(request.user, item, pk)
        ):
            # The second click of a decision the first one made: done.
            return redirect(_tab_url(pk))
        raise
    if request.method == "GET":
        refuse(action.rule(request.user, found.case, found))
        _viewed(request.user, found, step)
    return form_action(
        request,
        action.form(posted(request)),
        lambda data: action.act(actor=request.user, request=found, **data),
        notice=identity_notice(request.user, found.case),
        back_url=_back_url(request.user, found),
        done=action.done,
        title=action.label,
        submit=action.label,
        caption=f"{found.case.urn}: request to {found.get_holder_kind_display().lower()}",
        case=found.case,
    )
