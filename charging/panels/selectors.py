"""Every read of scrutiny panels that permissions filter.

- A member sees their own panel's *released* packs, and only once they have
  recorded the current confidentiality undertaking; never a case, never a
  draft, never another panel's pack.
- The CPS SPOCs of a panel's Area see all of its packs (they prepare those of
  CPS decisions); a police supervisor or SPOC of a force the panel covers sees
  the packs of their force's cases (police decisions are theirs to prepare).
- Nobody else sees any.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from cases.models import CaseFile
from charging.panels.models import (
    DecisionKind,
    Finding,
    PackStatus,
    Panel,
    PanelMeeting,
    PanelMember,
    Recommendation,
    ReviewPack,
    ReviewPackQuerySet,
    Undertaking,
)
from charging.panels.rules import UNDERTAKING_VERSION
from rasso.accounts.models import Organisation, OrganisationKind, Role, User, Viewer
from rasso.accounts.selectors import memberships_of

CPS_KINDS = (DecisionKind.CPS_NFA, DecisionKind.CHARGED)


def panels_visible_to(user: Viewer) -> list[int]:
    """The ids of the panels the user sits on (with the undertaking) or runs."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    memberships = memberships_of(user)
    panel_orgs = [m.organisation_id for m in memberships if m.role == Role.PANEL_MEMBER]
    areas = [m.organisation_id for m in memberships if m.role == Role.CPS_SPOC]
    seated = Q(
        organisation_id__in=panel_orgs,
        members__user=user,
        members__undertakings__version=UNDERTAKING_VERSION,
    )
    return list(
        Panel.objects.filter(seated | Q(cps_area_id__in=areas)).values_list("pk", flat=True)
    )


