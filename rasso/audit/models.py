"""The audit log: who did what to which object, when, and from where.

Rows are only ever inserted. A database trigger (migration 0002) makes UPDATE
and DELETE fail, so not even a bug in the application, or the admin, can
rewrite history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True)
    # PROTECT: an account with history is deactivated, never deleted, and a
    # cascade would need to delete audit rows, which the trigger forbids.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    # Changed values and context. Never a complainant's identity.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # "Everything that happened to this object", newest first.
            models.Index(fields=["object_type", "object_id", "-at"]),
            # "Everything this person did", newest first.
            models.Index(fields=["actor", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"
