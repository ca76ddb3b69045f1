"""RASSO clinics in the browser: the Area's list, the clinic page with its agenda
and minutes, and the forms and buttons of the CPS SPOC and the attendees.

What every charging page promises is said once, in ``charging.pages``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.identity import CaseTexts, identity_notice, identity_warning
from charging.clinics import rules, selectors, services
from charging.clinics.forms import AgendaItemForm, ClinicActionForm, ClinicForm, ClinicOutcomeForm
from charging.clinics.models import ClinicStatus
from rasso.accounts.models import CPS_ROLES, POLICE_ROLES, Organisation, User
from rasso.accounts.selectors import roles_of
from rasso.core.errors import DomainError, Forbidden, refuse
from rasso.core.web import (
    AuthenticatedRequest,
    button_action,
    form_action,
    form_page,
    paginate,
    posted,
    refusal_on_form,
    refusal_status,
)


def _clinic_url(clinic_pk: int) -> str:
    return reverse("charging:clinic", args=[clinic_pk])


def _spoc_area(user: User) -> Organisation:
    area = selectors.spoc_area(user)
    if area is None:
        raise Forbidden("Only a CPS SPOC schedules clinics")
    refuse(rules.clinic_schedule_refusal(user, area.pk))
    return area


@require_GET
@login_required
def clinics_list(request: AuthenticatedRequest) -> HttpResponse:
    """The clinics of the user's Area, or of the clinics their force attends,
    latest first."""
    if not roles_of(request.user) & (POLICE_ROLES | CPS_ROLES):
        raise Http404("No clinics for this role")
    return render(
        request,
        "charging/clinic_list.html",
        {
            "pagination": paginate(request, selectors.clinics_list(request.user)),
            "may_schedule": rules.clinic_schedule_refusal(
                request.user, area.pk if (area := selectors.spoc_area(request.user)) else None
            )
            is None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def clinic_schedule(request: AuthenticatedRequest) -> HttpResponse:
    area = _spoc_area(request.user)
    form = ClinicForm(
        posted(request),
        forces=selectors.area_forces(area),
        attendees=selectors.clinic_attendee_choices(area),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            clinic = services.clinic_schedule(
                actor=request.user, cps_area=area, **form.cleaned_data
            )
        except DomainError as error:
            refusal_on_form(form, error)
            status = refusal_status(error)
        else:
            messages.success(request, "Clinic scheduled")
            return redirect(_clinic_url(clinic.pk))
    return form_page(
        request,
        form,
        title="Schedule a RASSO clinic",
        submit="Schedule the clinic",
        back_url=reverse("charging:clinics"),
        caption=f"CPS {area.name}",
        status=status,
    )


@require_GET
@login_required
def clinic_detail(request: AuthenticatedRequest, clinic: int) -> HttpResponse:
    """The clinic's agenda and minutes. An item whose case the viewer cannot
    see shows only as "an item for <force>" (``selectors.clinic_agenda``)."""
    found = selectors.clinic_get(request.user, clinic)
    pagination = paginate(request, selectors.clinic_agenda(request.user, found))
    page_items = list(pagination.page.object_list)
    # Free text of each case as this user may read it (identity scrubbed).
    texts = CaseTexts(request.user).prepare(item.case for item in page_items)
    may_record = rules.clinic_outcome_refusal(request.user, found) is None
    may_add_action = rules.clinic_action_refusal(request.user, found) is None
    items = [
        {
            "item": item,
            "visible": item.case_visible,
            "record": may_record and item.case_visible,
            "add_action": may_add_action and item.case_visible,
            "reader": texts.reader(item.case),
            "actions": [
                {
                    "action": action,
                    "complete": rules.clinic_action_complete_refusal(request.user, action) is None,
                }
                for action in item.actions.all()
            ],
        }
        for item in page_items
    ]
    return render(
        request,
        "charging/clinic_detail.html",
        {
            "clinic": found,
            "pagination": pagination,
            "items": items,
            "may_add": rules.clinic_agenda_refusal(request.user, found) is None,
            "may_hold": rules.clinic_hold_refusal(request.user, found) is None,
            "may_cancel": rules.clinic_move_refusal(
                request.user, found, ClinicStatus.CANCELLED, "cancelled"
            )
            is None,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def clinic_agenda_add(request: AuthenticatedRequest, clinic: int) -> HttpResponse:
    found = selectors.clinic_get(request.user, clinic)
    if request.method == "GET":
        refuse(rules.clinic_agenda_refusal(request.user, found))

    def add(data: dict[str, Any]) -> None:
        case = selectors.case_for_agenda(request.user, data["urn"])
        if case is None:
            raise DomainError("You can only add a case you work on: check the URN")
        services.clinic_agenda_add(
            actor=request.user, clinic=found, case=case, question=data["question"]
        )

    def notice(data: dict[str, Any]) -> str | None:
        case = selectors.case_for_agenda(request.user, data["urn"])
        return identity_warning(request.user, case, [data["question"]]) if case else None

    return form_action(
        request,
        AgendaItemForm(posted(request)),
        add,
        notice=notice,
        back_url=_clinic_url(found.pk),
        done="Case added to the agenda",
        title="Add a case to the agenda",
        submit="Add to the agenda",
        caption=str(found),
        intro="Once on the agenda, the case is visible to the Area's CPS SPOC.",
    )


@require_POST
@login_required
def clinic_hold(request: AuthenticatedRequest, clinic: int) -> HttpResponse:
    found = selectors.clinic_get(request.user, clinic)
    return button_action(
        request,
        lambda: services.clinic_hold(actor=request.user, clinic=found),
        back_url=_clinic_url(found.pk),
        done="Clinic marked as held: record the outcomes",
    )


@require_POST
@login_required
def clinic_cancel(request: AuthenticatedRequest, clinic: int) -> HttpResponse:
    found = selectors.clinic_get(request.user, clinic)
    return button_action(
        request,
        lambda: services.clinic_cancel(actor=request.user, clinic=found),
        back_url=_clinic_url(found.pk),
        done="Clinic cancelled",
    )


@require_http_methods(["GET", "POST"])
@login_required
def clinic_outcome(request: AuthenticatedRequest, clinic: int, item: int) -> HttpResponse:
    found = selectors.agenda_item_get(request.user, clinic, item)
    if request.method == "GET":
        refuse(rules.clinic_outcome_refusal(request.user, found.clinic))

    def record(data: dict[str, Any]) -> None:
        services.clinic_outcome_record(actor=request.user, item=found, **data)

    return form_action(
        request,
        ClinicOutcomeForm(posted(request)),
        record,
        notice=identity_notice(request.user, found.case),
        back_url=_clinic_url(found.clinic.pk),
        done="Outcome recorded",
        title="Record the outcome",
        submit="Record the outcome",
        caption=found.case.urn,
    )


@require_http_methods(["GET", "POST"])
@login_required
def clinic_action_add(request: AuthenticatedRequest, clinic: int, item: int) -> HttpResponse:
    found = selectors.agenda_item_get(request.user, clinic, item)
    if request.method == "GET":
        refuse(rules.clinic_action_refusal(request.user, found.clinic))

    def add(data: dict[str, Any]) -> None:
        services.clinic_action_add(actor=request.user, item=found, **data)

    return form_action(
        request,
        ClinicActionForm(posted(request), attendees=found.clinic.attendees.all()),
        add,
        notice=identity_notice(request.user, found.case),
        back_url=_clinic_url(found.clinic.pk),
        done="Action added",
        title="Add an action",
        submit="Add the action",
        caption=found.case.urn,
    )


@require_POST
@login_required
def clinic_action_complete(request: AuthenticatedRequest, clinic: int, action: int) -> HttpResponse:
    found = selectors.clinic_action_get(request.user, clinic, action)
    return button_action(
        request,
        lambda: services.clinic_action_complete(actor=request.user, action=found),
        back_url=_clinic_url(clinic),
        done="Action marked as done",
    )
