"""Reads about users and organisations."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from rasso.accounts.models import Membership, Organisation, OrganisationKind, User


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
