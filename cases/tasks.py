"""Thin tasks on the workers: each calls a service and is harmless run twice."""

from __future__ import annotations

from celery import shared_task

from cases import reminders
from cases.retention import services as retention


# Named as it was when the sweep lived in notifications: the beat schedule and
# any message already queued name it so.
@shared_task(name="rasso.notifications.tasks.reminders_sweep")
def reminders_sweep() -> int:
    """On the beat every 5 minutes: the reminders now due (exactly once each)."""
    return reminders.reminders_send().reminders


@shared_task(name="cases.tasks.retention_reviews_notify")
def retention_reviews_notify() -> int:
    """On the beat every morning: each force's supervisors told how many of
    its cases are due for a retention review (once a day per force), and any
    file of a deleted case a crash left behind removed. The notifications sent."""
    retention.pending_files_remove()
    return retention.retention_notices_send().notifications
