"""The case file in the browser: the case lists, the case page and its tabs,
and the forms that call ``cases.services``.

Every case comes from ``cases.selectors`` (a case the user may not see is a
404), every change from a service (its ``DomainError`` is shown as a GOV.UK
error), and every page that shows a case or a document is written to the
audit log. Other apps add tabs and summary sections to the case page through
``case_tab_register`` and ``case_summary_section_register``: ``cases`` never
imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import rules, selectors, services
from cases.downloads import document_response
from cases.forms import (
    AllocateProsecutorForm,
    BulkAllocationForm,
    CaseCreateForm,
    CaseEditForm,
    CaseFilterForm,
    ConfirmForm,
    DocumentUploadForm,
    FilterChoices,
    OffenceForm,
    ReallocateOicForm,
    ShareForm,
    SuspectForm,
)
from cases.identity import CaseTexts
from cases.models import CaseFile, CaseStatus, DocumentKind
from rasso.accounts.models import CPS_ROLES, POLICE_ROLES, Organisation, Role, User
from rasso.accounts.selectors import memberships_of, roles_of
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, Forbidden, refuse
from rasso.core.web import (
    AuthenticatedRequest,
    form_action,
    form_page,
    paginate,
    posted,
    refusal_on_form,
    refusal_page,
    refusal_status,
)

# -- the case page's tabs and sections, which other apps extend ------------


@dataclass(frozen=True)
class CaseTab:
    label: str
    url_name: str  # a URL taking the case's pk
    order: int


CASE_TABS: list[CaseTab] = [
    CaseTab("Summary", "cases:detail", 10),
    CaseTab("Timeline", "cases:timeline", 20),
    CaseTab("Documents", "cases:documents", 30),
    CaseTab("Deadlines", "cases:deadlines", 40),
]


def case_tab_register(tab: CaseTab) -> None:
    """Add a tab to every case page's sub-navigation (victims: Complainants)."""
    if tab not in CASE_TABS:
        CASE_TABS.append(tab)


def case_tabs(request: HttpRequest, case: CaseFile) -> list[dict[str, Any]]:
    current = request.resolver_match.view_name if request.resolver_match else ""
    return [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, args=[case.pk]),
            "active": tab.url_name == current,
        }
        for tab in sorted(CASE_TABS, key=lambda tab: tab.order)
    ]


@dataclass(frozen=True)
class CaseActions:
    """What the user may do to a case they can see, read from ``cases.rules``:
    the buttons and links a case page shows."""

    edit: bool
    # Some details may be changed (on a charged case, the date of charge).
    change_details: bool
    add_documents: bool
    start_investigation: bool
    submit: bool
    share: bool
    reallocate_oic: bool
    allocate_prosecutor: bool

    @property
    def any_workflow(self) -> bool:
        return any(
            (
                self.start_investigation,
                self.submit,
                self.share,
                self.reallocate_oic,
                self.allocate_prosecutor,
            )
        )


def case_actions(user: User, case: CaseFile) -> CaseActions:
    edit = rules.edit_refusal(user, case) is None
    return CaseActions(
        edit=edit,
        change_details=bool(rules.editable_details(user, case, services.CASE_FIELDS)),
        add_documents=rules.documents_refusal(user, case) is None,
        start_investigation=edit and case.status == CaseStatus.DRAFT,
        # Offered on a draft too: the submission page says what is missing;
        # and after an action plan, to resubmit the file.
        submit=edit
        and case.status in (CaseStatus.DRAFT, CaseStatus.INVESTIGATION, CaseStatus.ACTION_PLAN),
        share=rules.share_refusal(user, case) is None,
        reallocate_oic=rules.oic_reallocation_refusal(user, case) is None,
        allocate_prosecutor=rules.allocation_refusal(user, case) is None,
    )


@dataclass(frozen=True)
class SummarySection:
    """A card on the case's summary page, added by another app: its template
    is included with ``section`` holding ``context(request, case, actions)``."""

    template_name: str
    context: Callable[[AuthenticatedRequest, CaseFile, CaseActions], dict[str, Any]]
    order: int


CASE_SUMMARY_SECTIONS: list[SummarySection] = []


def case_summary_section_register(section: SummarySection) -> None:
    if section not in CASE_SUMMARY_SECTIONS:
        CASE_SUMMARY_SECTIONS.append(section)


