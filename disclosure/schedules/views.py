"""Unused material in the browser: a schedule's page (its items, each
item's reviews, the steps it allows), the item forms of a draft (an item
from third-party material among them), the prosecutor's review of an item,
the MG6E, the DMD and the disclosure record sheet. The case's Disclosure
tab lists them (``disclosure.views.case_disclosure``).

Each step of a document's life is one row of a ``*_STEPS`` table: its form,
its rule, its service and its words, read by the document's page (which
buttons it offers) and by the one view that runs a step. Every page answers
404 to anyone not entitled to the case's complainants' identity
(``selectors.unused_material_case``); free text is shown through the
identity scrubber (``|readable:reader``) all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.identity import identity_notice
from cases.models import CaseFile
from cases.views import render_case_page
from disclosure.requests.models import VictimInformationRequest
from disclosure.schedules import forms as step_forms
from disclosure.schedules import rules, selectors, services
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    ManagementDocument,
    Schedule,
    ScheduleKind,
)
from rasso.accounts.models import User
from rasso.audit.services import audit_note_listed, audit_record
from rasso.core.errors import DomainError, Forbidden, refuse
from rasso.core.web import AuthenticatedRequest, form_action, posted, refusal_page


@dataclass(frozen=True)
class Step:
    label: str  # the button, and the form's title
    form: Callable[..., forms.Form]  # given the posted data and the document
    rule: Callable[[User, CaseFile, Any], str | None]
    act: Callable[..., Any]  # the service, given actor, the document and the form's data
    done: str
    secondary: bool = True


SCHEDULE_STEPS: dict[str, Step] = {
    "serve": Step(
        "Serve the schedule",
        step_forms.ConfirmForm,
        rules.schedule_serve_refusal,
        lambda **kw: services.schedule_serve(actor=kw["actor"], schedule=kw["document"]),
        "Schedule served on the prosecutor",
        secondary=False,
    ),
    "nil-return": Step(
        "Sign a nil return",
        step_forms.NilReturnForm,
        rules.schedule_nil_return_refusal,
        lambda **kw: services.schedule_nil_return(
            actor=kw["actor"], schedule=kw["document"], statement=kw["statement"]
        ),
        "Nil return signed and served",
    ),
    "send-back": Step(
        "Send it back as insufficient",
        lambda data, document: step_forms.SendBackForm(data, schedule=document),
        rules.schedule_send_back_refusal,
        lambda **kw: services.schedule_send_back(
            actor=kw["actor"],
            schedule=kw["document"],
            item_numbers=kw["item_numbers"],
            reason=kw["reason"],
            reply_by=kw["reply_by"],
        ),
        "Schedule sent back: re-serving it is a deadline for the officer in the case",
    ),
}

REPORT_STEPS: dict[str, Step] = {
    "serve": Step(
        "Serve the MG6E",
        step_forms.ConfirmForm,
        rules.report_serve_refusal,
        lambda **kw: services.report_serve(actor=kw["actor"], report=kw["document"]),
        "MG6E served on the prosecutor",
        secondary=False,
    ),
}

DMD_STEPS: dict[str, Step] = {
    "serve": Step(
        "Send it to the prosecutor",
        step_forms.ConfirmForm,
        rules.dmd_serve_refusal,
        lambda **kw: services.dmd_serve(actor=kw["actor"], dmd=kw["document"]),
        "Disclosure management document sent to the prosecutor",
        secondary=False,
    ),
    "agree": Step(
        "Agree the document",
        step_forms.DmdAgreeForm,
        rules.dmd_agree_refusal,
        lambda **kw: services.dmd_agree(
            actor=kw["actor"], dmd=kw["document"], comments=kw["comments"]
        ),
        "Disclosure management document agreed",
        secondary=False,
    ),
}


def _tab_url(case_pk: int) -> str:
    return reverse("disclosure:case-disclosure", args=[case_pk])


def _schedule_url(schedule: Schedule) -> str:
    return reverse("disclosure:schedule", args=[schedule.case_id, schedule.pk])


def _report_url(report: DisclosureOfficerReport) -> str:
    return reverse("disclosure:report", args=[report.case_id, report.pk])


def _dmd_url(dmd: ManagementDocument) -> str:
    return reverse("disclosure:dmd", args=[dmd.case_id, dmd.pk])


def _record_url(case_pk: int) -> str:
    return reverse("disclosure:record-sheet", args=[case_pk])


def _offered(steps: dict[str, Step], user: User, case: CaseFile, document: Any) -> list[Any]:
    return [
        {"slug": slug, "step": step}
        for slug, step in steps.items()
        if step.rule(user, case, document) is None
    ]


def _viewed(user: User, document: Any, what: str) -> None:
    audit_record(
        actor=user,
        action=f"disclosure.{what}_viewed",
        obj=document,
        detail={"case": document.case_id, "edition": document.edition},
    )


def _started(
    request: AuthenticatedRequest,
    case: CaseFile,
    start: Callable[[], Any],
    url: Callable[[Any], str],
) -> HttpResponse:
    """A button that starts a document (or its next edition): on to its page."""
    try:
        document = start()
    except Forbidden as error:
        return refusal_page(request, str(error), back_url=_tab_url(case.pk))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_tab_url(case.pk))
    messages.success(request, "Draft started")
    return redirect(url(document))


def _run_step(
    request: AuthenticatedRequest,
    case: CaseFile,
    document: Any,
    action: Step,
    *,
    back_url: str,
    caption: str,
) -> HttpResponse:
    if request.method == "GET":
        refuse(action.rule(request.user, case, document))
    return form_action(
        request,
        action.form(posted(request), document=document),
        lambda data: action.act(actor=request.user, document=document, **data),
        notice=identity_notice(request.user, case),
        back_url=back_url,
        done=action.done,
        title=action.label,
        submit=action.label,
        caption=caption,
        case=case,
    )


# -- schedules ----------------------------------------------------------------


@require_POST
@login_required
def schedule_start(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    if kind not in ScheduleKind.values:
        raise Http404("No such schedule")
    return _started(
        request,
        case,
        lambda: services.schedule_start(actor=request.user, case=case, kind=kind),
        _schedule_url,
    )


@require_GET
@login_required
def schedule_detail(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    schedule = selectors.schedule_get(case, item)
    _viewed(request.user, schedule, "schedule")
    user = request.user
    return render_case_page(
        request,
        case,
        "disclosure/schedule_detail.html",
        {
            "schedule": schedule,
            "items": list(schedule.items.all()),
            "steps": _offered(SCHEDULE_STEPS, user, case, schedule),
            "may_edit": rules.schedule_edit_refusal(user, case, schedule) is None,
            "may_review": rules.item_review_refusal(user, case, schedule) is None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def schedule_step(request: AuthenticatedRequest, pk: int, item: int, step: str) -> HttpResponse:
    """One step of a schedule's life (``SCHEDULE_STEPS``)."""
    if step not in SCHEDULE_STEPS:
        raise Http404("No such step")
    case = selectors.unused_material_case(request.user, pk)
    schedule = selectors.schedule_get(case, item)
    return _run_step(
        request,
        case,
        schedule,
        SCHEDULE_STEPS[step],
        back_url=_schedule_url(schedule),
        caption=f"{case.urn}: {schedule.label}",
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_add(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    schedule = selectors.schedule_get(case, item)
    refuse(rules.schedule_edit_refusal(request.user, case, schedule))
    form = step_forms.ItemForm(posted(request), schedule=schedule)
    return form_action(
        request,
        form,
        lambda data: services.schedule_item_add(
            actor=request.user, schedule=schedule, details=form.details()
        ),
        notice=identity_notice(request.user, case),
        back_url=_schedule_url(schedule),
        done=lambda made: f"Item {made.number} added",
        title="Add an item",
        submit="Add the item",
        caption=f"{case.urn}: {schedule.label}",
        case=case,
    )


@dataclass(frozen=True)
class ThirdPartyMaterial:
    """One reviewed victim information request as the chooser shows it: by
    the kind of holder and its dates, never whose records they are."""

    request: VictimInformationRequest
    scheduled: list[int]  # the case's item numbers made from it, any schedule
    on_this_schedule: int | None  # its item on this edition, if there is one

    @property
    def offered(self) -> bool:
        return bool(self.request.relevant) and self.on_this_schedule is None


def _third_party_material(user: User, case: CaseFile, schedule: Schedule) -> list[Any]:
    made = selectors.items_from_requests(case)
    rows = []
    for vir in selectors.third_party_material_of(user, case):
        items = made.get(vir.pk, [])
        here = [number for schedule_id, number in items if schedule_id == schedule.pk]
        rows.append(
            ThirdPartyMaterial(
                request=vir,
                scheduled=sorted({number for _, number in items}),
                on_this_schedule=here[0] if here else None,
            )
        )
    audit_note_listed([row.request for row in rows])
    return rows


@require_GET
@login_required
def item_sources(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    """The schedule page's "Add item from third-party material": the case's
    victim information requests whose material was reviewed for relevance,
    to schedule the relevant part of one."""
    case = selectors.unused_material_case(request.user, pk)
    schedule = selectors.schedule_get(case, item)
    refuse(rules.schedule_edit_refusal(request.user, case, schedule))
    return render_case_page(
        request,
        case,
        "disclosure/schedule_item_sources.html",
        {"schedule": schedule, "material": _third_party_material(request.user, case, schedule)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_add_from_request(
    request: AuthenticatedRequest, pk: int, item: int, source: int
) -> HttpResponse:
    """An item from the relevant part of one request's material, its
    description and reason for sensitivity first offered from the review."""
    case = selectors.unused_material_case(request.user, pk)
    schedule = selectors.schedule_get(case, item)
    material = selectors.third_party_material_get(request.user, case, source)
    refuse(rules.schedule_item_from_request_refusal(request.user, case, schedule, material))
    form = step_forms.ItemForm(
        posted(request), schedule=schedule, initial=step_forms.item_from_request_initial(material)
    )
    intro = (
        f"From the {material.get_holder_kind_display()} records received on "
        f"{date_format(material.received_on, 'j F Y') if material.received_on else '(no date)'} "
        f"(victim information request {material.pk}). Only the part found relevant on review "
        "is scheduled."
    )
    if not schedule.is_sensitive:
        intro += (
            " Third-party material about a complainant is normally sensitive: it normally "
            "goes on the MG6D."
        )
    return form_action(
        request,
        form,
        lambda data: services.schedule_item_add(
            actor=request.user, schedule=schedule, details=form.details(), from_request=material
        ),
        notice=identity_notice(request.user, case),
        back_url=_schedule_url(schedule),
        done=lambda made: f"Item {made.number} added from third-party material",
        title="Add an item from third-party material",
        submit="Add the item",
        caption=f"{case.urn}: {schedule.label}",
        intro=intro,
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: AuthenticatedRequest, pk: int, item: int, number: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    schedule = selectors.schedule_get(case, item)
    found = selectors.item_get(schedule, number)
    refuse(rules.schedule_edit_refusal(request.user, case, schedule))
    form = step_forms.ItemForm(posted(request), schedule=schedule, instance=found)
    return form_action(
        request,
        form,
        lambda data: services.schedule_item_update(
            actor=request.user, schedule=schedule, number=number, details=form.details()
        ),
        notice=identity_notice(request.user, case),
        back_url=_schedule_url(schedule),
        done=f"Item {number} changed",
        title=f"Change item {number}",
        submit="Save the item",
        caption=f"{case.urn}: {schedule.label}",
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_review(request: AuthenticatedRequest, pk: int, item: int, number: int) -> HttpResponse:
    """The prosecutor's review of one item of a served schedule."""
    case = selectors.unused_material_case(request.user, pk)
    schedule = selectors.schedule_get(case, item)
    found = selectors.item_get(schedule, number)
    refuse(rules.item_review_refusal(request.user, case, schedule))
    return form_action(
        request,
        step_forms.ItemReviewForm(posted(request)),
        lambda data: services.item_review(
            actor=request.user, schedule=schedule, number=found.number, **data
        ),
        notice=identity_notice(request.user, case),
        back_url=_schedule_url(schedule),
        done=f"Item {number} reviewed",
        title=f"Review item {number}",
        submit="Record your decision",
        caption=f"{case.urn}: {schedule.label}",
        case=case,
    )


# -- the MG6E -----------------------------------------------------------------


@require_POST
@login_required
def report_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    return _started(
        request, case, lambda: services.report_start(actor=request.user, case=case), _report_url
    )


@require_GET
@login_required
def report_detail(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    report = selectors.report_get(case, item)
    _viewed(request.user, report, "mg6e")
    return render_case_page(
        request,
        case,
        "disclosure/report_detail.html",
        {
            "report": report,
            "entries": list(report.entries.all()),
            "steps": _offered(REPORT_STEPS, request.user, case, report),
            "may_edit": rules.report_edit_refusal(request.user, case, report) is None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_entry_add(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    report = selectors.report_get(case, item)
    refuse(rules.report_edit_refusal(request.user, case, report))
    return form_action(
        request,
        step_forms.ReportEntryForm(posted(request)),
        lambda data: services.report_entry_add(actor=request.user, report=report, **data),
        notice=identity_notice(request.user, case),
        back_url=_report_url(report),
        done="Entry added",
        title="Add material that might undermine the prosecution or assist the defence",
        submit="Add the entry",
        caption=f"{case.urn}: MG6E edition {report.edition}",
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_step(request: AuthenticatedRequest, pk: int, item: int, step: str) -> HttpResponse:
    if step not in REPORT_STEPS:
        raise Http404("No such step")
    case = selectors.unused_material_case(request.user, pk)
    report = selectors.report_get(case, item)
    return _run_step(
        request,
        case,
        report,
        REPORT_STEPS[step],
        back_url=_report_url(report),
        caption=f"{case.urn}: MG6E edition {report.edition}",
    )


# -- the DMD ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def dmd_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Draft the DMD, or its next edition (starting from the last one)."""
    case = selectors.unused_material_case(request.user, pk)
    refuse(rules.dmd_start_refusal(request.user, case))
    form = step_forms.DmdForm(posted(request), instance=selectors.dmds_of(case).first())
    return form_action(
        request,
        form,
        lambda data: services.dmd_start(actor=request.user, case=case, details=form.details()),
        notice=identity_notice(request.user, case),
        back_url=_tab_url(case.pk),
        done="Disclosure management document drafted",
        title="Draft the disclosure management document",
        submit="Save the draft",
        caption=case.urn,
        case=case,
    )


@require_GET
@login_required
def dmd_detail(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    dmd = selectors.dmd_get(case, item)
    _viewed(request.user, dmd, "dmd")
    return render_case_page(
        request,
        case,
        "disclosure/dmd_detail.html",
        {
            "dmd": dmd,
            "steps": _offered(DMD_STEPS, request.user, case, dmd),
            "may_edit": rules.dmd_edit_refusal(request.user, case, dmd) is None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def dmd_edit(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    dmd = selectors.dmd_get(case, item)
    refuse(rules.dmd_edit_refusal(request.user, case, dmd))
    form = step_forms.DmdForm(posted(request), instance=dmd)
    return form_action(
        request,
        form,
        lambda data: services.dmd_update(actor=request.user, dmd=dmd, details=form.details()),
        notice=identity_notice(request.user, case),
        back_url=_dmd_url(dmd),
        done="Draft changed",
        title="Change the disclosure management document",
        submit="Save the draft",
        caption=case.urn,
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def dmd_step(request: AuthenticatedRequest, pk: int, item: int, step: str) -> HttpResponse:
    if step not in DMD_STEPS:
        raise Http404("No such step")
    case = selectors.unused_material_case(request.user, pk)
    dmd = selectors.dmd_get(case, item)
    return _run_step(
        request,
        case,
        dmd,
        DMD_STEPS[step],
        back_url=_dmd_url(dmd),
        caption=f"{case.urn}: disclosure management document edition {dmd.edition}",
    )


# -- the record sheet ---------------------------------------------------------


@require_GET
@login_required
def record_sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    audit_record(
        actor=request.user,
        action="disclosure.record_sheet_viewed",
        obj=case,
        detail={"case": case.pk},
    )
    may_record = rules.disclosure_record_refusal(request.user, case) is None
    return render_case_page(
        request,
        case,
        "disclosure/record_sheet.html",
        {"entries": list(selectors.record_sheet_of(case)), "may_record": may_record},
    )


@require_http_methods(["GET", "POST"])
@login_required
def disclosed_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    refuse(rules.disclosure_record_refusal(request.user, case))
    return form_action(
        request,
        step_forms.DisclosedForm(posted(request)),
        lambda data: services.disclosure_record(actor=request.user, case=case, **data),
        notice=identity_notice(request.user, case),
        back_url=_record_url(case.pk),
        done="Disclosure recorded",
        title="Record material disclosed to the defence",
        submit="Record the disclosure",
        caption=case.urn,
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def defence_statement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.unused_material_case(request.user, pk)
    refuse(rules.disclosure_record_refusal(request.user, case))
    return form_action(
        request,
        step_forms.DefenceStatementForm(posted(request)),
        lambda data: services.defence_statement_record(actor=request.user, case=case, **data),
        notice=identity_notice(request.user, case),
        back_url=_record_url(case.pk),
        done="Defence statement recorded",
        title="Record the defence statement received",
        submit="Record it",
        caption=case.urn,
        case=case,
    )


def unused_material_tab(user: User, case: CaseFile) -> dict[str, Any]:
    """What the case's Disclosure tab shows of unused material: nothing at all
    to anyone not entitled to it."""
    if not selectors.may_see_unused_material(user, case):
        return {"unused_material": None}
    schedules = list(selectors.schedules_of(case))
    reports = list(selectors.reports_of(case))
    dmds = list(selectors.dmds_of(case))
    # A document with a draft is continued from its page, not started again.
    drafting = {s.kind for s in schedules if s.is_draft}
    return {
        "unused_material": {
            "schedules": schedules,
            "reports": reports,
            "dmds": dmds,
            "may_start": rules.schedule_start_refusal(user, case) is None,
            "kinds": [
                (kind, label) for kind, label in ScheduleKind.choices if kind not in drafting
            ],
            "may_start_report": rules.report_start_refusal(user, case) is None
            and not any(r.is_draft for r in reports),
            "may_start_dmd": rules.dmd_start_refusal(user, case) is None
            and not any(d.is_draft for d in dmds),
        }
    }