def packs_visible_to(user: Viewer) -> ReviewPackQuerySet:
    if user is None or not user.is_authenticated or not user.is_active:
        return ReviewPack.objects.none()
    memberships = memberships_of(user)
    panel_orgs = [m.organisation_id for m in memberships if m.role == Role.PANEL_MEMBER]
    areas = [m.organisation_id for m in memberships if m.role == Role.CPS_SPOC]
    forces = [
        m.organisation_id
        for m in memberships
        if m.role in (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
    ]
    if not (panel_orgs or areas or forces):
        return ReviewPack.objects.none()
    member = Q(
        status=PackStatus.RELEASED,
        meeting__panel__organisation_id__in=panel_orgs,
        meeting__panel__members__user=user,
        meeting__panel__members__undertakings__version=UNDERTAKING_VERSION,
    )
    # The Area's CPS SPOCs: drafts of CPS decisions (theirs to prepare) and
    # every pack once released; a force's police supervisors and SPOCs: the
    # packs of their force's police NFAs.
    cps = Q(meeting__panel__cps_area_id__in=areas) & (
        ~Q(decision_kind=DecisionKind.POLICE_NFA)
        | Q(status__in=[PackStatus.RELEASED, PackStatus.SUPERSEDED])
    )
    police = Q(
        decision_kind=DecisionKind.POLICE_NFA,
        case__force_id__in=forces,
        meeting__panel__forces__in=forces,
    )
    return ReviewPack.objects.filter(member | cps | police).distinct()


def panels_list(user: User) -> QuerySet[Panel]:
    """The panels the user has a seat on (with or without the undertaking:
    the list is the way to it) or runs, with ``seat_undertaken`` for a
    member, by name."""
    memberships = memberships_of(user)
    panel_orgs = [m.organisation_id for m in memberships if m.role == Role.PANEL_MEMBER]
    areas = [m.organisation_id for m in memberships if m.role == Role.CPS_SPOC]
    if not (panel_orgs or areas):
        return Panel.objects.none()
    seated = Q(organisation_id__in=panel_orgs, members__user=user)
    undertaken = Undertaking.objects.filter(
        member__panel=OuterRef("pk"), member__user=user, version=UNDERTAKING_VERSION
    )
    return (
        Panel.objects.filter(seated | Q(cps_area_id__in=areas))
        .distinct()
        .select_related("organisation", "cps_area")
        .annotate(seat_undertaken=Exists(undertaken))
        .order_by("organisation__name", "pk")
    )


def panel_get(user: User, pk: int) -> Panel:
    """One panel of ``panels_list``, with its forces and chair; 404 otherwise."""
    found = (
        panels_list(user)
        .select_related("chair")
        .prefetch_related(Prefetch("forces", Organisation.objects.order_by("name")))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such panel")
    return found


def panel_members(panel: Panel) -> QuerySet[PanelMember]:
    return panel.members.select_related("user").order_by("pk")


def meetings_of(panel: Panel) -> QuerySet[PanelMeeting]:
    """The panel's meetings, latest first, with their released packs counted
    (a released pack's earlier versions are superseded, so each counts once)."""
    return panel.meetings.annotate(
        released=Count("packs", filter=Q(packs__status=PackStatus.RELEASED))
    ).order_by("-held_on", "-pk")


def meeting_get(panel: Panel, pk: int) -> PanelMeeting:
    found = panel.meetings.select_related("panel").filter(pk=pk).first()
    if found is None:
        raise Http404("No such meeting")
    return found


def meeting_packs(user: User, meeting: PanelMeeting) -> ReviewPackQuerySet:
    """The meeting's packs the user may see, by number, latest version
    first, with their findings."""
    return (
        packs_visible_to(user)
        .filter(meeting=meeting)
        .select_related("finding")
        .order_by("number", "-version")
    )


def pack_get(user: User, pk: int) -> ReviewPack:
    found = (
        packs_visible_to(user)
        .select_related("meeting__panel__organisation", "case", "finding")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such review pack")
    return found


def packs_to_prepare(user: User) -> ReviewPackQuerySet:
    """Drafts the user prepares: the police NFAs of their force (a police
    supervisor or SPOC), the CPS decisions of their Area (a CPS SPOC)."""
    memberships = memberships_of(user)
    areas = [m.organisation_id for m in memberships if m.role == Role.CPS_SPOC]
    forces = [
        m.organisation_id
        for m in memberships
        if m.role in (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
    ]
    mine = Q(meeting__panel__cps_area_id__in=areas, decision_kind__in=CPS_KINDS) | Q(
        decision_kind=DecisionKind.POLICE_NFA, case__force_id__in=forces
    )
    return (
        packs_visible_to(user)
        .filter(mine, status=PackStatus.DRAFT)
        .select_related("meeting__panel__organisation")
        .order_by("meeting__held_on", "meeting_id", "number")
    )


def referrals_to_answer(user: User) -> QuerySet[Finding]:
    """Referrals the user answers for, not yet answered: of their force's
    police NFAs (a police supervisor or SPOC), of their Area's CPS decisions
    (a CPS SPOC). The pack's case is never named."""
    memberships = memberships_of(user)
    areas = [m.organisation_id for m in memberships if m.role == Role.CPS_SPOC]
    forces = [
        m.organisation_id
        for m in memberships
        if m.role in (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
    ]
    if not (areas or forces):
        return Finding.objects.none()
    mine = Q(pack__decision_kind=DecisionKind.POLICE_NFA, pack__case__force_id__in=forces) | Q(
        pack__decision_kind__in=CPS_KINDS, pack__case__cps_area_id__in=areas
    )
    return (
        Finding.objects.filter(mine, recommendation=Recommendation.REFER, responded_at=None)
        .select_related("pack__meeting__panel__organisation", "response_deadline")
        .order_by("response_deadline__due_on", "pk")
    )


def learning_log(panel: Panel) -> QuerySet[Finding]:
    """Every finding of the panel with learning points, latest meeting first."""
    return (
        Finding.objects.filter(pack__meeting__panel=panel)
        .exclude(learning_points="")
        .select_related("pack__meeting")
        .order_by("-pack__meeting__held_on", "pack__number", "pk")
    )


def case_to_add(user: User, urn: str) -> CaseFile | None:
    """The case of that URN, for adding to a meeting by hand, if the user may
    see it."""
    return CaseFile.objects.visible_to(user).filter(urn=urn.strip().upper()).first()


def _spoc_areas(user: User) -> list[int]:
    return [m.organisation_id for m in memberships_of(user) if m.role == Role.CPS_SPOC]


def panels_to_set_up(user: User) -> QuerySet[Organisation]:
    """Scrutiny-panel organisations of the user's Areas (a CPS SPOC) that
    have no panel yet."""
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.SCRUTINY_PANEL,
            cps_areas__in=_spoc_areas(user),
            panel__isnull=True,
        )
        .distinct()
        .order_by("name")
    )


def forces_of_areas(area_ids: list[int]) -> QuerySet[Organisation]:
    """The police forces working with those CPS Areas, by name."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE, cps_areas__in=area_ids)
        .distinct()
        .order_by("name")
    )


def responses_for(meeting: PanelMeeting) -> QuerySet[Finding]:
    """The responses to the panel's referrals for this meeting to read: those
    given since the meeting before it (all of them, for the first), up to
    this one's date."""
    earlier = (
        meeting.panel.meetings.filter(held_on__lt=meeting.held_on)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    found = Finding.objects.filter(
        pack__meeting__panel=meeting.panel_id,
        responded_at__isnull=False,
        responded_at__date__lte=meeting.held_on,
    )
    if earlier is not None:
        found = found.filter(responded_at__date__gt=earlier)
    return found.select_related("pack__meeting").order_by("responded_at", "pk")
