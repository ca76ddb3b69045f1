"""Charging decisions in the browser: the case's tab (the history stays), the
form to record one for the allocated prosecutor, the Full Code Test after a
Threshold Test charge, and the prosecutor's decisions due.

What every charging page promises is said once, in ``charging.pages``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors as case_selectors
from cases.identity import identity_notice
from cases.views import render_case_page
from charging import workspaces
from charging.decisions import rules, selectors, services
from charging.decisions.forms import DecisionForm, FullCodeTestForm
from charging.pages import work_list_page
from charging.standing import standing
from rasso.accounts.models import Role
from rasso.core.errors import refuse
from rasso.core.web import AuthenticatedRequest, form_action, paginate, posted


@require_GET
@login_required
def case_decisions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case's charging decisions, newest first (the history stays), and
    the button to record one for the allocated prosecutor of a case with CPS."""
    case = case_selectors.case_get(request.user, pk)
    st = standing(request.user, case)
    pagination = paginate(request, selectors.case_decisions(case.pk))
    return render_case_page(
        request,
        case,
        "charging/case_decisions.html",
        {
            "pagination": pagination,
            "may_decide": rules.decision_refusal(st, case) is None,
            # The threshold charges whose Full Code Test this user may apply.
            "full_test_owed": {
                decision.pk
                for decision in pagination.page.object_list
                if rules.full_test_refusal(st, decision, case) is None
            },
        },
    )


def _decisions_tab(case_pk: int) -> str:
    return reverse("charging:case-decisions", args=[case_pk])


@require_http_methods(["GET", "POST"])
@login_required
def decision_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get(request.user, pk)
    if request.method == "GET":
        refuse(rules.decision_refusal(standing(request.user, case), case))
    offences, suspects = selectors.case_charge_choices(case)
    form = DecisionForm(
        posted(request), initial={"version": case.version}, offences=offences, suspects=suspects
    )

    def decide(_: dict[str, Any]) -> None:
        services.decision_record(actor=request.user, case=case, **form.service_fields())

    return form_action(
        request,
        form,
        decide,
        notice=identity_notice(request.user, case),
        back_url=_decisions_tab(case.pk),
        done="Charging decision recorded",
        title="Record the charging decision",
        submit="Record the decision",
        caption=case.urn,
        intro="A decision cannot be changed once recorded. For the Full Code Test give the "
        "evidential stage and, if it is met, the public-interest stage, each with reasons; for "
        "the Threshold Test answer every condition and give the date for the Full Code Test.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def decision_full_test(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    """The Full Code Test applied to a charge on the Threshold Test: a new
    decision; the threshold one stays as recorded."""
    case = case_selectors.case_get(request.user, pk)
    threshold = selectors.decision_get(request.user, item, case.pk)
    if request.method == "GET":
        refuse(rules.full_test_refusal(standing(request.user, case), threshold, case))

    def apply(data: dict[str, Any]) -> None:
        services.full_code_test_record(actor=request.user, decision=threshold, **data)

    return form_action(
        request,
        FullCodeTestForm(posted(request), initial={"version": case.version}),
        apply,
        notice=identity_notice(request.user, case),
        back_url=_decisions_tab(case.pk),
        done="Full Code Test recorded",
        title="Apply the Full Code Test",
        submit="Record the Full Code Test",
        caption=case.urn,
        intro=f"The charges were decided on the Threshold Test on "
        f"{timezone.localtime(threshold.decided_at):%-d %B %Y}. Give the evidential stage and, "
        "if it is met, the public-interest stage, each with reasons. Both met: the charges "
        "stand. Either not met: the charges are discontinued and the case becomes no further "
        "action (CPS). The decision cannot be changed once recorded.",
    )


# The prosecutor's cases awaiting a charging decision, overdue first.
work_decisions_due = work_list_page(
    {Role.PROSECUTOR},
    "charging/work_decisions.html",
    workspaces.decisions_due,
    title="Decisions due",
)
