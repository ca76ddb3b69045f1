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
