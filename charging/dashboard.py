"""The early advice and queries the "your work" page counts (registered in
ChargingConfig.ready)."""

from __future__ import annotations

from django.urls import reverse

from charging.selectors import advice_due, queries_to_answer
from rasso.accounts.dashboard import WorkCount
from rasso.accounts.models import Membership, User


def charging_work(user: User, membership: Membership) -> dict[str, WorkCount]:
    """Label -> (how many, where to see them). One COUNT each, run only for
    the sections the membership's role shows."""
    org = membership.organisation_id
    return {
        "Early advice due": (
            lambda: advice_due(user).filter(case__cps_area_id=org).count(),
            reverse("charging:advice-due"),
        ),
        "File-quality queries to resolve": (
            lambda: queries_to_answer(user).filter(case__force_id=org).count(),
            reverse("charging:queries"),
        ),
    }
