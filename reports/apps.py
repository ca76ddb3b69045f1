from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        # The manager's "your work" page links to the dashboard and the
        # reports (accounts cannot import reports: dependencies run downhill).
        from rasso.accounts.dashboard import WORK_PROVIDERS
        from reports.dashboard import reports_work

        if reports_work not in WORK_PROVIDERS:
            WORK_PROVIDERS.append(reports_work)
