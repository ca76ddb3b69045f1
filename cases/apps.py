from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"

    def ready(self) -> None:
        # seed_demo lives in accounts, below cases: cases adds its seeder
        # through accounts' registry rather than accounts importing cases.
        from cases.demo import seed_cases
        from rasso.accounts.demo import SEEDERS

        if seed_cases not in SEEDERS:
            SEEDERS.append(seed_cases)

        from cases.dashboard import case_work
        from rasso.accounts.dashboard import WORK_PROVIDERS

        if case_work not in WORK_PROVIDERS:
            WORK_PROVIDERS.append(case_work)

        # The case page's "Result and retention" card (cases.retention).
        from cases.retention.views import retention_summary
        from cases.views import SummarySection, case_summary_section_register

        case_summary_section_register(
            SummarySection("cases/retention/summary_card.html", retention_summary, 90)
        )

        # Documents are scanned for viruses: its deploy check says where clamd is.
        import rasso.core.scanning  # noqa: F401
