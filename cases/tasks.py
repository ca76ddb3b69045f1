"""Thin tasks on the workers: each calls a service and is harmless run twice."""

from __future__ import annotations

from celery import shared_task

from cases import reminders


# Named as it was when the sweep lived in notifications: the beat schedule and
# any message already queued name it so.
@shared_task(name="rasso.notifications.tasks.reminders_sweep")
def reminders_sweep() -> int:
    """On the beat every 5 minutes: the reminders now due (exactly once each)."""
    return reminders.reminders_send().reminders
