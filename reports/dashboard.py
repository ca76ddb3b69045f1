"""What reports adds to a manager's "your work" page (registered in
ReportsConfig.ready): the progress reports ready to download. The figures
themselves are a page of their own ("Performance" in the navigation)."""

from __future__ import annotations

from django.urls import reverse

from rasso.accounts.dashboard import WorkCount
from rasso.accounts.models import Membership, Role, User
from reports.models import ReportStatus
from reports.selectors import reports_visible_to


def reports_work(user: User, membership: Membership) -> dict[str, WorkCount]:
    if membership.role != Role.MANAGER:
        return {}
    dashboard = reverse("reports:dashboard")
    return {
        "Progress reports": (
            lambda: reports_visible_to(user).filter(status=ReportStatus.DONE).count(),
            dashboard + "#reports",
        ),
    }
