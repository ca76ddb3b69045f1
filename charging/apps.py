from __future__ import annotations

from django.apps import AppConfig


class ChargingConfig(AppConfig):
    name = "charging"

    def ready(self) -> None:
        # cases never imports charging: charging adds its tabs to the case
        # page, and its counts to the "your work" page, through their registries.
        from cases.views import CaseTab, case_tab_register
        from charging.dashboard import charging_work
        from rasso.accounts.dashboard import WORK_PROVIDERS

        case_tab_register(CaseTab("Early advice", "charging:case-early-advice", 50))
        case_tab_register(CaseTab("File-quality queries", "charging:case-queries", 60))
        case_tab_register(CaseTab("Charging decisions", "charging:case-decisions", 70))
        case_tab_register(CaseTab("Action plans", "charging:case-action-plans", 80))
        case_tab_register(CaseTab("Police NFA", "charging:case-police-nfa", 90))
        if charging_work not in WORK_PROVIDERS:
            WORK_PROVIDERS.append(charging_work)

        # A file sent back with an action plan is resubmitted only once every
        # item is answered: an item of the file checklist.
        from cases.services import CHECKLIST_EXTENSIONS
        from charging.action_plans.services import action_plan_checklist

        if action_plan_checklist not in CHECKLIST_EXTENSIONS:
            CHECKLIST_EXTENSIONS.append(action_plan_checklist)

        # seed_demo --cases N: charging objects for the cases just seeded
        # (runs after cases' seeder, charging being later in INSTALLED_APPS).
        from charging.demo import seed_charging
        from rasso.accounts.demo import SEEDERS

        if seed_charging not in SEEDERS:
            SEEDERS.append(seed_charging)
        # Then the scrutiny panels, which draw their samples from those decisions.
        from charging.panels.demo import seed_panels

        if seed_panels not in SEEDERS:
            SEEDERS.append(seed_panels)
