"""The outbox and reminders in the admin: to look at, never to edit. A
pending e-mail is retried by the workers; nothing here sends or resends.

An administrator sees no case content: an e-mail's subject and body name the
case and what is due on it, so the outbox shows neither, only how the queue
moves. The notifications themselves are not registered."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from rasso.notifications.models import EmailOutbox, NotificationPreference, Reminder


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(EmailOutbox)
class EmailOutboxAdmin(ReadOnlyAdmin):
    # No subject, no body: what a support engineer needs to see the queue move.
    list_display = ["id", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status"]
    fields = ["status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["id", "deadline_id", "stage", "due_on", "sent_at"]
    list_filter = ["stage"]
    fields = ["stage", "due_on", "sent_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "email_frequency", "updated_at"]
    list_select_related = ["user"]
