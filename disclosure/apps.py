from __future__ import annotations

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"

    def ready(self) -> None:
        # cases never imports disclosure: the Disclosure tab is added to the
        # case page through its registry.
        from cases.views import CaseTab, case_tab_register

        case_tab_register(CaseTab("Disclosure", "disclosure:case-disclosure", 95))

        # A deleted case's record sheet goes through the database's own
        # function (the sheet is append-only).
        from cases.retention.purge import append_only_register
        from disclosure.schedules.retention import RECORD_SHEET

        append_only_register(RECORD_SHEET)

        # seed_demo --cases N: requests, schedules and device extractions on
        # the newest open demo cases.
        from disclosure.devices.demo import seed_extractions
        from disclosure.requests.demo import seed_requests
        from disclosure.schedules.demo import seed_schedules
        from rasso.accounts.demo import SEEDERS

        if seed_requests not in SEEDERS:
            SEEDERS.append(seed_requests)
        if seed_schedules not in SEEDERS:
            SEEDERS.append(seed_schedules)
        if seed_extractions not in SEEDERS:
            SEEDERS.append(seed_extractions)
