"""Reads of notifications: a user sees their own and nobody else's."""

from __future__ import annotations

from django.db.models import QuerySet

from rasso.accounts.models import User
from rasso.notifications.models import EmailFrequency, Notification, NotificationPreference


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first (the index notification_recipient
    serves both the filter and the order)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notifications_unread_count(user: User) -> int:
    """One COUNT over the partial index of unread notifications."""
    return Notification.objects.filter(recipient=user, read_at=None).count()


def email_frequency_of(user: User) -> str:
    """Every notification by e-mail unless the user chose a daily digest."""
    chosen = (
        NotificationPreference.objects.filter(user=user)
        .values_list("email_frequency", flat=True)
        .first()
    )
    return chosen or EmailFrequency.EVERY
