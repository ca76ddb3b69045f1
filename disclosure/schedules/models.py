"""Unused material: the schedules of non-sensitive (MG6C) and sensitive
(MG6D) material, item by item; the disclosure officer's report (MG6E); the
prosecutor's review of each item; the disclosure management document; and
the disclosure record sheet, an append-only log of every disclosure event on
the case (append-only in the database: disclosure migration 0002).

Schedules, reports and management documents are served in editions: a
re-served schedule is a new edition and the old one is kept; nothing is
changed once served (a draft may be). An item keeps its number from edition
to edition, and one sequence of numbers runs across all of a case's
schedules. Who may see any of it is
``disclosure.schedules.selectors``: as restricted as the complainant's
identity. Every change goes through ``disclosure.schedules.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from cases.models import CaseFile, Deadline
from disclosure.requests.models import VictimInformationRequest


class ScheduleKind(models.TextChoices):
    NON_SENSITIVE = "mg6c", "MG6C: non-sensitive unused material"
    SENSITIVE = "mg6d", "MG6D: sensitive unused material"


class EditionStatus(models.TextChoices):
    """The life of an edition of a schedule, an MG6E or a DMD."""

    DRAFT = "draft", "Draft"
    SERVED = "served", "Served on the prosecutor"
    RETURNED = "returned", "Sent back to the police"
    AGREED = "agreed", "Agreed by the prosecutor"
    SUPERSEDED = "superseded", "Superseded by a later edition"


# Written once: the services check them, the pages read them. A schedule is
# served, may be sent back as insufficient, and is superseded when the next
# edition is served; a DMD is agreed instead of sent back.
SCHEDULE_TRANSITIONS: dict[str, frozenset[str]] = {
    EditionStatus.DRAFT: frozenset({EditionStatus.SERVED}),
    EditionStatus.SERVED: frozenset({EditionStatus.RETURNED, EditionStatus.SUPERSEDED}),
    EditionStatus.RETURNED: frozenset({EditionStatus.SUPERSEDED}),
    EditionStatus.SUPERSEDED: frozenset(),
}
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    EditionStatus.DRAFT: frozenset({EditionStatus.SERVED}),
    EditionStatus.SERVED: frozenset({EditionStatus.SUPERSEDED}),
    EditionStatus.SUPERSEDED: frozenset(),
}
DMD_TRANSITIONS: dict[str, frozenset[str]] = {
    EditionStatus.DRAFT: frozenset({EditionStatus.SERVED}),
    EditionStatus.SERVED: frozenset({EditionStatus.AGREED, EditionStatus.SUPERSEDED}),
    EditionStatus.AGREED: frozenset({EditionStatus.SUPERSEDED}),
    EditionStatus.SUPERSEDED: frozenset(),
}
# The editions a later one may be made from: the latest one served.
CURRENT_STATUSES = frozenset({EditionStatus.SERVED, EditionStatus.RETURNED, EditionStatus.AGREED})


class _Edition(models.Model):
    """What every edition of a served document holds."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="+")
    edition = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=12, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    served_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_draft(self) -> bool:
        return self.status == EditionStatus.DRAFT


