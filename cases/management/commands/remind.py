"""``python manage.py remind``: run the reminder sweep now, by hand."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cases.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the deadline reminders that are due (safe to run at any time, or twice)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = reminders_send()
        self.stdout.write(f"Sent {result.reminders} reminders")
