"""Reports in the admin: to see what was produced and why one failed. Read
only: every change goes through reports.services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reports.models import ProgressReport


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin[ProgressReport]):
    list_display = [
        "id",
        "scope_kind",
        "organisation",
        "period_start",
        "period_end",
        "status",
        "requested_at",
        "published_at",
    ]
    list_filter = ["status", "scope_kind"]
    list_select_related = ["organisation"]
    exclude = ["lease_until"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
