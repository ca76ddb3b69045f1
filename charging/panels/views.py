"""Scrutiny panels in the browser (namespace ``panels``, under /panels/).

- Members: their panels, the confidentiality undertaking (asked for before
  anything else), meetings, released packs (page and watermarked PDF, every
  view and download audited), a private view of each pack, the chair's
  finding, the learning log.
- The Area's CPS SPOCs run the panel: members, meetings, the draw, cases
  added by hand, a meeting held.
- Preparers (the force's police supervisors and SPOCs for police NFAs, the
  Area's CPS SPOCs for CPS decisions): the packs to prepare, each passage
  accepted or edited, release and correction; and the referrals they answer.

Everything a user may not see is a 404; a rule's refusal on what they may
see is a 403 with its reason.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.identity import CaseTexts, readable_text
from charging.panels import finding_services, pack_services, rules, selectors, services
from charging.panels.forms import (
    DrawForm,
    FindingForm,
    MeetingForm,
    MeetingHoldForm,
    MemberAddForm,
    MemberViewForm,
    PackAddForm,
    PanelEditForm,
    PanelSetupForm,
    PassageForm,
    ResponseForm,
)
from charging.panels.models import (
    MemberView,
    PackStatus,
    Panel,
    PanelMeeting,
    ReviewPack,
)
from rasso.accounts.models import Role, User
from rasso.accounts.selectors import memberships_of
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, refuse
from rasso.core.web import (
    AuthenticatedRequest,
    button_action,
    form_action,
    paginate,
    posted,
    refusal_on_form,
    refusal_status,
)


class _UndertakingFirst(Exception):
    """A member without the current undertaking reaches only the page that
    asks for it."""


def _panel(request: AuthenticatedRequest, pk: int) -> Panel:
    panel = selectors.panel_get(request.user, pk)
    if not rules.runs_panel(request.user, panel) and not panel.seat_undertaken:  # type: ignore[attr-defined]
        raise _UndertakingFirst
    return panel


def _undertaking_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _UndertakingFirst:
            return redirect("panels:undertaking", kwargs["panel"])

    return wrapped


def _panel_url(panel_pk: int) -> str:
    return reverse("panels:panel", args=[panel_pk])


def _meeting_url(meeting: PanelMeeting) -> str:
    return reverse("panels:meeting", args=[meeting.panel_id, meeting.pk])


def _pack_url(pack: ReviewPack) -> str:
    return reverse("panels:pack", args=[pack.pk])


def _reader_reference(user: User, pack: ReviewPack) -> str:
    """Who the reader is on the pack's watermark and in its audit: their
    reference on the panel, else their part in preparing it."""
    seat = rules.seat_of(user, pack.meeting.panel)
    return seat.reference if seat is not None else "Preparer"


# -- panels ----------------------------------------------------------------------


@require_GET
@login_required
def panels_list(request: AuthenticatedRequest) -> HttpResponse:
    """The panels the user sits on or runs; a member is asked for the
    undertaking before anything else."""
    if not {Role.PANEL_MEMBER, Role.CPS_SPOC} & {m.role for m in memberships_of(request.user)}:
        raise Http404("No scrutiny panels for this role")
    return render(
        request,
        "charging/panels/panel_list.html",
        {
            "pagination": paginate(request, selectors.panels_list(request.user)),
            "may_set_up": selectors.panels_to_set_up(request.user).exists(),
            "spoc_areas": {
                m.organisation_id for m in memberships_of(request.user) if m.role == Role.CPS_SPOC
            },
        },
    )


@require_GET
@login_required
@_undertaking_first
def panel_detail(request: AuthenticatedRequest, panel: int) -> HttpResponse:
    found = _panel(request, panel)
    runs = rules.runs_panel(request.user, found)
    return render(
        request,
        "charging/panels/panel_detail.html",
        {
            "panel": found,
            "runs": runs,
            "chair": found.members.filter(user=found.chair).first() if found.chair else None,
            "members": selectors.panel_members(found),
            "pagination": paginate(request, selectors.meetings_of(found)),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def panel_setup(request: AuthenticatedRequest) -> HttpResponse:
    """A CPS SPOC sets up the panel of a scrutiny-panel organisation of their
    Area: the forces it covers and its terms of reference."""
    organisations = selectors.panels_to_set_up(request.user)
    if not organisations.exists():
        if request.method == "POST" and selectors.panels_list(request.user).exists():
            # A second click of the button: the first set the panel up.
            messages.info(request, "The panel is set up already")
            return redirect("panels:list")
        raise Http404("No panel to set up")
    areas = [m.organisation_id for m in memberships_of(request.user) if m.role == Role.CPS_SPOC]
    return form_action(
        request,
        PanelSetupForm(
            posted(request),
            organisations=organisations,
            forces=selectors.forces_of_areas(areas),
        ),
        lambda data: services.panel_setup(
            actor=request.user,
            organisation=data["organisation"],
            forces=list(data["forces"]),
            terms_of_reference=data["terms_of_reference"],
        ),
        back_url=reverse("panels:list"),
        done=lambda panel: f"{panel} is set up: add its members and meetings",
        title="Set up a scrutiny panel",
        submit="Set up the panel",
    )


@require_http_methods(["GET", "POST"])
@login_required
def panel_edit(request: AuthenticatedRequest, panel: int) -> HttpResponse:
    found = selectors.panel_get(request.user, panel)
    refuse(rules.panel_manage_refusal(request.user, found))
    return form_action(
        request,
        PanelEditForm(
            posted(request),
            panel=found,
            forces=selectors.forces_of_areas([found.cps_area_id]),
        ),
        lambda data: services.panel_update(
            actor=request.user,
            panel=found,
            forces=list(data["forces"]),
            terms_of_reference=data["terms_of_reference"],
            chair=data["chair"].user if data["chair"] else None,
        ),
        back_url=_panel_url(found.pk),
        done="Panel details changed",
        title="Change the panel's details",
        submit="Save the details",
        caption=str(found),
    )


@require_http_methods(["GET", "POST"])
@login_required
def undertaking(request: AuthenticatedRequest, panel: int) -> HttpResponse:
    """The confidentiality undertaking: its words, and the member's record of
    it (once per version of the wording)."""
    found = selectors.panel_get(request.user, panel)
    refuse(rules.undertaking_refusal(request.user, found))
    if found.seat_undertaken:  # type: ignore[attr-defined]
        return redirect(_panel_url(found.pk))
    error = ""
    if request.method == "POST":
        if request.POST.get("undertake") == "yes":
            services.undertaking_accept(actor=request.user, panel=found)
            messages.success(request, "Undertaking recorded: you can now read the panel's packs")
            return redirect(_panel_url(found.pk))
        error = "Confirm that you give the undertaking"
    return render(
        request,
        "charging/panels/undertaking.html",
        {
            "panel": found,
            "text": rules.UNDERTAKING_TEXT,
            "version": rules.UNDERTAKING_VERSION,
            "error": error,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_add(request: AuthenticatedRequest, panel: int) -> HttpResponse:
    found = selectors.panel_get(request.user, panel)
    refuse(rules.panel_manage_refusal(request.user, found))
    people = User.objects.filter(
        memberships__organisation=found.organisation_id,
        memberships__role=Role.PANEL_MEMBER,
        is_active=True,
    ).exclude(panel_seats__panel=found)
    return form_action(
        request,
        MemberAddForm(posted(request), people=people.order_by("full_name", "pk")),
        lambda data: services.panel_member_add(actor=request.user, panel=found, **data),
        back_url=_panel_url(found.pk),
        done=lambda member: f"{member.user.full_name} joined the panel as {member.reference}",
        title="Add a member to the panel",
        submit="Add the member",
        caption=str(found),
        intro="An administrator gives a person the panel member role first. "
        "Members are known in packs and findings by their reference only.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: AuthenticatedRequest, panel: int) -> HttpResponse:
    found = selectors.panel_get(request.user, panel)
    refuse(rules.panel_manage_refusal(request.user, found))
    return form_action(
        request,
        MeetingForm(posted(request)),
        lambda data: services.meeting_create(actor=request.user, panel=found, **data),
        back_url=_panel_url(found.pk),
        done="Meeting added: draw its sample next",
        title="Add a meeting",
        submit="Add the meeting",
        caption=str(found),
    )


@require_GET
@login_required
@_undertaking_first
def learning_log(request: AuthenticatedRequest, panel: int) -> HttpResponse:
    """Every learning point of the panel, with the response to it."""
    found = _panel(request, panel)
    return render(
        request,
        "charging/panels/learning_log.html",
        {"panel": found, "pagination": paginate(request, selectors.learning_log(found))},
    )


# -- meetings --------------------------------------------------------------------


@require_GET
@login_required
@_undertaking_first
def meeting_detail(request: AuthenticatedRequest, panel: int, meeting: int) -> HttpResponse:
    """The meeting: its packs (released ones for members), the draw for the
    chair and the SPOCs, minutes and key messages once held."""
    found_panel = _panel(request, panel)
    found = selectors.meeting_get(found_panel, meeting)
    pagination = paginate(request, selectors.meeting_packs(request.user, found))
    seat = rules.seat_of(request.user, found_panel)
    viewed = (
        set(
            MemberView.objects.filter(
                member=seat, pack__in=[p.pk for p in pagination.page.object_list]
            ).values_list("pack_id", flat=True)
        )
        if seat
        else set()
    )
    sees_draw = rules.chairs_or_runs(request.user, found_panel)
    draw = found.draws.first()
    return render(
        request,
        "charging/panels/meeting_detail.html",
        {
            "panel": found_panel,
            "meeting": found,
            "pagination": pagination,
            "viewed": viewed,
            "member": seat is not None,
            "draw": draw if sees_draw else None,
            # At most a meeting's worth: the referrals of the one before.
            "responses": list(selectors.responses_for(found)[:50]),
            "may_draw": draw is None and rules.draw_refusal(request.user, found) is None,
            "may_add": rules.pack_add_refusal(request.user, found) is None,
            "may_hold": rules.meeting_hold_refusal(request.user, found, timezone.localdate())
            is None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@_undertaking_first
def sample_draw(request: AuthenticatedRequest, panel: int, meeting: int) -> HttpResponse:
    found = selectors.meeting_get(_panel(request, panel), meeting)
    if request.method == "GET":
        refuse(rules.draw_refusal(request.user, found))
    return form_action(
        request,
        DrawForm(posted(request)),
        lambda data: services.sample_draw(actor=request.user, meeting=found, **data),
        back_url=_meeting_url(found),
        done=lambda draw: (
            f"{len(draw.drawn)} {'case' if len(draw.drawn) == 1 else 'cases'} "
            f"drawn with seed {draw.seed}: their packs are being prepared"
        ),
        title="Draw the meeting's sample",
        submit="Draw the sample",
        caption=f"{found.panel}: {found}",
        intro="Finalised CPS no-further-action decisions and approved police NFAs of the "
        "panel's forces, drawn at random in proportion to who decided and the outcome. "
        "Cases with a Victims' Right to Review open, cases no longer closed on the decision "
        "and cases the panel has reviewed are left out.",
    )


@require_http_methods(["GET", "POST"])
@login_required
@_undertaking_first
def pack_add(request: AuthenticatedRequest, panel: int, meeting: int) -> HttpResponse:
    found = selectors.meeting_get(_panel(request, panel), meeting)
    if request.method == "GET":
        refuse(rules.pack_add_refusal(request.user, found))

    def add(data: dict[str, Any]) -> ReviewPack:
        case = selectors.case_to_add(request.user, data["urn"])
        if case is None:
            message = (
                "Enter the URN of a case you may see (a chair from outside the police "
                "and the CPS asks the Area's CPS SPOC to add it)"
            )
            raise DomainError(message, problems={"urn": message})
        return services.pack_add(
            actor=request.user, meeting=found, case=case, reason=data["reason"]
        )

    return form_action(
        request,
        PackAddForm(posted(request)),
        add,
        back_url=_meeting_url(found),
        done=lambda pack: f"Case added as {pack}",
        title="Add a case by hand",
        submit="Add the case",
        caption=f"{found.panel}: {found}",
        intro="The reason is recorded with the pack.",
    )


@require_http_methods(["GET", "POST"])
@login_required
@_undertaking_first
def meeting_hold(request: AuthenticatedRequest, panel: int, meeting: int) -> HttpResponse:
    found = selectors.meeting_get(_panel(request, panel), meeting)
    if request.method == "GET":
        refuse(rules.meeting_hold_refusal(request.user, found, timezone.localdate()))
    return form_action(
        request,
        MeetingHoldForm(posted(request)),
        lambda data: services.meeting_hold(actor=request.user, meeting=found, **data),
        back_url=_meeting_url(found),
        done="Meeting recorded as held",
        title="Record the meeting as held",
        submit="Record the meeting",
        caption=f"{found.panel}: {found}",
        intro="Members' views close when the meeting is held; the chair can still record "
        "the panel's findings.",
    )


# -- packs -----------------------------------------------------------------------


@require_GET
@login_required
def packs_to_prepare(request: AuthenticatedRequest) -> HttpResponse:
    if not {Role.POLICE_SUPERVISOR, Role.POLICE_SPOC, Role.CPS_SPOC} & {
        m.role for m in memberships_of(request.user)
    }:
        raise Http404("No review packs for this role")
    return render(
        request,
        "charging/panels/packs_to_prepare.html",
        {"pagination": paginate(request, selectors.packs_to_prepare(request.user))},
    )


@require_GET
@login_required
def pack_detail(request: AuthenticatedRequest, pack: int) -> HttpResponse:
    """The pack as the panel reads it; to its preparer, a draft's passages
    as written and as proposed. Every view is audited."""
    found = selectors.pack_get(request.user, pack)
    user = request.user
    preparing = rules.pack_prepare_refusal(user, found) is None
    seat = rules.seat_of(user, found.meeting.panel)
    audit_record(
        actor=user,
        action="panel.pack_viewed",
        obj=found,
        detail={"version": found.version, "as": _reader_reference(user, found)},
    )
    finding = getattr(found, "finding", None)
    view = MemberView.objects.filter(pack=found, member=seat).first() if seat else None
    # The case's own words, to its preparers, as they may read them: the
    # complainants' identity only to those entitled to it.
    texts = CaseTexts(user).prepare([found.case])
    passages = [
        {**passage, "original": texts.read(found.case, passage["original"])}
        for passage in found.passages
    ]
    return render(
        request,
        "charging/panels/pack_detail.html",
        {
            "pack": found,
            "body": pack_services.pack_html(found),
            "preparing": preparing,
            "prepared": bool(found.facts),
            "passages": passages,
            # The page's check (the PDF is checked too when released).
            "release_refusal": pack_services.release_refusal(found, with_pdf=False)
            if preparing and found.facts
            else None,
            "sees_meeting": seat is not None or rules.runs_panel(user, found.meeting.panel),
            "may_correct": rules.pack_correct_refusal(user, found) is None,
            "may_view": rules.member_view_refusal(user, found) is None,
            "may_find": rules.finding_refusal(user, found) is None,
            "your_view": view,
            "finding": finding,
            "may_download": found.status != PackStatus.DRAFT or preparing,
        },
    )


@require_GET
@login_required
def pack_pdf(request: AuthenticatedRequest, pack: int) -> HttpResponse:
    """The pack as a tagged PDF watermarked with the reader's reference; every
    download is audited."""
    found = selectors.pack_get(request.user, pack)
    reference = _reader_reference(request.user, found)
    pdf = pack_services.pack_pdf(found, reference)
    audit_record(
        actor=request.user,
        action="panel.pack_downloaded",
        obj=found,
        detail={"version": found.version, "as": reference},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="review-pack-{found.number}-v{found.version}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def pack_prepare(request: AuthenticatedRequest, pack: int) -> HttpResponse:
    found = selectors.pack_get(request.user, pack)
    return button_action(
        request,
        lambda: pack_services.pack_prepare(actor=request.user, pack=found),
        back_url=_pack_url(found),
        done="Pack prepared from the case: accept or edit each passage",
    )


@require_http_methods(["GET", "POST"])
@login_required
def passage_edit(request: AuthenticatedRequest, pack: int, key: str) -> HttpResponse:
    found = selectors.pack_get(request.user, pack)
    passage = next((p for p in found.passages if p["key"] == key), None)
    if passage is None:
        raise Http404("No such passage")
    refuse(rules.pack_prepare_refusal(request.user, found))
    initial = passage["accepted"] if passage["accepted"] is not None else passage["proposed"]
    form = PassageForm(posted(request), initial={"text": initial})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            pack_services.pack_passage_accept(
                actor=request.user, pack=found, key=key, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            refusal_on_form(form, error)
            status = refusal_status(error)
        else:
            messages.success(request, f"Passage accepted: {passage['label']}")
            return redirect(_pack_url(found))
    shown = {**passage, "original": readable_text(request.user, found.case, passage["original"])}
    return render(
        request,
        "charging/panels/passage_edit.html",
        {"pack": found, "passage": shown, "form": form},
        status=status,
    )


@require_POST
@login_required
def pack_release(request: AuthenticatedRequest, pack: int) -> HttpResponse:
    found = selectors.pack_get(request.user, pack)
    if found.status == PackStatus.RELEASED and found.released_by_id == request.user.pk:
        # A second click of the button: the first released it.
        messages.success(request, "Pack released to the panel")
        return redirect(_pack_url(found))
    return button_action(
        request,
        lambda: pack_services.pack_release(actor=request.user, pack=found),
        back_url=_pack_url(found),
        done="Pack released to the panel",
    )


@require_POST
@login_required
def pack_correct(request: AuthenticatedRequest, pack: int) -> HttpResponse:
    found = selectors.pack_get(request.user, pack)
    made: list[ReviewPack] = []
    answer = button_action(
        request,
        lambda: made.append(pack_services.pack_correct(actor=request.user, pack=found)),
        back_url=_pack_url(found),
        done="Correction started as a new version: accept its passages again",
    )
    # On to the new version; a refusal stays with the released one.
    return redirect(_pack_url(made[0])) if made else answer


@require_http_methods(["GET", "POST"])
@login_required
def member_view(request: AuthenticatedRequest, pack: int) -> HttpResponse:
    found = selectors.pack_get(request.user, pack)
    refuse(rules.member_view_refusal(request.user, found))
    seat = rules.seat_of(request.user, found.meeting.panel)
    earlier = MemberView.objects.filter(pack=found, member=seat).first()
    form = MemberViewForm(posted(request), initial={"view": earlier.view if earlier else ""})
    return form_action(
        request,
        form,
        lambda data: finding_services.member_view_record(
            actor=request.user, pack=found, view=data["view"]
        ),
        back_url=_pack_url(found),
        done="Your view is recorded",
        title="Your view of the pack",
        submit="Record your view",
        caption=f"{found.meeting.panel}: {found}",
        intro="Record your view before the meeting. You can change it until the meeting is held.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def finding_record(request: AuthenticatedRequest, pack: int) -> HttpResponse:
    found = selectors.pack_get(request.user, pack)
    if request.method == "GET":
        refuse(rules.finding_refusal(request.user, found))
    return form_action(
        request,
        FindingForm(posted(request)),
        lambda data: finding_services.finding_record(actor=request.user, pack=found, **data),
        back_url=_pack_url(found),
        done="The panel's finding is recorded",
        title="The panel's finding",
        submit="Record the finding",
        caption=f"{found.meeting.panel}: {found}",
        intro="Feedback and referrals are told to the decision-maker and those who answer "
        "for them, with nothing that identifies the case.",
    )


# -- referrals -------------------------------------------------------------------


@require_GET
@login_required
def referrals(request: AuthenticatedRequest) -> HttpResponse:
    if not {Role.POLICE_SUPERVISOR, Role.POLICE_SPOC, Role.CPS_SPOC} & {
        m.role for m in memberships_of(request.user)
    }:
        raise Http404("No referrals for this role")
    return render(
        request,
        "charging/panels/referrals.html",
        {"pagination": paginate(request, selectors.referrals_to_answer(request.user))},
    )


@require_http_methods(["GET", "POST"])
@login_required
def referral_respond(request: AuthenticatedRequest, finding: int) -> HttpResponse:
    found = selectors.referrals_to_answer(request.user).filter(pk=finding).first()
    if found is None:
        raise Http404("No such referral")
    if request.method == "GET":
        refuse(finding_services.response_refusal(request.user, found))
    return form_action(
        request,
        _ResponseFormWith(found, posted(request)),
        lambda data: finding_services.finding_respond(
            actor=request.user, finding=found, response=data["response"]
        ),
        back_url=reverse("panels:referrals"),
        done="Response sent to the panel",
        title="Respond to the panel's referral",
        submit="Send the response",
        caption=f"{found.pack.meeting.panel}: {found.pack}",
    )


class _ResponseFormWith(ResponseForm):
    """The response form, showing the learning points it answers."""

    def __init__(self, finding: Any, data: Any = None) -> None:
        super().__init__(data)
        self.fields["response"].help_text = (
            f"The panel's learning points: {finding.learning_points or 'none recorded'}. "
            + str(self.fields["response"].help_text)
        )
