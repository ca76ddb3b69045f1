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

from django.db.models import Q

from charging.panels.models import PackStatus, Panel, ReviewPack, ReviewPackQuerySet
from charging.panels.rules import UNDERTAKING_VERSION
from rasso.accounts.models import Role, Viewer
from rasso.accounts.selectors import memberships_of


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
    preparer = Q(meeting__panel__cps_area_id__in=areas) | Q(
        case__force_id__in=forces, meeting__panel__forces__in=forces
    )
    return ReviewPack.objects.filter(member | preparer).distinct()