def case_view_record(request: AuthenticatedRequest, case: CaseFile) -> None:
    """Audit a page showing the case: who, which page, from where."""
    page = request.resolver_match.view_name if request.resolver_match else ""
    audit_record(
        actor=request.user, action="case.view", obj=case, request=request, detail={"page": page}
    )


def render_case_page(
    request: AuthenticatedRequest,
    case: CaseFile,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a page of the case, with its sub-navigation, and write the
    view to the audit log. ``reader`` reads the case's free text as this
    user may (``{{ text|readable:reader }}``; its queries only if it is used)."""
    case_view_record(request, case)
    return render(
        request,
        template_name,
        {
            "case": case,
            "tabs": case_tabs(request, case),
            "reader": CaseTexts(request.user).reader(case),
            "full_width": True,
            **(context or {}),
        },
        status=status,
    )


# -- lists ------------------------------------------------------------------


def _sees_cases(user: User) -> bool:
    return bool(roles_of(user) & (POLICE_ROLES | CPS_ROLES))


def _police_forces(user: User) -> list[Organisation]:
    ids = {m.organisation_id for m in memberships_of(user) if m.role in POLICE_ROLES}
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids).prefetch_related("cps_areas"))


@require_GET
@login_required
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every case the user may see, filtered (MOJ filter), searched, sorted
    and paginated in SQL. A filter value that makes no sense is reported and
    left out; the rest still apply."""
    if not _sees_cases(request.user):
        raise Http404("No case list for this role")
    choices = FilterChoices.for_user(request.user)
    form = CaseFilterForm(request.GET, choices=choices)
    form.is_valid()
    sort = request.GET.get("sort", "")
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    pagination = paginate(
        request, selectors.case_listing(request.user, form.filters(sort), what_is_due=True)
    )
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "pagination": pagination,
            "sort": sort,
            "default_sort": selectors.DEFAULT_SORT,
            "selected": form.selected(request.GET),
            "clear_url": reverse("cases:list")
            + (f"?sort={sort}" if sort != selectors.DEFAULT_SORT else ""),
            "can_create": bool(roles_of(request.user) & POLICE_ROLES),
            "shows_suspects": bool(roles_of(request.user) & POLICE_ROLES),
            **_bulk_context(request.user, choices),
            "today": timezone.localdate(),
            "full_width": True,
        },
    )


@require_GET
@login_required
def case_queue(request: AuthenticatedRequest) -> HttpResponse:
    """The CPS SPOC's cases waiting for a prosecutor, oldest submission first."""
    if Role.CPS_SPOC not in roles_of(request.user):
        raise Http404("No allocation queue for this role")
    return render(
        request,
        "cases/case_queue.html",
        {
            "title": "Ready to allocate",
            "intro": "Cases submitted to your Area for a charging decision that have no "
            "prosecutor yet, oldest submission first.",
            "empty": "No cases are waiting for a prosecutor.",
            "pagination": paginate(request, selectors.ready_to_allocate(request.user)),
            "what_is_due": True,
            "queue": True,
            **_bulk_context(request.user),
            "today": timezone.localdate(),
            "full_width": True,
        },
    )


@require_GET
@login_required
def case_allocated(request: AuthenticatedRequest) -> HttpResponse:
    """The prosecutor's own cases."""
    if Role.PROSECUTOR not in roles_of(request.user):
        raise Http404("No allocated cases for this role")
    return render(
        request,
        "cases/case_queue.html",
        {
            "title": "My allocated cases",
            "intro": "Cases allocated to you, most recently changed first.",
            "empty": "No cases are allocated to you.",
            "pagination": paginate(request, selectors.allocated_to(request.user)),
            "full_width": True,
        },
    )


