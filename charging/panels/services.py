"""Every change to a scrutiny panel: its members, their undertakings, its
meetings and the draw of a meeting's sample. Each is one transaction and is
audited; the draw stores its frame, seed and cases."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import CaseFile
from cases.rules import has_role
from charging.panels import rules, sampling
from charging.panels.models import (
    MeetingStatus,
    Panel,
    PanelMeeting,
    PanelMember,
    ReviewPack,
    SampleDraw,
    Standing,
    Undertaking,
)
from charging.panels.redaction import identifiers_in
from rasso.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, refuse

MAX_SAMPLE = 20


def _audit(actor: User, kind: str, obj: Any, **detail: Any) -> None:
    audit_record(actor=actor, action=f"panel.{kind}", obj=obj, detail=detail)


def _panel_fields(
    panel: Panel, forces: list[Organisation], terms_of_reference: str, chair: User | None
) -> None:
    """Check and set what a SPOC may change: the forces are police forces of
    the panel's Area, the chair one of its members."""
    allowed = set(
        Organisation.objects.filter(
            cps_areas=panel.cps_area_id, kind=OrganisationKind.POLICE_FORCE
        ).values_list("pk", flat=True)
    )
    if not forces or any(force.pk not in allowed for force in forces):
        message = "Choose forces of the panel's CPS Area"
        raise DomainError(message, problems={"forces": message})
    if chair is not None and not panel.members.filter(user=chair).exists():
        message = "The chair is one of the panel's members"
        raise DomainError(message, problems={"chair": message})
    panel.terms_of_reference = terms_of_reference.strip()
    panel.chair = chair


