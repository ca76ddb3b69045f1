"""The case work the "your work" page counts (registered in CasesConfig.ready)."""

from __future__ import annotations

from django.urls import reverse

from cases.selectors import CaseFilters, allocated_to, case_listing, ready_to_allocate
from rasso.accounts.dashboard import WorkCount
from rasso.accounts.models import Membership, User


def case_work(user: User, membership: Membership) -> dict[str, WorkCount]:
    """The sections a case list can already fill in: label -> (how many, where
    to see them), for the user in this membership. One COUNT each."""
    org = membership.organisation_id
    cases_url = reverse("cases:list")
    return {
        "Your cases": (
            lambda: case_listing(user, CaseFilters(force=org)).count(),
            cases_url,
        ),
        "Your force's cases": (
            lambda: case_listing(user, CaseFilters(force=org)).count(),
            f"{cases_url}?force={org}",
        ),
        "Your force's overdue work": (
            lambda: case_listing(user, CaseFilters(force=org, overdue=True)).count(),
            f"{cases_url}?force={org}&overdue=on",
        ),
        "Ready to allocate": (
            lambda: ready_to_allocate(user).filter(cps_area_id=org).count(),
            reverse("cases:queue"),
        ),
        "Your Area's overdue work": (
            lambda: case_listing(user, CaseFilters(cps_area=org, overdue=True)).count(),
            f"{cases_url}?overdue=on",
        ),
        "Your allocated cases": (
            lambda: allocated_to(user).filter(cps_area_id=org).count(),
            reverse("cases:allocated"),
        ),
    }
