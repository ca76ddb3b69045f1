"""Who may run a scrutiny panel, sit on it and draw its sample.

Each rule returns why the user may not (the sentence the service raises), or
None when they may. The CPS SPOCs of the panel's Area run it (members,
meetings); its chair, or those SPOCs, draw a meeting's sample; a member sees
packs only with the current confidentiality undertaking recorded.
"""

from __future__ import annotations

from datetime import date

from cases import rules as case_rules
from charging.panels.models import (
    DecisionKind,
    Finding,
    MeetingStatus,
    PackStatus,
    Panel,
    PanelMeeting,
    PanelMember,
    ReviewPack,
)
from rasso.accounts.models import Organisation, OrganisationKind, Role, User

# The wording a member undertakes to (a new version asks everyone again).
UNDERTAKING_VERSION = "2026-1"
UNDERTAKING_TEXT = (
    "I will keep confidential everything I read in review packs and hear at panel "
    "meetings. I will not try to find out who anyone in a case is, and if I think I "
    "recognise a case or a person I will tell the chair and take no part in its "
    "review. I will not copy, photograph or share a pack, and I will destroy any "
    "copy I download once the meeting has been held."
)


def runs_panel(user: User, panel: Panel) -> bool:
    """A CPS SPOC of the panel's Area."""
    return case_rules.has_role(user, Role.CPS_SPOC, panel.cps_area_id)


def seat_of(user: User, panel: Panel) -> PanelMember | None:
    """The user's seat on the panel while they are still a member of its
    organisation: access ends when the membership does."""
    if not case_rules.has_role(user, Role.PANEL_MEMBER, panel.organisation_id):
        return None
    return PanelMember.objects.filter(panel=panel, user=user).first()


def panel_manage_refusal(user: User, panel: Panel) -> str | None:
    if not runs_panel(user, panel):
        return "Only a CPS SPOC of the panel's Area can change its membership or meetings"
    return None


def panel_setup_refusal(user: User, organisation: Organisation) -> str | None:
    """A CPS SPOC of an Area the scrutiny-panel organisation works with sets
    up its panel, once."""
    if organisation.kind != OrganisationKind.SCRUTINY_PANEL:
        return "Only a scrutiny panel's organisation has a panel"
    areas = [area.pk for area in organisation.cps_areas.all()]
    if not any(case_rules.has_role(user, Role.CPS_SPOC, area) for area in areas):
        return "Only a CPS SPOC of the panel's Area sets it up"
    if Panel.objects.filter(organisation=organisation).exists():
        return "This panel is set up already"
    return None


def undertaking_refusal(user: User, panel: Panel) -> str | None:
    if seat_of(user, panel) is None:
        return "Only a member of the panel records its confidentiality undertaking"
    return None


def has_undertaken(member: PanelMember) -> bool:
    return member.undertakings.filter(version=UNDERTAKING_VERSION).exists()


def chairs_or_runs(user: User, panel: Panel) -> bool:
    """The panel's chair (still seated) or a CPS SPOC of its Area."""
    return (panel.chair_id == user.pk and seat_of(user, panel) is not None) or runs_panel(
        user, panel
    )


def draw_refusal(user: User, meeting: PanelMeeting) -> str | None:
    if not chairs_or_runs(user, meeting.panel):
        return "Only the panel's chair or a CPS SPOC of its Area draws the sample"
    if meeting.status != MeetingStatus.PREPARING:
        return "The meeting has been held: its sample cannot be drawn again"
    return None


def pack_add_refusal(user: User, meeting: PanelMeeting) -> str | None:
    if not chairs_or_runs(user, meeting.panel):
        return "Only the panel's chair or a CPS SPOC of its Area adds a case by hand"
    if meeting.status != MeetingStatus.PREPARING:
        return "The meeting has been held: no case can be added to it"
    return None


def meeting_hold_refusal(user: User, meeting: PanelMeeting, today: date) -> str | None:
    if not chairs_or_runs(user, meeting.panel):
        return "Only the panel's chair or a CPS SPOC of its Area records the meeting"
    if meeting.status != MeetingStatus.PREPARING:
        return "The meeting has been recorded as held already"
    if meeting.held_on > today:
        return "The meeting is recorded as held on or after its date"
    return None


def pack_prepare_refusal(user: User, pack: ReviewPack) -> str | None:
    """The CPS SPOCs of the panel's Area prepare the packs of CPS decisions;
    a police supervisor or SPOC of the case's force those of police NFAs.
    Only a draft is prepared: a released pack is frozen."""
    if pack.decision_kind == DecisionKind.POLICE_NFA:
        if not case_rules.is_police_supervisor_of(user, pack.case.force_id):
            return "Only a police supervisor or SPOC of the force prepares this pack"
    elif not runs_panel(user, pack.meeting.panel):
        return "Only a CPS SPOC of the panel's Area prepares this pack"
    if pack.status != PackStatus.DRAFT:
        return "This pack has been released: correct it with a new version"
    return None


def pack_correct_refusal(user: User, pack: ReviewPack) -> str | None:
    if pack.status != PackStatus.RELEASED:
        return "Only a released pack is corrected"
    draft = ReviewPack(
        meeting=pack.meeting,
        case=pack.case,
        decision_kind=pack.decision_kind,
        status=PackStatus.DRAFT,
    )
    return pack_prepare_refusal(user, draft)


def member_view_refusal(user: User, pack: ReviewPack) -> str | None:
    """A member with the current undertaking, on a released pack of their
    panel, before the meeting is held."""
    member = seat_of(user, pack.meeting.panel)
    if member is None or not has_undertaken(member):
        return "Only a member of the panel who has given the undertaking records a view"
    if pack.status != PackStatus.RELEASED:
        return "This pack is not released to the panel"
    if pack.meeting.status != MeetingStatus.PREPARING:
        return "The meeting has been held: views are recorded before it"
    return None


def finding_refusal(user: User, pack: ReviewPack) -> str | None:
    """The panel's chair records the panel's finding on a released pack."""
    panel = pack.meeting.panel
    member = seat_of(user, panel)
    if member is None or panel.chair_id != user.pk or not has_undertaken(member):
        return "Only the panel's chair records its findings"
    if pack.status != PackStatus.RELEASED:
        return "This pack is not released to the panel"
    if Finding.objects.filter(pack=pack).exists():
        return "The panel's finding on this pack is recorded already"
    return None