@transaction.atomic
def panel_setup(
    *,
    actor: User,
    organisation: Organisation,
    forces: list[Organisation],
    terms_of_reference: str = "",
) -> Panel:
    """The panel of a scrutiny-panel organisation, for the Area it works with
    (the SPOC's), reviewing the decisions of the forces chosen."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    refuse(rules.panel_setup_refusal(actor, organisation))
    area = next(
        a for a in organisation.cps_areas.order_by("name") if has_role(actor, Role.CPS_SPOC, a.pk)
    )
    panel = Panel(organisation=organisation, cps_area=area)
    _panel_fields(panel, forces, terms_of_reference, None)
    panel.save()
    panel.forces.set(forces)
    _audit(actor, "set_up", panel, forces=[f.pk for f in forces])
    return panel


@transaction.atomic
def panel_update(
    *,
    actor: User,
    panel: Panel,
    forces: list[Organisation],
    terms_of_reference: str,
    chair: User | None,
) -> Panel:
    panel = Panel.objects.select_for_update().select_related("cps_area").get(pk=panel.pk)
    refuse(rules.panel_manage_refusal(actor, panel))
    _panel_fields(panel, forces, terms_of_reference, chair)
    panel.save(update_fields=["terms_of_reference", "chair"])
    panel.forces.set(forces)
    chair_seat = panel.members.filter(user=chair).first() if chair else None
    _audit(
        actor,
        "updated",
        panel,
        forces=[f.pk for f in forces],
        chair=chair_seat.reference if chair_seat else None,
    )
    return panel


@transaction.atomic
def panel_member_add(*, actor: User, panel: Panel, user: User, standing: str) -> PanelMember:
    """Seat ``user`` on the panel with their standing and a pseudonymous
    reference for packs and findings. The role itself (a membership of the
    panel's organisation) is an administrator's grant, audited and told like
    every other, so a SPOC seats only someone already given it."""
    refuse(rules.panel_manage_refusal(actor, panel))
    if standing not in Standing.values:
        raise DomainError("Choose the member's standing", problems={"standing": "Choose one"})
    if not Membership.objects.filter(
        user=user, organisation=panel.organisation, role=Role.PANEL_MEMBER
    ).exists():
        raise DomainError("An administrator first gives them the panel member role")
    if PanelMember.objects.filter(panel=panel, user=user).exists():
        raise DomainError("They are a member of this panel already")
    number = PanelMember.objects.filter(panel=panel).count() + 1
    try:
        with transaction.atomic():
            member = PanelMember.objects.create(
                panel=panel, user=user, standing=standing, reference=f"M{number}"
            )
    except IntegrityError as error:  # a double click, or two SPOCs at once
        raise DomainError("Someone else changed the panel's members at the same time") from error
    _audit(actor, "member_added", panel, member=member.reference, standing=standing)
    return member


@transaction.atomic
def undertaking_accept(*, actor: User, panel: Panel) -> Undertaking:
    """The member records the current confidentiality undertaking (once)."""
    refuse(rules.undertaking_refusal(actor, panel))
    member = rules.seat_of(actor, panel)
    if member is None:  # undertaking_refusal has refused anyone without a seat
        raise DomainError("Only a member of the panel records its confidentiality undertaking")
    undertaking, _ = Undertaking.objects.get_or_create(
        member=member, version=rules.UNDERTAKING_VERSION
    )
    _audit(actor, "undertaking", panel, member=member.reference, version=undertaking.version)
    return undertaking


@transaction.atomic
def meeting_create(*, actor: User, panel: Panel, held_on: date, theme: str = "") -> PanelMeeting:
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    refuse(rules.panel_manage_refusal(actor, panel))
    # The panel row is locked: a double click adds one meeting.
    if panel.meetings.filter(held_on=held_on, status=MeetingStatus.PREPARING).exists():
        message = "The panel has a meeting on that date already"
        raise DomainError(message, problems={"held_on": message})
    meeting = PanelMeeting.objects.create(
        panel=panel, held_on=held_on, theme=theme.strip(), created_by=actor
    )
    _audit(actor, "meeting_created", meeting, held_on=held_on.isoformat())
    return meeting


@transaction.atomic
def sample_draw(
    *,
    actor: User,
    meeting: PanelMeeting,
    date_from: date,
    date_to: date,
    size: int,
    include_charged: bool = False,
    seed: int | None = None,
) -> SampleDraw:
    """Draw ``size`` decisions of the panel's forces made between the dates,
    stratified and random (``sampling``), store the frame, the seed and the
    draw, and open a draft pack for each case drawn. Without a seed one is
    chosen at random and stored."""
    meeting = PanelMeeting.objects.select_for_update().select_related("panel").get(pk=meeting.pk)
    refuse(rules.draw_refusal(actor, meeting))
    # Once a meeting (the meeting row is locked: a double click draws once).
    if meeting.draws.exists():
        raise DomainError("This meeting's sample is drawn already")
    if date_from > date_to:
        raise DomainError(
            "The period ends before it starts", problems={"date_to": "After the start"}
        )
    if not 1 <= size <= MAX_SAMPLE:
        message = f"Draw between 1 and {MAX_SAMPLE} cases"
        raise DomainError(message, problems={"size": message})
    if seed is None:
        seed = secrets.randbelow(2**62)
    frame = sampling.Frame(
        date_from=date_from,
        date_to=date_to,
        force_ids=tuple(sorted(meeting.panel.forces.values_list("pk", flat=True))),
        include_charged=include_charged,
    )
    pool = sampling.candidates(meeting.panel, frame)
    drawn = sampling.draw(pool, size, seed)
    if not drawn:
        raise DomainError("No decision of the panel's forces in that period can be reviewed")
    record = SampleDraw.objects.create(
        meeting=meeting,
        frame={**frame.as_json(), "strata": sampling.strata_counts(pool)},
        seed=seed,
        size=size,
        drawn=[{"case": c.case_id, "stratum": c.stratum} for c in drawn],
        drawn_by=actor,
    )
    first = (meeting.packs.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    try:
        with transaction.atomic():
            ReviewPack.objects.bulk_create(
                ReviewPack(
                    meeting=meeting,
                    case_id=candidate.case_id,
                    decision_kind=candidate.decision_kind,
                    stratum=candidate.stratum,
                    number=first + index,
                )
                for index, candidate in enumerate(drawn)
            )
    except IntegrityError as error:  # a draw at the same moment took the numbers
        raise DomainError("Someone else drew at the same time: try again") from error
    # The audit names cases by id only: who drew what, and from which frame.
    _audit(
        actor,
        "sample_drawn",
        meeting,
        seed=seed,
        size=size,
        drawn=[c.case_id for c in drawn],
        candidates=len(pool),
    )
    return record


@transaction.atomic
def pack_add(*, actor: User, meeting: PanelMeeting, case: CaseFile, reason: str) -> ReviewPack:
    """Add one case to the meeting by hand, with the reason recorded: a
    decision of the panel's forces that could have been drawn (the draw's
    exclusions hold), whenever it was made."""
    meeting = PanelMeeting.objects.select_for_update().select_related("panel").get(pk=meeting.pk)
    refuse(rules.pack_add_refusal(actor, meeting))
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "Say why the case is added", problems={"reason": "Say why the case is added"}
        )
    frame = sampling.Frame(
        date_from=date.min,
        date_to=date.max,
        force_ids=tuple(sorted(meeting.panel.forces.values_list("pk", flat=True))),
        include_charged=True,
    )
    found = sampling.candidates(meeting.panel, frame, case_id=case.pk)
    if not found:
        raise DomainError(
            "This case cannot be reviewed: it is not a decision of the panel's forces, it is "
            "still open or under a Victims' Right to Review, or the panel has reviewed it"
        )
    candidate = found[0]
    number = (meeting.packs.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    pack = ReviewPack.objects.create(
        meeting=meeting,
        case_id=candidate.case_id,
        decision_kind=candidate.decision_kind,
        stratum=candidate.stratum,
        number=number,
        added_reason=reason,
    )
    _audit(actor, "case_added", meeting, case=case.pk, pack=pack.number)
    return pack


@transaction.atomic
def meeting_hold(
    *, actor: User, meeting: PanelMeeting, minutes: str, key_messages: str
) -> PanelMeeting:
    """Record the meeting as held, with its minutes and key messages: its
    members' views are closed, its findings stay open to the chair."""
    meeting = PanelMeeting.objects.select_for_update().select_related("panel").get(pk=meeting.pk)
    refuse(rules.meeting_hold_refusal(actor, meeting, timezone.localdate()))
    minutes, key_messages = minutes.strip(), key_messages.strip()
    if not minutes:
        raise DomainError("Write the minutes", problems={"minutes": "Write the minutes"})
    # Members read them: nothing recorded on a case of the meeting may be in them.
    for field, text in (("minutes", minutes), ("key_messages", key_messages)):
        if found := identifiers_in(text, meeting.packs.values_list("case_id", flat=True)):
            what = field.replace("_", " ").capitalize()
            message = f"{what} hold {found[0]}: use roles and pseudonyms"
            raise DomainError(message, problems={field: message})
    meeting.status = MeetingStatus.HELD
    meeting.minutes = minutes
    meeting.key_messages = key_messages
    meeting.save(update_fields=["status", "minutes", "key_messages"])
    _audit(actor, "meeting_held", meeting)
    return meeting
