"""Performance metrics and the bi-annual progress reports.

A ``ProgressReport`` is one PDF (and a CSV of the same figures) for a scope
(national, a CPS Area or a police force) and a period (a half of the
financial year, or any dates asked for). Of its kinds, the progress report
is every figure; the scrutiny panels' annual summary ("themes and
learning") is the panels' figures for a financial year, national only, and
is published the same way. It is produced by a Celery task on
the ``reports`` queue: see ``reports.services.report_produce`` for how a
report is claimed, so that a redelivered task never makes it twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from rasso.accounts.models import Organisation


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


# The moves a report makes, written once: services check them, pages read
# them (a failed report offers "try again").
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.QUEUED: frozenset({ReportStatus.RUNNING}),
    # A running report whose lease has expired (its worker died) is claimed
    # again: running -> running.
    ReportStatus.RUNNING: frozenset({ReportStatus.RUNNING, ReportStatus.DONE, ReportStatus.FAILED}),
    ReportStatus.DONE: frozenset(),
    ReportStatus.FAILED: frozenset({ReportStatus.QUEUED}),
}


class ScopeKind(models.TextChoices):
    NATIONAL = "national", "National"
    CPS_AREA = "cps_area", "CPS Area"
    POLICE_FORCE = "police_force", "Police force"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", "Progress report"
    PANELS = "panels", "Scrutiny panels: themes and learning"


class ProgressReport(models.Model):
    kind = models.CharField(max_length=20, choices=ReportKind.choices, default=ReportKind.PROGRESS)
    scope_kind = models.CharField(max_length=20, choices=ScopeKind.choices)
    # The CPS Area or force; none for a national report.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    # Who asked; none when the half-yearly schedule did.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # A running report belongs to its worker until then; after it, another
    # delivery of the task may take it over (the first worker died).
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What went wrong, in words for people: never a stack trace.
    error = models.CharField(max_length=300, blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            # A manager's list: their scope's reports, newest first.
            models.Index(
                fields=["scope_kind", "organisation", "-requested_at", "-id"],
                name="report_scope_requested",
            ),
            # The public list reads published reports only.
            models.Index(
                fields=["-published_at", "-id"],
                name="report_published",
                condition=Q(published_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_kind=ScopeKind.NATIONAL, organisation__isnull=True)
                | (~Q(scope_kind=ScopeKind.NATIONAL) & Q(organisation__isnull=False)),
                name="report_scope_organisation",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_order",
            ),
            # Only a finished national report is published.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(scope_kind=ScopeKind.NATIONAL, status=ReportStatus.DONE),
                name="report_published_national_done",
            ),
            # The panels' summary is of the nation's panels.
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.PANELS) | Q(scope_kind=ScopeKind.NATIONAL),
                name="report_panels_national",
            ),
            # The half-yearly schedule queues each scope's report once, however
            # often beat fires: one scheduled report per kind, scope and period.
            models.UniqueConstraint(
                fields=["kind", "scope_kind", "organisation", "period_start", "period_end"],
                condition=Q(requested_by__isnull=True),
                name="report_scheduled_once",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"Progress report {self.pk}"

    def can_move_to(self, status: str) -> bool:
        return status in REPORT_TRANSITIONS.get(self.status, frozenset())

    @property
    def in_progress(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)


class ProgressReportFile(models.Model):
    """A finished report's PDF and CSV, in the database next to it.

    Kept in a table of its own so that listing reports never reads the
    files, and in the database rather than on disk so that the files and
    the "done" status are written in one transaction: a report is never
    done without its files, a failed one leaves no file behind, and the
    worker and web containers need no shared volume for them (they are a
    few hundred kilobytes, far from what a database handles badly).
    """

    report = models.OneToOneField(
        ProgressReport, on_delete=models.CASCADE, primary_key=True, related_name="file"
    )
    pdf = models.BinaryField()
    csv = models.TextField()
    pdf_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Files of progress report {self.report_id}"
