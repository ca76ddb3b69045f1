"""Device extractions in the browser: their section of the case's Disclosure
tab (``device_section``), the case's list of them, an extraction's page, the
draft's form and one form per step of its life.

Each step is one row of ``STEPS``: its form, its rule, its service and its
words, read by the extraction's page (which buttons it offers) and by the
one view that runs a step. Only those entitled to the complainant's identity
see an extraction at all, so its free text is shown as written. Every page
showing an extraction is a view of it, audited with its number; a list,
with the numbers it showed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors as case_selectors
from cases.identity import identity_notice
from cases.models import CaseFile
from cases.views import render_case_page
from disclosure.devices import forms as step_forms
from disclosure.devices import rules, selectors, services
from disclosure.devices.forms import ExtractionForm
from disclosure.devices.models import DeviceExtraction
from rasso.accounts.models import User
from rasso.audit.services import audit_record
from rasso.core.errors import refuse
from rasso.core.web import AuthenticatedRequest, form_action, paginate, posted

Rule = Callable[[User, CaseFile, DeviceExtraction], str | None]

# How many extractions the Disclosure tab shows before it links to the list.
SECTION_SIZE = 5


@dataclass(frozen=True)
class Step:
    label: str  # the button, and the form's title
    form: Callable[[Any], forms.Form]
    rule: Rule
    act: Callable[..., Any]  # the service, given actor, extraction and the form's data
    done: str
    secondary: bool = True
    intro: Callable[[DeviceExtraction], str] | None = None


def _notice_intro(extraction: DeviceExtraction) -> str:
    """The notice the user is given, with what is sought and why."""
    sought = ", ".join(extraction.category_labels()).lower()
    return (
        f"What is sought: {sought}, from {extraction.date_from:%-d %B %Y} to "
        f"{extraction.date_to:%-d %B %Y}, on the device its user volunteers. "
        f"{rules.NOTICE_TEXT} (Notice version {rules.NOTICE_VERSION}.)"
    )


STEPS: dict[str, Step] = {
    "notice": Step(
        "Record the written notice",
        step_forms.NoticeForm,
        rules.extraction_notice_refusal,
        services.extraction_notice_give,
        "Notice to the device's user recorded",
        secondary=False,
        intro=_notice_intro,
    ),
    "agree": Step(
        "Record the user's agreement",
        step_forms.AgreeForm,
        rules.extraction_agree_refusal,
        services.extraction_agree,
        "The user's agreement is recorded",
        secondary=False,
    ),
    "refuse": Step(
        "Record the user's refusal",
        step_forms.RefuseForm,
        rules.extraction_refuse_refusal,
        services.extraction_refuse,
        "The refusal is recorded, without prejudice to the case",
        intro=lambda _: rules.WITHOUT_PREJUDICE,
    ),
    "extract": Step(
        "Record the extraction",
        step_forms.ExtractForm,
        rules.extraction_extract_refusal,
        services.extraction_extract,
        "Extraction recorded",
        secondary=False,
    ),
    "review": Step(
        "Record the review",
        step_forms.ReviewForm,
        rules.extraction_review_refusal,
        services.extraction_review,
        "Review recorded",
        secondary=False,
    ),
    "return": Step(
        "Record the device's return",
        step_forms.ReturnForm,
        rules.extraction_return_refusal,
        services.extraction_return,
        "The device's return is recorded",
    ),
    "withdraw": Step(
        "Record a withdrawal of agreement",
        step_forms.WithdrawForm,
        rules.extraction_withdraw_refusal,
        services.extraction_withdraw,
        "Withdrawal recorded: nothing further is processed",
        intro=lambda _: (
            "From now nothing further is processed, and what was extracted but "
            "not yet reviewed is marked for deletion."
        ),
    ),
}


def _list_url(case_pk: int) -> str:
    return reverse("disclosure:device-list", args=[case_pk])


def _extraction_url(extraction: DeviceExtraction) -> str:
    return reverse("disclosure:device", args=[extraction.case_id, extraction.pk])


def _viewed(user: User, found: DeviceExtraction, page: str) -> None:
    """A page showing the extraction (its own, its draft's form, a step's form)."""
    audit_record(
        actor=user,
        action="disclosure.device_extraction_viewed",
        obj=found,
        detail={"case": found.case_id, "owner": found.owner, "page": page},
    )


def device_section(user: User, case: CaseFile) -> dict[str, Any]:
    """The context of the Disclosure tab's "Device extractions" section
    (``disclosure/includes/devices.html``): the newest few the user may see
    (one query, with the entitlement's two), and whether they may ask for one."""
    newest = list(selectors.extractions_list(user, case.pk)[: SECTION_SIZE + 1])
    return {
        "extractions": newest[:SECTION_SIZE],
        "more": len(newest) > SECTION_SIZE,
        "may_create": rules.extraction_create_refusal(user, case) is None,
    }


@require_GET
@login_required
def device_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every device extraction on the case that the user may see, a page at a time."""
    case = case_selectors.case_get(request.user, pk)
    pagination = paginate(request, selectors.extractions_list(request.user, case.pk))
    shown = [e.pk for e in pagination.page.object_list]
    if shown:
        # The case's view is on the record (``render_case_page``); which
        # extractions it showed is said here.
        audit_record(
            actor=request.user,
            action="disclosure.listed",
            obj=case,
            detail={"device_extractions": shown},
        )
    return render_case_page(
        request,
        case,
        "disclosure/devices/device_list.html",
        {
            "pagination": pagination,
            "may_create": rules.extraction_create_refusal(request.user, case) is None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def device_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get(request.user, pk)
    refuse(rules.extraction_create_refusal(request.user, case))
    form = ExtractionForm(posted(request), complainants=case.complainants.order_by("pk"))
    return form_action(
        request,
        form,
        lambda data: services.extraction_create(
            actor=request.user, case=case, details=form.details()
        ),
        notice=identity_notice(request.user, case),
        back_url=reverse("disclosure:case-disclosure", args=[case.pk]),
        done="Device extraction drafted: give its user the written notice next",
        title="Ask to extract information from a device",
        submit="Save the draft",
        caption=case.urn,
        intro="Information extracted from a device its user volunteers, under the Police, "
        "Crime, Sentencing and Courts Act 2022 s.37: only for a reasonable line of enquiry, "
        "when necessary and proportionate, limited by dates and kinds of data.",
        case=case,
    )


@require_GET
@login_required
def device_detail(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    found = selectors.extraction_get(request.user, item, case_pk=pk)
    _viewed(request.user, found, "extraction")
    case = found.case
    steps = [
        {"slug": slug, "step": step}
        for slug, step in STEPS.items()
        if step.rule(request.user, case, found) is None
    ]
    return render_case_page(
        request,
        case,
        "disclosure/devices/device_detail.html",
        {
            "extraction": found,
            "steps": steps,
            "may_edit": rules.extraction_edit_refusal(request.user, case, found) is None,
            "notice_text": rules.NOTICE_TEXT,
            "notice_version": rules.NOTICE_VERSION,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def device_edit(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    found = selectors.extraction_get(request.user, item, case_pk=pk)
    refuse(rules.extraction_edit_refusal(request.user, found.case, found))
    if request.method == "GET":
        _viewed(request.user, found, "change")
    form = ExtractionForm(
        posted(request), complainants=found.case.complainants.order_by("pk"), instance=found
    )
    return form_action(
        request,
        form,
        lambda data: services.extraction_update(
            actor=request.user, extraction=found, details=form.details()
        ),
        notice=identity_notice(request.user, found.case),
        back_url=_extraction_url(found),
        done="Draft changed",
        title="Change the draft extraction",
        submit="Save the draft",
        caption=found.case.urn,
        case=found.case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def device_step(request: AuthenticatedRequest, pk: int, item: int, step: str) -> HttpResponse:
    """One step of the extraction's life (``STEPS``): its form, its service."""
    if step not in STEPS:
        raise Http404("No such step")
    action = STEPS[step]
    found = selectors.extraction_get(request.user, item, case_pk=pk)
    if request.method == "GET":
        refuse(action.rule(request.user, found.case, found))
        _viewed(request.user, found, step)
    return form_action(
        request,
        action.form(posted(request)),
        lambda data: action.act(actor=request.user, extraction=found, **data),
        notice=identity_notice(request.user, found.case),
        back_url=_extraction_url(found),
        done=action.done,
        title=action.label,
        submit=action.label,
        caption=f"{found.case.urn}: device extraction {found.pk} ({found.owner})",
        intro=action.intro(found) if action.intro is not None else "",
        case=found.case,
    )
