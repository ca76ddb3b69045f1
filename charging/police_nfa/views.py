"""Police NFA in the browser: the case's tab, the officer's proposal form, the
supervisor's approve and send-back, and the supervisor's proposals to approve.

What every charging page promises is said once, in ``charging.pages``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors as case_selectors
from cases.identity import identity_notice, readable_text
from cases.views import render_case_page
from charging import workspaces
from charging.pages import work_list_page
from charging.police_nfa import rules, selectors, services
from charging.police_nfa.forms import PoliceNfaForm, SendBackForm
from charging.standing import standing
from rasso.accounts.models import Role
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
def case_police_nfa(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get(request.user, pk)
    st = standing(request.user, case)
    pagination = paginate(request, selectors.case_proposals(case.pk))
    items = [
        {"proposal": p, "decide": rules.nfa_decide_refusal(st, p) is None}
        for p in pagination.page.object_list
    ]
    return render_case_page(
        request,
        case,
        "charging/case_police_nfa.html",
        {
            "pagination": pagination,
            "items": items,
            "may_propose": rules.nfa_propose_refusal(
                st, case, awaiting=lambda: selectors.case_nfa_awaiting(case.pk)
            )
            is None,
        },
    )


def _nfa_tab(case_pk: int) -> str:
    return reverse("charging:case-police-nfa", args=[case_pk])


@require_http_methods(["GET", "POST"])
@login_required
def nfa_propose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get(request.user, pk)
    if request.method == "GET":
        refuse(
            rules.nfa_propose_refusal(
                standing(request.user, case),
                case,
                awaiting=lambda: selectors.case_nfa_awaiting(case.pk),
            )
        )

    def propose(data: dict[str, Any]) -> None:
        services.police_nfa_propose(actor=request.user, case=case, **data)

    return form_action(
        request,
        PoliceNfaForm(posted(request)),
        propose,
        notice=identity_notice(request.user, case),
        back_url=_nfa_tab(case.pk),
        done="Proposal sent to a supervisor",
        title="Propose no further action",
        submit="Send to a supervisor",
        caption=case.urn,
        intro="A police supervisor of the force approves or sends back the proposal; the case "
        "stays under investigation until it is approved.",
    )


nfa_approve = case_item_button(
    lambda user, item, pk: selectors.proposal_get(user, item, case_pk=pk),
    lambda user, proposal: services.police_nfa_approve(actor=user, proposal=proposal),
    back_url=_nfa_tab,
    done="No further action approved",
)


@require_http_methods(["GET", "POST"])
@login_required
def nfa_send_back(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    proposal = selectors.proposal_get(request.user, item, case_pk=pk)
    if request.method == "GET":
        refuse(rules.nfa_decide_refusal(standing(request.user, proposal.case), proposal))

    def send_back(data: dict[str, Any]) -> None:
        services.police_nfa_send_back(actor=request.user, proposal=proposal, reason=data["reason"])

    return form_action(
        request,
        SendBackForm(posted(request)),
        send_back,
        notice=identity_notice(request.user, proposal.case),
        back_url=_nfa_tab(pk),
        done="Proposal sent back",
        title="Send the proposal back",
        submit="Send back",
        caption=proposal.case.urn,
        intro=readable_text(request.user, proposal.case, proposal.rationale),
    )


# The force's police NFA proposals awaiting a supervisor.
work_nfa_to_approve = work_list_page(
    {Role.POLICE_SPOC, Role.POLICE_SUPERVISOR},
    "charging/work_nfa.html",
    workspaces.nfa_to_approve,
    title="No-further-action proposals to approve",
)
