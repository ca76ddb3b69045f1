"""The complainant work the "your work" page counts (registered in
VictimsConfig.ready): the updates the officer owes to complainants, on the
cases of the membership's force. One COUNT."""

from __future__ import annotations

from django.urls import reverse

from rasso.accounts.dashboard import WorkCount
from rasso.accounts.models import Membership, User
from victims.selectors import updates_owed


def victims_work(user: User, membership: Membership) -> dict[str, WorkCount]:
    org = membership.organisation_id
    return {
        "Complainant updates owed": (
            lambda: updates_owed(user).filter(case__force_id=org).count(),
            reverse("victims:work-updates-owed"),
        ),
    }
