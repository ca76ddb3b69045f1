"""Reads about users and organisations."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from rasso.accounts.models import Membership, Organisation, OrganisationKind, Role, User


def organisations_list(*, kind: str | None = None) -> QuerySet[Organisation]:
    """Reference data, visible to every signed-in user. Forces and panels come
    with the CPS Areas they work with, in one extra query."""
    qs = Organisation.objects.prefetch_related(
        Prefetch(
            "cps_areas",
            queryset=Organisation.objects.filter(kind=OrganisationKind.CPS_AREA).only(
                "id", "name", "slug", "kind"
            ),
        )
    ).order_by("kind", "name")
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def memberships_of(user: User) -> list[Membership]:
    """The user's memberships with their organisations, cached on the user
    object for the rest of the request (navigation and dashboards both ask)."""
    cached: list[Membership] | None = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name", "role")
        )
        user._memberships_cache = cached  # type: ignore[attr-defined]
    return cached


def roles_of(user: User) -> set[str]:
    return {m.role for m in memberships_of(user)}


# Who answers for the people of an organisation: a force's police supervisors,
# a CPS Area's CPS SPOCs (the Area's RASSO unit head role here), the national
# body's managers. A scrutiny panel is convened by its CPS Areas, so their
# CPS SPOCs answer for it.
SUPERVISING_ROLE: dict[str, str] = {
    OrganisationKind.POLICE_FORCE: Role.POLICE_SUPERVISOR,
    OrganisationKind.CPS_AREA: Role.CPS_SPOC,
    OrganisationKind.NATIONAL: Role.MANAGER,
}


def organisation_supervisors(organisations: Iterable[Organisation]) -> QuerySet[User]:
    """The active users who supervise any of ``organisations`` (see
    ``SUPERVISING_ROLE``), each once, in one query."""
    condition = Q(pk__in=[])
    for organisation in organisations:
        if organisation.kind == OrganisationKind.SCRUTINY_PANEL:
            condition |= Q(
                memberships__role=Role.CPS_SPOC,
                memberships__organisation__partner_organisations=organisation,
            )
        elif organisation.kind in SUPERVISING_ROLE:
            condition |= Q(
                memberships__role=SUPERVISING_ROLE[organisation.kind],
                memberships__organisation=organisation,
            )
    return User.objects.filter(condition, is_active=True).distinct().order_by("pk")
