"""A double-clicked button, or a client retrying a request whose answer it
never saw, sends the same thing twice. A service that creates a record looks,
under the lock it already holds, for the same record from the same person a
moment ago, and gives that back instead of saving a second one."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

RESUBMISSION_WINDOW = timedelta(minutes=2)


def resubmission_since() -> datetime:
    """The earliest time an identical earlier record counts as this one."""
    return timezone.now() - RESUBMISSION_WINDOW
