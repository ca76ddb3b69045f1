"""Retention's pages: the supervisors' list of cases due for review, a case's
retention page, and the forms that call ``cases.retention.services``.

Only a supervisor or SPOC of the case's force sees them (a 404 for anyone
else); each action is offered exactly when its rule allows it, and a refusal
is the service's reason on the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import rules as case_rules
from cases import services as case_services
from cases.models import CaseFile
from cases.retention import rules, selectors, services
from cases.retention.forms import (
    CreatedInErrorForm,
    DeleteForm,
    FinaliseForm,
    HoldForm,
    LiftForm,
    RetainForm,
)
from cases.selectors import case_get
from cases.views import CaseActions, case_view_record, render_case_page
from rasso.audit.services import audit_record
from rasso.core.errors import refuse
from rasso.core.web import AuthenticatedRequest, form_action, paginate, posted


@require_GET
@login_required
def retention_due_list(request: AuthenticatedRequest) -> HttpResponse:
    """A supervisor's force's cases due for a retention review, most overdue first."""
    if not selectors.supervised_forces(request.user):
        raise Http404("No retention reviews for this role")
    pagination = paginate(request, selectors.retention_due(request.user, timezone.localdate()))
    audit_record(
        actor=request.user,
        action="retention.due_list.view",
        request=request,
        detail={
            "page": pagination.page.number,
            "cases": [case.pk for case in pagination.page.object_list],
        },
    )
    return render(
        request, "cases/retention/due_list.html", {"pagination": pagination, "full_width": True}
    )


def _actions(user: Any, case: CaseFile) -> dict[str, bool]:
    today = timezone.localdate()
    hold = services.active_hold(case)
    review = rules.review_refusal(user, case, today) is None
    return {
        "retain": review,
        "delete": rules.delete_refusal(user, case, today, hold) is None,
        "place_hold": rules.hold_place_refusal(user, case, hold) is None,
        "lift_hold": rules.hold_lift_refusal(user, case, hold, timezone.now()) is None,
    }


@require_GET
@login_required
def case_retention(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case's retention: its category, review date, reviews and holds,
    and what the supervisor may do now (with why not, where it matters)."""
    case = selectors.retention_case_get(request.user, pk)
    today = timezone.localdate()
    hold = services.active_hold(case)
    return render_case_page(
        request,
        case,
        "cases/retention/case_retention.html",
        {
            "actions": _actions(request.user, case),
            "hold": hold,
            "liftable_on": rules.hold_liftable_on(hold) if hold else None,
            "delete_refusal": rules.delete_refusal(request.user, case, today, hold),
            "reviews": list(selectors.retention_reviews(case)),
            "holds": list(selectors.legal_holds(case)),
        },
    )


def _back(case: CaseFile) -> str:
    return reverse("cases:retention", args=[case.pk])


@require_http_methods(["GET", "POST"])
@login_required
def case_retain(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.retention_case_get(request.user, pk)
    today = timezone.localdate()
    if request.method == "GET":
        case_view_record(request, case)
    initial = {"review_on": services.next_review_default(case, today)}
    form = RetainForm(posted(request), initial=initial)
    return form_action(
        request,
        form,
        lambda data: services.case_retain(
            actor=request.user, case=case, review_on=data["review_on"], reason=data["reason"]
        ),
        back_url=_back(case),
        done="The case is retained until its next review",
        title="Retain the case",
        submit="Retain the case",
        caption=case.urn,
        intro=rules.review_refusal(request.user, case, today) or "",
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.retention_case_get(request.user, pk)
    if request.method == "GET":
        case_view_record(request, case)
    refusal = rules.delete_refusal(
        request.user, case, timezone.localdate(), services.active_hold(case)
    )
    form = DeleteForm(posted(request))
    return form_action(
        request,
        form,
        lambda data: services.case_delete(
            actor=request.user, case=case, confirm_urn=data["confirm_urn"]
        ),
        back_url=reverse("cases:retention-due"),
        done="The case is deleted: only the audit log keeps that it existed",
        title="Delete the case",
        submit="Delete the case",
        caption=case.urn,
        intro=refusal or "",
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def legal_hold_place(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.retention_case_get(request.user, pk)
    if request.method == "GET":
        case_view_record(request, case)
    return form_action(
        request,
        HoldForm(posted(request)),
        lambda data: services.legal_hold_place(
            actor=request.user, case=case, reason=data["reason"]
        ),
        back_url=_back(case),
        done="Legal hold placed: the case cannot be deleted while it stands",
        title="Place a legal hold",
        submit="Place the hold",
        caption=case.urn,
        intro=rules.hold_place_refusal(request.user, case, services.active_hold(case)) or "",
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def legal_hold_lift(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.retention_case_get(request.user, pk)
    if request.method == "GET":
        case_view_record(request, case)
    refusal = rules.hold_lift_refusal(
        request.user, case, services.active_hold(case), timezone.now()
    )
    return form_action(
        request,
        LiftForm(posted(request)),
        lambda data: services.legal_hold_lift(actor=request.user, case=case, reason=data["reason"]),
        back_url=_back(case),
        done="Legal hold lifted",
        title="Lift the legal hold",
        submit="Lift the hold",
        caption=case.urn,
        intro=refusal or "",
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_created_in_error(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_get(request.user, pk)
    # Offered exactly when the rule allows (as ``cases.views.editable_case``).
    refuse(rules.created_in_error_refusal(request.user, case))
    if request.method == "GET":
        case_view_record(request, case)
    return form_action(
        request,
        CreatedInErrorForm(posted(request)),
        lambda data: services.case_mark_created_in_error(
            actor=request.user, case=case, reason=data["reason"]
        ),
        back_url=reverse("cases:detail", args=[case.pk]),
        done="The case is closed as created in error",
        title="Close the case as created in error",
        submit="Close the case",
        caption=case.urn,
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_finalise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_get(request.user, pk)
    refuse(case_rules.finalise_refusal(request.user, case))
    if request.method == "GET":
        case_view_record(request, case)
    return form_action(
        request,
        FinaliseForm(posted(request)),
        lambda data: case_services.case_finalise(
            actor=request.user,
            case=case,
            result=data["result"],
            finalised_on=data["finalised_on"],
        ),
        back_url=reverse("cases:detail", args=[case.pk]),
        done="The result at court is recorded and the case finalised",
        title="Record the result at court",
        submit="Finalise the case",
        caption=case.urn,
        case=case,
    )


def retention_summary(
    request: AuthenticatedRequest, case: CaseFile, actions: CaseActions
) -> dict[str, Any]:
    """The case page's retention card: the review date, and the links the
    rules allow (record the result, close as created in error, review)."""
    user = request.user
    return {
        "case": case,
        "finalise": case_rules.finalise_refusal(user, case) is None,
        "created_in_error": rules.created_in_error_refusal(user, case) is None,
        "manage": rules.manage_refusal(user, case) is None,
    }