# -- creating and editing ---------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def case_create(request: AuthenticatedRequest) -> HttpResponse:
    """A police officer opens a case file and becomes its officer in the case."""
    forces = _police_forces(request.user)
    if not forces:
        raise Forbidden("Only police officers create cases")
    form = CaseCreateForm(posted(request), forces=forces)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=request.user,
                urn=form.cleaned_data["urn"],
                force=form.force(),
                cps_area=form.cps_area(),
                **form.details(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
            status = refusal_status(error)
        else:
            messages.success(
                request,
                f"Case file {case.urn} created: add its offences, suspects and complainants",
            )
            return redirect("cases:detail", pk=case.pk)
    caption = forces[0].name if len(forces) == 1 else ""
    return form_page(
        request,
        form,
        title="Create a case file",
        caption=caption,
        intro="You will be the officer in the case. You can add offences, suspects, "
        "complainants and documents next.",
        submit="Create case file",
        back_url=reverse("cases:list"),
        status=status,
    )


def editable_case(request: AuthenticatedRequest, pk: int) -> CaseFile:
    """A case the user may change: 404 if they may not see it, the refusal
    (403) if they may see it but not change it."""
    case = selectors.case_get(request.user, pk)
    refuse(rules.edit_refusal(request.user, case))
    return case


def _saved(request: HttpRequest, case: CaseFile, message: str, tab: str = "detail") -> HttpResponse:
    messages.success(request, message)
    return redirect(f"cases:{tab}", pk=case.pk)


@require_http_methods(["GET", "POST"])
@login_required
def case_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change the case's details. The form carries the version it was opened
    at: if someone changed the case since, nothing is saved and the officer
    keeps what they typed."""
    case = selectors.case_get(request.user, pk)
    fields = rules.editable_details(request.user, case, services.CASE_FIELDS)
    if not fields:
        raise Forbidden("You cannot change this case")
    form = CaseEditForm.for_case(case, posted(request), fields=fields)
    if request.method == "GET":
        case_view_record(request, case)

    def save(data: dict[str, Any]) -> None:
        services.case_update(
            actor=request.user, case=case, version=data["version"], **form.details()
        )

    return form_action(
        request,
        form,
        save,
        done="Case details saved",
        title="Change the case details",
        caption=case.urn,
        submit="Save changes",
        back_url=reverse("cases:detail", args=[case.pk]),
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def offence_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = editable_case(request, pk)
    return form_action(
        request,
        OffenceForm(posted(request)),
        lambda data: services.offence_add(actor=request.user, case=case, **data),
        done=lambda added: f"Offence added: {added.offence.title}",
        title="Add an offence",
        caption=case.urn,
        submit="Add offence",
        back_url=reverse("cases:detail", args=[case.pk]),
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def suspect_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = editable_case(request, pk)
    return form_action(
        request,
        SuspectForm(posted(request)),
        lambda data: services.suspect_add(actor=request.user, case=case, **data),
        done="Suspect added",
        title="Add a suspect",
        caption=case.urn,
        submit="Add suspect",
        back_url=reverse("cases:detail", args=[case.pk]),
        case=case,
    )


# -- the case page and its tabs ---------------------------------------------


@require_GET
@login_required
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The summary: details, offences, suspects, the other apps' sections
    (victims: complainants), and the workflow buttons the rules allow."""
    case = selectors.case_get(request.user, pk)
    actions = case_actions(request.user, case)
    sections = [
        {"template_name": s.template_name, "context": s.context(request, case, actions)}
        for s in sorted(CASE_SUMMARY_SECTIONS, key=lambda s: s.order)
    ]
    return render_case_page(
        request,
        case,
        "cases/case_detail.html",
        {
            "actions": actions,
            "offences": list(selectors.case_offences(case)),
            "suspects": list(selectors.case_suspects(case)),
            "sections": sections,
        },
    )


@require_GET
@login_required
def case_timeline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return render_case_page(
        request,
        case,
        "cases/case_timeline.html",
        {"pagination": paginate(request, selectors.case_events(case))},
    )


@require_GET
@login_required
def case_deadlines(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return render_case_page(
        request,
        case,
        "cases/case_deadlines.html",
        {
            "pagination": paginate(request, selectors.case_deadlines(case)),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_documents(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case's documents, with the upload form for those who may add one.
    A refused file is reported on the file field and leaves nothing behind
    (the service sees to that)."""
    case = selectors.case_get(request.user, pk)
    may_add = rules.documents_refusal(request.user, case) is None
    form = None
    if may_add:
        # A link from the submission checklist chooses the kind it asks for.
        kind = request.GET.get("kind", "")
        form = DocumentUploadForm(
            posted(request),
            request.FILES if request.method == "POST" else None,
            initial={"kind": kind} if kind in DocumentKind.values else None,
        )
    status = 200
    if request.method == "POST":
        if form is None:
            raise Forbidden("You cannot add documents to this case")
        if form.is_valid():
            upload = form.cleaned_data["upload"]
            try:
                document = services.document_upload(
                    actor=request.user,
                    case=case,
                    kind=form.cleaned_data["kind"],
                    upload=upload,
                    name=upload.name,
                    title=form.cleaned_data["title"],
                )
            except DomainError as error:
                form.add_error("upload", str(error))
                status = refusal_status(error)
            else:
                label = DocumentKind(document.kind).label
                return _saved(request, case, f"Document added: {label}", tab="documents")
    return render_case_page(
        request,
        case,
        "cases/case_documents.html",
        {
            "form": form,
            "pagination": paginate(request, selectors.case_documents(case)),
            "content_visible": selectors.document_content_visible(request.user, case),
        },
        status=status,
    )


@require_GET
@login_required
def document_download(request: AuthenticatedRequest, pk: int, doc_pk: int) -> HttpResponseBase:
    """The file, to someone who may see the case, as an attachment that a
    browser will neither render nor sniff; every download is audited."""
    document = selectors.document_get(request.user, pk, doc_pk)
    response = document_response(request, document)
    if response is None:
        return render(
            request,
            "cases/document_missing.html",
            {"case": document.case, "document": document},
            status=404,
        )
    return response


# -- the case's life --------------------------------------------------------


@require_POST
@login_required
def case_start_investigation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = editable_case(request, pk)
    try:
        services.case_start_investigation(actor=request.user, case=case)
    except Forbidden as error:
        return refusal_page(request, str(error), back_url=reverse("cases:detail", args=[case.pk]))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("cases:detail", pk=case.pk)
    # Started from the submission page, the officer goes back to it.
    return _saved(
        request,
        case,
        "Investigation started",
        tab="submit" if "then_submit" in request.POST else "detail",
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The file checklist and the submit button. A refused submission says
    why and changes nothing: its error summary links each missing item to
    the page where it is added. A draft is not refused with the case's
    state machine but told to start the investigation, with the button that
    does it."""
    case = editable_case(request, pk)
    form = ConfirmForm(posted(request))
    status = 200
    missing: list[services.ChecklistItem] = []
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_submit_for_charging(actor=request.user, case=case)
        except DomainError as error:
            status = refusal_status(error)
            if case.status == CaseStatus.DRAFT or isinstance(error, services.FileIncomplete):
                form.add_error(
                    None, "The file is not complete: add what is missing, then submit it"
                )
            else:
                form.add_error(None, str(error))
            # Whatever the refusal, the officer sees every gap at once.
            missing = _missing(case)
        else:
            return _saved(
                request, case, f"Submitted to CPS {case.cps_area.name} for a charging decision"
            )
    return render_case_page(
        request,
        case,
        "cases/case_submit.html",
        {
            "form": form,
            "checklist": services.case_checklist(case),
            "missing": missing,
            "draft": case.status == CaseStatus.DRAFT,
        },
        status=status,
    )


def _missing(case: CaseFile) -> list[services.ChecklistItem]:
    """What the file lacks before it can go to CPS, as the checklist shows it,
    each with what to do and where: first, for a draft, the investigation to
    start (the button on the submission page)."""
    started = (
        []
        if case.status != CaseStatus.DRAFT
        else [
            services.ChecklistItem(
                "Investigation started",
                False,
                "Start the investigation before you submit the file",
                "#start-investigation",
            )
        ]
    )
    return started + [item for item in services.case_checklist(case) if not item.done]


def _person_page(
    request: AuthenticatedRequest,
    case: CaseFile,
    form: ShareForm | ReallocateOicForm | AllocateProsecutorForm,
    act: Callable[[User], Model | None],
    *,
    title: str,
    submit: str,
    done: Callable[[User], str],
) -> HttpResponse:
    """A page with one select of people that calls one service."""
    return form_action(
        request,
        form,
        lambda data: act(form.person()),
        done=lambda data: done(form.person()),
        title=title,
        caption=case.urn,
        submit=submit,
        back_url=reverse("cases:detail", args=[case.pk]),
        case=case,
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_share(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    refuse(rules.share_refusal(request.user, case))

    def share(colleague: User) -> None:
        services.case_share(actor=request.user, case=case, colleague=colleague)

    return _person_page(
        request,
        case,
        ShareForm.for_case(case, request.user, posted(request)),
        share,
        title="Share the case with a colleague",
        submit="Share case",
        done=lambda colleague: f"Case shared with {colleague.full_name}",
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_reallocate_oic(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    refuse(rules.oic_reallocation_refusal(request.user, case))

    def reallocate(officer: User) -> CaseFile:
        return services.case_reallocate_oic(actor=request.user, case=case, new_oic=officer)

    return _person_page(
        request,
        case,
        ReallocateOicForm.for_case(case, posted(request)),
        reallocate,
        title="Change the officer in the case",
        submit="Change officer",
        done=lambda officer: f"{officer.full_name} is now the officer in the case",
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_allocate_prosecutor(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    refuse(rules.allocation_refusal(request.user, case))

    def allocate(prosecutor: User) -> CaseFile:
        return services.case_allocate_prosecutor(
            actor=request.user, case=case, prosecutor=prosecutor
        )

    return _person_page(
        request,
        case,
        AllocateProsecutorForm.for_case(case, posted(request)),
        allocate,
        title="Allocate a prosecutor",
        submit="Allocate",
        done=lambda prosecutor: f"Case allocated to {prosecutor.full_name}",
    )


# -- several cases at once -------------------------------------------------------

_BULK_BACK = {"list": "cases:list", "queue": "cases:queue"}


def _bulk_context(user: User, choices: FilterChoices | None = None) -> dict[str, Any]:
    """What a list needs to offer the user's bulk allocation, if any: the
    people to choose from with their caseloads, or (the case list, whose
    filters have loaded them already) by name, their caseloads then shown on
    the page that checks the choice."""
    allocation = rules.bulk_allocation(user)
    if allocation is None:
        return {"bulk": None}
    if choices is not None:
        people = choices.prosecutors if allocation.kind == "prosecutor" else choices.officers
        return {"bulk": allocation, "bulk_choices": people}
    loads = selectors.caseloads(allocation.role, allocation.organisation_ids)
    return {
        "bulk": allocation,
        "bulk_choices": [(load.person.pk, load.label()) for load in loads],
    }


@require_http_methods(["GET", "POST"])
@login_required
def cases_allocate(request: AuthenticatedRequest) -> HttpResponse:
    """Several cases selected on a list, to one person: a CPS SPOC allocates
    them to a prosecutor, a police supervisor makes one investigator their
    officer in the case. The list's selection arrives here (GET) as a page to
    check before anything happens; its button (POST) calls one service for
    the batch. A case changed since the list was shown refuses the batch,
    names the case, and the page offers the batch again as it now is."""
    allocation = rules.bulk_allocation(request.user)
    if allocation is None:
        raise Http404("No bulk allocation for this role")
    loads = selectors.caseloads(allocation.role, allocation.organisation_ids)
    data = request.POST if request.method == "POST" else request.GET
    form = BulkAllocationForm(data, allocation=allocation, caseloads=loads)
    back = reverse(_BULK_BACK.get(data.get("back", ""), "cases:list"))
    status = 200
    if form.is_valid():
        chosen: dict[int, int] = form.cleaned_data["case"]
        person = form.person()
        if request.method == "POST":
            try:
                if allocation.kind == "prosecutor":
                    done = services.cases_allocate_prosecutor(
                        actor=request.user, chosen=chosen, prosecutor=person
                    )
                else:
                    done = services.cases_reallocate_oic(
                        actor=request.user, chosen=chosen, new_oic=person
                    )
            except DomainError as error:
                refusal_on_form(form, error)
                status = refusal_status(error)
            else:
                noun = "case" if len(done) == 1 else "cases"
                verb = (
                    "allocated to" if allocation.kind == "prosecutor" else "now have as their OIC"
                )
                messages.success(request, f"{len(done)} {noun} {verb} {person.full_name}")
                return redirect(back)
    cleaned = getattr(form, "cleaned_data", {})
    chosen_versions: dict[int, int] = cleaned.get("case") or {}
    cases = selectors.cases_chosen(request.user, chosen_versions) if chosen_versions else []
    chosen_person: User | None = cleaned.get("to")
    return render(
        request,
        "cases/bulk_allocate.html",
        {
            "form": form,
            "allocation": allocation,
            "cases": cases,
            # Changed since the list was shown: said on the page, and what is
            # confirmed is the batch as it now is (the versions read here).
            "changed": [case.urn for case in cases if case.version != chosen_versions[case.pk]],
            "person": chosen_person,
            "load": form.caseloads.get(chosen_person.pk) if chosen_person is not None else None,
            "back_url": back,
            "back": data.get("back", "list"),
            "today": timezone.localdate(),
            "full_width": True,
        },
        status=status,
    )
