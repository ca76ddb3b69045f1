from __future__ import annotations

from django.apps import AppConfig


class VictimsConfig(AppConfig):
    name = "victims"
    verbose_name = "Complainants"

    def ready(self) -> None:
        # cases never imports victims: victims adds its check to the file
        # checklist through cases' own extension point.
        from cases.services import CHECKLIST_EXTENSIONS
        from victims.services import complainant_checklist

        if complainant_checklist not in CHECKLIST_EXTENSIONS:
            CHECKLIST_EXTENSIONS.append(complainant_checklist)

        # A key event in the case (an arrest, a charge, an NFA...) opens a
        # "tell the complainant" deadline for each complainant.
        from cases.services import KEY_EVENT_HANDLERS
        from victims.services import complainants_tell

        if complainants_tell not in KEY_EVENT_HANDLERS:
            KEY_EVENT_HANDLERS.append(complainants_tell)

        # Free text of a case, for those not entitled to the identity, goes
        # through the identity scrubber built from the case's complainants.
        from cases.identity import text_scrubber_register
        from victims.selectors import case_scrubbers

        text_scrubber_register(case_scrubbers)

        # A deleted case's contact log goes through the database's own function.
        from cases.retention.purge import append_only_register
        from victims.retention import CONTACT_LOG

        append_only_register(CONTACT_LOG)

        # seed_demo --cases N: contacts, withdrawals and reviews for the new cases.
        from rasso.accounts.demo import SEEDERS
        from victims.demo import seed_complainants

        if seed_complainants not in SEEDERS:
            SEEDERS.append(seed_complainants)

        # What this app adds to the case page (a tab and a card on the
        # summary) and to the case in the API (its complainants).
        from cases.serializers import CASE_DETAIL_SECTIONS
        from cases.views import (
            CaseTab,
            SummarySection,
            case_summary_section_register,
            case_tab_register,
        )
        from victims import views
        from victims.api import CaseComplainantsField

        case_tab_register(CaseTab("Complainants", "victims:complainants", 15))
        case_summary_section_register(
            SummarySection(
                "victims/includes/complainants_summary.html", views.complainants_summary, 30
            )
        )
        CASE_DETAIL_SECTIONS["complainants"] = CaseComplainantsField

        # The officer's "your work" page counts the updates owed to complainants.
        from rasso.accounts.dashboard import WORK_PROVIDERS
        from victims.dashboard import victims_work

        if victims_work not in WORK_PROVIDERS:
            WORK_PROVIDERS.append(victims_work)