class Schedule(_Edition):
    """One edition of a case's MG6C or MG6D."""

    kind = models.CharField(max_length=4, choices=ScheduleKind.choices)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_edition"
    )
    # A nil return: the officer states, signed, that there is no such material.
    nil_return = models.BooleanField(default=False)
    nil_return_statement = models.TextField(blank=True, default="")
    nil_return_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nil_return_at = models.DateTimeField(null=True, blank=True)
    # Sent back by the prosecutor as insufficient, with the items named.
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True, default="")
    returned_items = ArrayField(models.PositiveIntegerField(), default=list, blank=True)
    return_deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "edition"], name="schedule_edition"),
            # One draft of each schedule at a time: a second would fork the editions.
            models.UniqueConstraint(
                fields=["case", "kind"], condition=Q(status="draft"), name="schedule_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(nil_return=False)
                | (Q(nil_return_by__isnull=False) & Q(nil_return_at__isnull=False)),
                name="schedule_nil_return_signed",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(served_at__isnull=False),
                name="schedule_served_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display().split(':')[0]} edition {self.edition} on {self.case_id}"

    @property
    def label(self) -> str:
        return f"{self.get_kind_display().split(':')[0]} edition {self.edition}"

    @property
    def is_sensitive(self) -> bool:
        return self.kind == ScheduleKind.SENSITIVE

    def can_move_to(self, status: str) -> bool:
        return status in SCHEDULE_TRANSITIONS.get(self.status, frozenset())


class ScheduleItem(models.Model):
    """One item of one edition. Its number is the case's: carried into a later
    edition, it keeps it."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField()
    description = models.TextField()
    location = models.CharField(max_length=200)
    # MG6D only: why the material is sensitive.
    sensitivity_reason = models.TextField(blank=True, default="")
    # One entry for many similar items (a block of routine messages): never for
    # an item that might meet the disclosure test, which must be described alone.
    generic = models.BooleanField("a generic entry for many similar items", default=False)
    may_meet_test = models.BooleanField("might meet the disclosure test", default=False)
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Third-party material: the victim information request of the same case
    # whose material, reviewed for relevance, this item schedules (its
    # relevant part only). Carried into later editions with the item.
    from_request = models.ForeignKey(
        VictimInformationRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schedule_items",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="schedule_item_number"),
            models.CheckConstraint(
                condition=Q(generic=False) | Q(may_meet_test=False),
                name="schedule_item_generic_not_disclosable",
            ),
        ]

    def __str__(self) -> str:
        return f"Item {self.number} of schedule {self.schedule_id}"


class ReviewDecision(models.TextChoices):
    DISCLOSE = "disclose", "Disclose"
    NOT_DISCLOSABLE = "not_disclosable", "Clearly not disclosable"
    INSPECT = "inspect", "Inspect"
    MORE_DESCRIPTION = "more_description", "Needs more description"


class ItemReview(models.Model):
    """The prosecutor's consideration of one item of a served edition. A later
    review of the same item is a new row: the latest is the decision."""

    item = models.ForeignKey(ScheduleItem, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    reasons = models.TextField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"Review {self.pk} of item {self.item_id}"


class DisclosureOfficerReport(_Edition):
    """One edition of the MG6E: material that might undermine the prosecution
    or assist the defence, each entry pointing at schedule items by number."""

    class Meta:
        ordering = ["-edition"]
        constraints = [
            models.UniqueConstraint(fields=["case", "edition"], name="mg6e_edition"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="draft"), name="mg6e_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"MG6E edition {self.edition} on {self.case_id}"

    def can_move_to(self, status: str) -> bool:
        return status in REPORT_TRANSITIONS.get(self.status, frozenset())


class ReportEntry(models.Model):
    report = models.ForeignKey(
        DisclosureOfficerReport, on_delete=models.CASCADE, related_name="entries"
    )
    item_numbers = ArrayField(models.PositiveIntegerField())
    why = models.TextField("why it might undermine the prosecution or assist the defence")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Entry {self.pk} of MG6E {self.report_id}"


class ManagementDocument(_Edition):
    """One edition of the disclosure management document, agreed by the prosecutor."""

    lines_of_enquiry = models.TextField("reasonable lines of enquiry")
    digital_strategy = models.TextField("the strategy for digital material")
    examined = models.TextField("what was examined, and how")
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_comments = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-edition"]
        verbose_name = "disclosure management document"
        constraints = [
            models.UniqueConstraint(fields=["case", "edition"], name="dmd_edition"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="draft"), name="dmd_one_draft"
            ),
            models.CheckConstraint(
                condition=~Q(status="agreed") | Q(agreed_by__isnull=False),
                name="dmd_agreed_by",
            ),
        ]

    def __str__(self) -> str:
        return f"DMD edition {self.edition} on {self.case_id}"

    def can_move_to(self, status: str) -> bool:
        return status in DMD_TRANSITIONS.get(self.status, frozenset())


class RecordKind(models.TextChoices):
    SCHEDULE_RECEIVED = "schedule_received", "Schedule received"
    NIL_RETURN_RECEIVED = "nil_return_received", "Nil return received"
    REPORT_RECEIVED = "report_received", "MG6E received"
    ITEM_CONSIDERED = "item_considered", "Item considered"
    SCHEDULE_RETURNED = "schedule_returned", "Schedule sent back"
    DMD_AGREED = "dmd_agreed", "Disclosure management document agreed"
    DISCLOSED = "disclosed", "Material disclosed"
    DEFENCE_STATEMENT = "defence_statement", "Defence statement received"


class RecordEntry(models.Model):
    """One line of the disclosure record sheet. Append-only in the database
    (disclosure migration 0002): a trigger refuses UPDATE, DELETE and
    TRUNCATE, and the application's role holds neither UPDATE nor DELETE. A
    mistake is put right by a later entry."""

    case = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=RecordKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # What happened, in the code's words (which schedule, which items).
    summary = models.CharField(max_length=300)
    item_numbers = ArrayField(models.PositiveIntegerField(), default=list, blank=True)
    # What the user wrote (reasons, how disclosed): read through the scrubber.
    note = models.TextField(blank=True, default="")
    # The date of the event when it is not the day it was recorded (material
    # disclosed, a defence statement received).
    occurred_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="disclosure_record_case_at")]
        verbose_name_plural = "record entries"

    def __str__(self) -> str:
        return f"Record entry {self.pk} on {self.case_id}"
