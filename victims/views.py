"""Complainants in the browser: the case's Complainants tab and summary card,
each complainant's page, the sections of their record, withdrawals of
support, the contact log, letters, the Victims' Right to Review, and the
officer's list of updates owed.

Every read goes through ``victims.selectors``; who may do what is
``victims.rules``, which the services check too. Identity (name, date of
birth, address, contact details) is shown only when ``identity_visible_to``
says so; everyone else sees the pseudonym. Contact summaries and letters may
identify the complainant, so their pages answer 404 to anyone else, as a case
the user may not see does. Every page showing complainants is audited
(pseudonyms only in the log). Every change goes to a service in
``victims.services``, whose refusal is shown in the GOV.UK error summary and
saves nothing: the form pages that record one thing about a complainant are
``ComplainantStep`` rows, one shape for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import rules
from cases import selectors as case_selectors
from cases.models import CaseFile
from cases.views import CaseActions, editable_case, render_case_page
from rasso.accounts.models import POLICE_ROLES, User
from rasso.accounts.selectors import roles_of
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, refuse
from rasso.core.web import AuthenticatedRequest, form_action, paginate, posted, refusal_status
from victims import rules as victims_rules
from victims import selectors, services
from victims.display import ComplainantRow, rows_most_overdue_first
from victims.forms import (
    RECORD_SECTIONS,
    ComplainantForm,
    ContactForm,
    LetterForm,
    LetterSentForm,
    ReinstatementForm,
    ReviewAcknowledgeForm,
    ReviewCompleteForm,
    ReviewRequestForm,
    WithdrawalForm,
)
from victims.letters import letter_attachment
from victims.models import Complainant, Review, ReviewStatus

_T = TypeVar("_T")
_F = TypeVar("_F", bound=Form)


def _audit_shown(
    request: AuthenticatedRequest,
    obj: CaseFile | Complainant,
    complainants: list[Complainant],
    show_identity: bool,
    page: str = "",
) -> None:
    """Write who was shown which complainants, and whether their identity;
    the log names pseudonyms only."""
    if not complainants:
        return
    detail: dict[str, Any] = {
        "complainants": [c.pseudonym for c in complainants],
        "identity_shown": show_identity,
    }
    if page:
        detail["page"] = page
    audit_record(
        actor=request.user, action="complainant.view", obj=obj, request=request, detail=detail
    )


def complainants_summary(
    request: AuthenticatedRequest, case: CaseFile, actions: CaseActions
) -> dict[str, Any]:
    """The complainants card on the case's summary page; the showing is
    audited (pseudonyms only in the log)."""
    complainants = list(selectors.case_complainants(case))
    show_identity = selectors.identity_visible_to(request.user, case)
    _audit_shown(request, case, complainants, show_identity)
    return {"complainants": complainants, "show_identity": show_identity, "may_add": actions.edit}


# -- form pages that call one service ------------------------------------------------------


def _complainant_url(complainant: Complainant) -> str:
    return reverse("victims:complainant", args=[complainant.case_id, complainant.pk])


def _contacts_url(complainant: Complainant) -> str:
    return reverse("victims:contacts", args=[complainant.case_id, complainant.pk])


def _letters_url(complainant: Complainant) -> str:
    return reverse("victims:letters", args=[complainant.case_id, complainant.pk])


def _complainant_form(
    request: AuthenticatedRequest,
    complainant: Complainant,
    form: Form,
    act: Callable[[], object],
    *,
    done: str,
    title: str,
    submit: str,
    intro: str = "",
    back_url: str = "",
) -> HttpResponse:
    """A form page about one complainant: captioned with the case and their
    pseudonym, back to their page unless told otherwise."""
    case = complainant.case
    return form_action(
        request,
        form,
        lambda _data: act(),
        back_url=back_url or _complainant_url(complainant),
        done=done,
        title=title,
        submit=submit,
        caption=f"{case.urn}, complainant {complainant.pseudonym}",
        intro=intro,
        case=case,
    )


# -- the complainants of a case ------------------------------------------------------------


@require_GET
@login_required
def complainants(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The Complainants tab: for each complainant what is owed and by when,
    the complainants with overdue updates first; their record in brief for
    those entitled to see who they are. The same number of queries for one
    complainant or many, with any number of contacts."""
    case = case_selectors.case_get(request.user, pk)
    rows = rows_most_overdue_first(selectors.complainants_in_full(case))
    show_identity = selectors.identity_visible_to(request.user, case)
    _audit_shown(request, case, [row.complainant for row in rows], show_identity)
    return render_case_page(
        request,
        case,
        "victims/complainants.html",
        {
            "rows": rows,
            "show_identity": show_identity,
            "may_add": rules.edit_refusal(request.user, case) is None,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def complainant_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = editable_case(request, pk)
    form = ComplainantForm(posted(request))
    return form_action(
        request,
        form,
        lambda data: services.complainant_add(actor=request.user, case=case, **data),
        # The banner names the pseudonym: it may be read over a shoulder.
        done=lambda complainant: f"Complainant {complainant.pseudonym} added",
        title="Add a complainant",
        caption=case.urn,
        intro="They will be known by a pseudonym (C1, C2) to everyone who is not "
        "entitled to see who they are.",
        submit="Add complainant",
        back_url=reverse("cases:detail", args=[case.pk]),
        case=case,
    )


# -- one complainant ----------------------------------------------------------------------


@require_GET
@login_required
def complainant_detail(request: AuthenticatedRequest, pk: int, complainant_pk: int) -> HttpResponse:
    """A complainant's page: what is owed, their record by section (for those
    entitled to the identity, with a change link for the officers of the
    case), their support for the prosecution, and their reviews."""
    user = request.user
    case = case_selectors.case_get(user, pk)
    row = ComplainantRow(selectors.complainant_in_full(case, complainant_pk))
    show_identity = selectors.identity_visible_to(user, case)
    _audit_shown(request, row.complainant, [row.complainant], show_identity, "complainant")
    reviewer_of = {
        review.scheme: victims_rules.review_refusal(user, case, review.scheme) is None
        for review in row.reviews
    }
    return render_case_page(
        request,
        case,
        "victims/complainant.html",
        {
            "row": row,
            "complainant": row.complainant,
            "show_identity": show_identity,
            "may_keep_record": show_identity
            and victims_rules.record_refusal(user, case, "change a complainant's record") is None,
            "may_request_review": row.open_review is None
            and victims_rules.review_request_refusal(user, case) is None,
            "reviews": [
                {
                    "review": review,
                    "act": reviewer_of[review.scheme] and review.status != ReviewStatus.COMPLETED,
                    "acknowledge": reviewer_of[review.scheme]
                    and review.status == ReviewStatus.REQUESTED,
                    "reasons_visible": victims_rules.review_reasons_visible(
                        user, case, review.scheme, identity_visible=show_identity
                    ),
                }
                for review in row.reviews
            ],
            "today": timezone.localdate(),
        },
    )


# Who may open a complainant's form page: each answers the complainant, or 404.


def _record_keeper(request: AuthenticatedRequest, pk: int, complainant_pk: int) -> Complainant:
    """A complainant whose record the user may change (the police officers of
    the case): 404 to anyone who may not see the identity, the refusal (403)
    to anyone else the rule refuses."""
    case = case_selectors.case_get(request.user, pk)
    if not selectors.identity_visible_to(request.user, case):
        raise Http404("You cannot change this complainant's record")
    refuse(victims_rules.record_refusal(request.user, case, "change a complainant's record"))
    return selectors.complainant_get(case, complainant_pk)


def _entitled(request: AuthenticatedRequest, pk: int, complainant_pk: int) -> Complainant:
    """A complainant of a case whose complainants' identity the user may
    see, or 404: contact summaries and letters may identify them."""
    case = case_selectors.case_get(request.user, pk)
    selectors.identity_or_404(request.user, case)
    return selectors.complainant_get(case, complainant_pk)


def _review_requester(request: AuthenticatedRequest, pk: int, complainant_pk: int) -> Complainant:
    """A complainant for whom the user may record a request for a review, or 404."""
    case = case_selectors.case_get(request.user, pk)
    refuse(victims_rules.review_request_refusal(request.user, case))
    return selectors.complainant_get(case, complainant_pk)


@dataclass(frozen=True)
class ComplainantStep(Generic[_F]):
    """A form page that records one thing about a complainant through one
    service: who may open it, its form, the service call, and its words
    (``done`` may name ``{pseudonym}``)."""

    complainant: Callable[[AuthenticatedRequest, int, int], Complainant]
    form: Callable[[Complainant, QueryDict | None], _F]
    act: Callable[[User, Complainant, _F], object]
    title: str
    submit: str
    done: str
    intro: str = ""


def _step_view(
    step: ComplainantStep[_F],
) -> Callable[[AuthenticatedRequest, int, int], HttpResponse]:
    @require_http_methods(["GET", "POST"])
    @login_required
    def view(request: AuthenticatedRequest, pk: int, complainant_pk: int) -> HttpResponse:
        complainant = step.complainant(request, pk, complainant_pk)
        form = step.form(complainant, posted(request))
        return _complainant_form(
            request,
            complainant,
            form,
            lambda: step.act(request.user, complainant, form),
            done=step.done.format(pseudonym=complainant.pseudonym),
            title=step.title,
            submit=step.submit,
            intro=step.intro,
        )

    return view


def _log_contact(user: User, complainant: Complainant, form: ContactForm) -> object:
    """Log a contact: it meets the updates ticked (every one owed, unless
    unticked) and moves the regular update on."""
    return services.contact_log(
        actor=user,
        complainant=complainant,
        contacted_at=form.contacted_at(),
        channel=form.cleaned_data["channel"],
        direction=form.cleaned_data["direction"],
        through_isva=form.cleaned_data["through_isva"],
        summary=form.cleaned_data["summary"],
        communicated=form.communicated(),
    )


support_withdraw = _step_view(
    ComplainantStep(
        complainant=_record_keeper,
        form=lambda _, data: WithdrawalForm(data),
        act=lambda user, complainant, form: services.support_withdraw(
            actor=user, complainant=complainant, **form.cleaned_data
        ),
        done="Withdrawal of support by {pseudonym} recorded",
        title="Record a withdrawal of support",
        submit="Record the withdrawal",
        intro="The complainant no longer supports the prosecution. This is counted in the "
        "attrition figures; support can be reinstated later.",
    )
)

support_reinstate = _step_view(
    ComplainantStep(
        complainant=_record_keeper,
        form=lambda _, data: ReinstatementForm(data),
        act=lambda user, complainant, form: services.support_reinstate(
            actor=user, complainant=complainant, **form.cleaned_data
        ),
        done="{pseudonym}'s support reinstated",
        title="Record a reinstatement of support",
        submit="Record the reinstatement",
    )
)

contact_log = _step_view(
    ComplainantStep(
        complainant=_entitled,
        form=lambda complainant, data: ContactForm(
            data, owed=selectors.owed_tell_deadlines(complainant)
        ),
        act=_log_contact,
        done="Contact with {pseudonym} logged",
        title="Log a contact",
        submit="Log the contact",
    )
)

review_request = _step_view(
    ComplainantStep(
        complainant=_review_requester,
        form=lambda _, data: ReviewRequestForm(data),
        act=lambda user, complainant, form: services.review_request(
            actor=user, complainant=complainant, **form.cleaned_data
        ),
        done="{pseudonym}'s request for a review recorded",
        title="Record a request for a review",
        submit="Record the request",
        intro="The complainant asks for a review of the decision to take no further "
        "action (the Victims' Right to Review). A late request needs the reason it is "
        "accepted.",
    )
)


@require_http_methods(["GET", "POST"])
@login_required
def complainant_edit(
    request: AuthenticatedRequest, pk: int, complainant_pk: int, section: str
) -> HttpResponse:
    """Change one section of the record. The form carries the version it was
    opened at: if the record changed since, nothing is saved and the officer
    keeps what they typed."""
    form_class = RECORD_SECTIONS.get(section)
    if form_class is None:
        raise Http404("No such section")
    complainant = _record_keeper(request, pk, complainant_pk)
    form = form_class.for_complainant(complainant, posted(request))
    if request.method == "GET":
        # The form is filled in with the record: its showing is audited.
        _audit_shown(request, complainant, [complainant], True, f"change:{section}")

    def save() -> None:
        services.complainant_update(
            actor=request.user,
            complainant=complainant,
            version=form.cleaned_data["version"],
            **form.details(),
        )

    return _complainant_form(
        request,
        complainant,
        form,
        save,
        done=f"{complainant.pseudonym}'s record saved: {form_class.TITLE.lower()}",
        title=form_class.TITLE,
        submit="Save changes",
    )


# -- the contact log -------------------------------------------------------------------------


@require_GET
@login_required
def contacts(request: AuthenticatedRequest, pk: int, complainant_pk: int) -> HttpResponse:
    """The complainant's contact log, newest first, paginated. Nothing here
    is changed or removed: a mistake is corrected by a new entry."""
    complainant = _entitled(request, pk, complainant_pk)
    _audit_shown(request, complainant, [complainant], True, "contacts")
    return render_case_page(
        request,
        complainant.case,
        "victims/contacts.html",
        {
            "complainant": complainant,
            "pagination": paginate(request, selectors.complainant_contacts(complainant)),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def contact_correct(
    request: AuthenticatedRequest, pk: int, complainant_pk: int, contact_pk: int
) -> HttpResponse:
    """Correct an entry: a new entry that names the one it corrects, which
    stays as it was. A correction meets no update."""
    complainant = _entitled(request, pk, complainant_pk)
    original = selectors.contact_get(complainant, contact_pk)
    form = ContactForm.correcting(original, posted(request))
    if request.method == "GET":
        _audit_shown(request, complainant, [complainant], True, "contact-correct")

    def correct() -> None:
        contacted_at = form.contacted_at()
        # The form shows the original's time to the minute: left as it was,
        # it is the original's time exactly, not a minute before it.
        if contacted_at == original.contacted_at.replace(second=0, microsecond=0):
            contacted_at = original.contacted_at
        services.contact_log(
            actor=request.user,
            complainant=complainant,
            contacted_at=contacted_at,
            channel=form.cleaned_data["channel"],
            direction=form.cleaned_data["direction"],
            through_isva=form.cleaned_data["through_isva"],
            summary=form.cleaned_data["summary"],
            corrects=original,
        )

    local = timezone.localtime(original.contacted_at)
    return _complainant_form(
        request,
        complainant,
        form,
        correct,
        back_url=_contacts_url(complainant),
        done="Correction logged",
        title="Correct this entry",
        submit="Log the correction",
        intro=f"The entry of {local:%-d %B %Y at %H:%M} stays in the log as it was; "
        "the correction is added beside it.",
    )


# -- letters -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def letters(request: AuthenticatedRequest, pk: int, complainant_pk: int) -> HttpResponse:
    """The complainant's letters, newest first, and the form that generates
    one of the kinds the case's state allows."""
    complainant = _entitled(request, pk, complainant_pk)
    case = complainant.case
    kinds = victims_rules.letter_kinds_for(request.user, case)
    form = LetterForm(posted(request), kinds=kinds) if kinds else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, "No letter can be generated while the case is in this state")
            return redirect(_letters_url(complainant))
        if form.is_valid():
            try:
                letter = services.letter_generate(
                    actor=request.user, complainant=complainant, kind=form.cleaned_data["kind"]
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = refusal_status(error)
            else:
                messages.success(request, f"{letter.get_kind_display()} generated")
                return redirect(_letters_url(complainant))
    _audit_shown(request, complainant, [complainant], True, "letters")
    return render_case_page(
        request,
        case,
        "victims/letters.html",
        {
            "complainant": complainant,
            "form": form,
            "pagination": paginate(request, selectors.complainant_letters(complainant)),
        },
        status=status,
    )


@require_GET
@login_required
def letter_download(
    request: AuthenticatedRequest, pk: int, complainant_pk: int, letter_pk: int
) -> HttpResponse:
    """The letter's PDF as an attachment the browser will neither render nor
    sniff, never cached; every download audited."""
    complainant = _entitled(request, pk, complainant_pk)
    letter = selectors.letter_get(complainant, letter_pk, with_pdf=True)
    audit_record(
        actor=request.user,
        action="complainant.letter_downloaded",
        obj=letter,
        request=request,
        detail={"case": complainant.case_id, "pseudonym": complainant.pseudonym},
    )
    return letter_attachment(letter)


@require_http_methods(["GET", "POST"])
@login_required
def letter_sent(
    request: AuthenticatedRequest, pk: int, complainant_pk: int, letter_pk: int
) -> HttpResponse:
    """Mark the letter as sent: it is logged as a contact, once."""
    complainant = _entitled(request, pk, complainant_pk)
    letter = selectors.letter_get(complainant, letter_pk)
    form = LetterSentForm(posted(request), initial={"sent_on": timezone.localdate()})

    def mark() -> None:
        services.letter_mark_sent(
            actor=request.user,
            letter=letter,
            sent_at=form.sent_at(),
            channel=form.cleaned_data["channel"],
        )

    return _complainant_form(
        request,
        complainant,
        form,
        mark,
        back_url=_letters_url(complainant),
        done=f"{letter.get_kind_display()} marked as sent and logged as a contact",
        title="Mark the letter as sent",
        submit="Mark as sent",
        intro=f"{letter.get_kind_display()}, generated "
        f"{timezone.localtime(letter.generated_at):%-d %B %Y}.",
    )


# -- the Victims' Right to Review -------------------------------------------------------------


def _review_for_reviewer(
    request: AuthenticatedRequest, pk: int, complainant_pk: int, review_pk: int
) -> Review:
    """A review the user may act on (a reviewer of its scheme), or 404."""
    case = case_selectors.case_get(request.user, pk)
    complainant = selectors.complainant_get(case, complainant_pk)
    review = selectors.review_get(complainant, review_pk)
    refuse(victims_rules.review_refusal(request.user, case, review.scheme))
    return review


@require_http_methods(["GET", "POST"])
@login_required
def review_acknowledge(
    request: AuthenticatedRequest, pk: int, complainant_pk: int, review_pk: int
) -> HttpResponse:
    review = _review_for_reviewer(request, pk, complainant_pk, review_pk)
    form = ReviewAcknowledgeForm(posted(request), initial={"acknowledged_on": timezone.localdate()})
    return _complainant_form(
        request,
        review.complainant,
        form,
        lambda: services.review_acknowledge(actor=request.user, review=review, **form.cleaned_data),
        done="Request for a review acknowledged",
        title="Acknowledge the request for a review",
        submit="Acknowledge",
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_complete(
    request: AuthenticatedRequest, pk: int, complainant_pk: int, review_pk: int
) -> HttpResponse:
    review = _review_for_reviewer(request, pk, complainant_pk, review_pk)
    form = ReviewCompleteForm(posted(request), initial={"completed_on": timezone.localdate()})
    return _complainant_form(
        request,
        review.complainant,
        form,
        lambda: services.review_complete(
            actor=request.user,
            review=review,
            outcome=form.cleaned_data["outcome"],
            reasons=form.cleaned_data["reasons"],
            completed_on=form.cleaned_data["completed_on"],
        ),
        done="Review completed",
        title="Complete the review",
        submit="Record the outcome",
        intro="If the decision is overturned the case is reopened: a police decision "
        "goes back to investigation, a CPS decision back to CPS for a new decision.",
    )


# -- the officer's updates owed -------------------------------------------------------------------


@require_GET
@login_required
def work_updates_owed(request: AuthenticatedRequest) -> HttpResponse:
    """Every update the user owes to a complainant, soonest due (so overdue)
    first, by pseudonym only. Two queries: the COUNT and the page."""
    if not roles_of(request.user) & POLICE_ROLES:
        raise Http404("No such work list for this role")
    return render(
        request,
        "victims/work_updates_owed.html",
        {
            "title": "Complainant updates owed",
            "pagination": paginate(request, selectors.updates_owed(request.user)),
            "today": timezone.localdate(),
            "full_width": True,
        },
    )
