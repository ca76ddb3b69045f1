"""File-quality queries: a prosecutor's query about a defect in a submitted
file, for the force's single point of contact (or, passed on, the officer in
the case) to put right within 2 working days.

A query is an object of its own with its own status (``QUERY_TRANSITIONS``):
it does not move the case's status. Who may see one follows the case it
belongs to; every change goes through ``charging.queries.services``."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import CaseFile, Deadline, Document
from rasso.accounts.models import Viewer


class QueryCategory(models.TextChoices):
    MISSING_DOCUMENT = "missing_document", "Missing document"
    ILLEGIBLE = "illegible", "Illegible"
    INCONSISTENT = "inconsistent", "Inconsistent"
    INCOMPLETE_SCHEDULE = "incomplete_schedule", "Incomplete schedule"
    OTHER = "other", "Other"


class QueryStatus(models.TextChoices):
    OPEN = "open", "Open (with the force's SPOC)"
    WITH_OIC = "with_oic", "With the officer in the case"
    RESOLVED = "resolved", "Resolved"
    WITHDRAWN = "withdrawn", "Withdrawn"


QUERY_TRANSITIONS: dict[str, frozenset[str]] = {
    QueryStatus.OPEN: frozenset(
        {QueryStatus.WITH_OIC, QueryStatus.RESOLVED, QueryStatus.WITHDRAWN}
    ),
    QueryStatus.WITH_OIC: frozenset({QueryStatus.RESOLVED, QueryStatus.WITHDRAWN}),
    QueryStatus.RESOLVED: frozenset(),
    QueryStatus.WITHDRAWN: frozenset(),
}


# Not yet answered: what the lists and counts show.
QUERY_UNANSWERED = (QueryStatus.OPEN, QueryStatus.WITH_OIC)


class FileQualityQueryQuerySet(models.QuerySet["FileQualityQuery"]):
    def visible_to(self, user: Viewer) -> FileQualityQueryQuerySet:
        """Queries on the cases ``user`` may see."""
        return self.filter(case__in=CaseFile.objects.visible_to(user))


class FileQualityQuery(models.Model):
    """A prosecutor's query about a defect in a submitted file, for the
    force's single point of contact to fix within 2 working days."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="quality_queries")
    category = models.CharField(max_length=30, choices=QueryCategory.choices)
    description = models.TextField()
    status = models.CharField(max_length=20, choices=QueryStatus.choices, default=QueryStatus.OPEN)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    # The open obligation: owed by the force, then by the OIC once passed on.
    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    passed_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True, default="")
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[FileQualityQueryQuerySet] = FileQualityQueryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name_plural = "file-quality queries"
        indexes = [
            models.Index(fields=["case", "-raised_at", "-id"], name="quality_query_case"),
            # The reports count queries by when they were raised.
            models.Index(fields=["raised_at"], name="quality_query_raised"),
            # The SPOC's and the prosecutor's lists read only unanswered queries.
            models.Index(
                fields=["status"],
                name="quality_query_unanswered",
                condition=Q(status__in=["open", "with_oic"]),
            ),
        ]

    def __str__(self) -> str:
        return f"File-quality query {self.pk} on {self.case_id}"

    def can_move_to(self, status: str) -> bool:
        return status in QUERY_TRANSITIONS.get(self.status, frozenset())

    @property
    def unanswered(self) -> bool:
        return self.status in QUERY_UNANSWERED
