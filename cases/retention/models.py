"""Retention's tables: the schedule (defaults and a force's own periods), the
reviews that retained a case, legal holds, the beat task's notices and the
files of deleted cases still to remove from storage.

A case's own retention fields (category, the date its period runs from, the
review date) are on ``cases.CaseFile``; ``cases.models`` imports these models
so that their tables and migrations stay the ``cases`` app's.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases.models import CaseFile, RetentionCategory
from rasso.accounts.models import Organisation


class RetentionPeriod(models.Model):
    """The default review period of a MoPI category: one row each, loaded by
    a migration and changed in the admin by the data owner."""

    category = models.CharField(max_length=20, choices=RetentionCategory.choices, unique=True)
    review_after_months = models.PositiveSmallIntegerField()
    # Group 1: kept at least until the person convicted would be this old
    # (no deletion before, whatever a review says).
    keep_until_age = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["category"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: reviewed after {self.review_after_months} months"

    def clean(self) -> None:
        if not 1 <= self.review_after_months <= 1200:
            raise ValidationError(
                {"review_after_months": "Enter a number of months from 1 to 1200"}
            )


class ForceRetentionPeriod(models.Model):
    """A force's own review period for a category, in place of the default."""

    force = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="retention_periods",
        limit_choices_to={"kind": "police_force"},
    )
    category = models.CharField(max_length=20, choices=RetentionCategory.choices)
    review_after_months = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["force", "category"]
        constraints = [
            models.UniqueConstraint(fields=["force", "category"], name="force_retention_unique")
        ]

    def __str__(self) -> str:
        return (
            f"{self.force}: {self.get_category_display()} after {self.review_after_months} months"
        )

    def clean(self) -> None:
        if not 1 <= self.review_after_months <= 1200:
            raise ValidationError(
                {"review_after_months": "Enter a number of months from 1 to 1200"}
            )


class RetentionReview(models.Model):
    """A review that retained the case: its new date and why."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="retention_reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    previous_review_on = models.DateField()
    next_review_on = models.DateField()
    reason = models.TextField()

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"Retained until {self.next_review_on:%d %b %Y}"


class LegalHold(models.Model):
    """A legal hold suspends the deletion of a case (litigation, an inquiry, a
    complaint). It cannot be lifted within ``schedule.HOLD_GUARD_DAYS`` of
    being placed."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            # One hold in force per case.
            models.UniqueConstraint(
                fields=["case"], condition=Q(lifted_at__isnull=True), name="legal_hold_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold placed {self.placed_at:%d %b %Y}"


class RetentionNotice(models.Model):
    """The beat task told a force's supervisors how many cases were due on
    this day: at most once a day, however often the task runs."""

    force = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    cases_due = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["force", "on"], name="retention_notice_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.force}: {self.cases_due} due on {self.on}"


class PendingFileRemoval(models.Model):
    """A file of a deleted case, written in the deletion's transaction and
    removed from storage once it commits; the beat task removes any a crash
    left behind. Holds a random stored name, nothing else."""

    path = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.path
