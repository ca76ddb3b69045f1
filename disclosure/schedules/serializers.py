"""The shapes of unused material in the API: the schedules (MG6C, MG6D),
the disclosure officer's report (MG6E), the disclosure management document
(DMD) and the disclosure record sheet.

As restricted as the complainant's identity: no key names a person but the
users who acted. Free text is read through the identity scrubber
(``ReadableTextSerializer``). Input serializers check shape only: the rules
and ``disclosure.schedules.services`` decide the rest.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from rest_framework import serializers

from cases.serializers import PersonSerializer, ReadableTextSerializer
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    EditionStatus,
    ItemReview,
    ManagementDocument,
    RecordEntry,
    RecordKind,
    ReportEntry,
    ReviewDecision,
    Schedule,
    ScheduleItem,
    ScheduleKind,
)
from disclosure.schedules.services import DmdDetails, ItemDetails

SCHEDULE_PEOPLE = ("created_by", "served_by", "nil_return_by", "returned_by")


def _person() -> PersonSerializer:
    return PersonSerializer(read_only=True, allow_null=True)


class ItemReviewSerializer(serializers.ModelSerializer[ItemReview]):
    reviewed_by = PersonSerializer(read_only=True)

    class Meta:
        model = ItemReview
        fields = ["id", "decision", "reasons", "reviewed_by", "reviewed_at"]
        read_only_fields = fields


class ScheduleItemSerializer(serializers.ModelSerializer[ScheduleItem]):
    reviews = ItemReviewSerializer(many=True, read_only=True)
    victim_information_request = serializers.IntegerField(
        source="from_request_id",
        read_only=True,
        allow_null=True,
        help_text="Third-party material: the victim information request whose material, "
        "reviewed for relevance, this item schedules the relevant part of.",
    )

    class Meta:
        model = ScheduleItem
        fields = [
            "number",
            "description",
            "location",
            "sensitivity_reason",
            "generic",
            "may_meet_test",
            "victim_information_request",
            "reviews",
        ]
        read_only_fields = fields


class ScheduleSerializer(ReadableTextSerializer):
    """One edition of a schedule of unused material, without its items."""

    readable_fields = ("nil_return_statement", "returned_reason")

    # Named apart from every other ``kind`` and ``status``: one name, one enum.
    schedule_kind = serializers.ChoiceField(
        source="kind", choices=ScheduleKind.choices, read_only=True
    )
    edition_status = serializers.ChoiceField(
        source="status", choices=EditionStatus.choices, read_only=True
    )
    created_by = PersonSerializer(read_only=True)
    served_by = _person()
    nil_return_by = _person()
    returned_by = _person()

    class Meta(ReadableTextSerializer.Meta):
        model = Schedule
        fields = [
            "id",
            "case",
            "schedule_kind",
            "edition",
            "edition_status",
            "previous",
            "created_by",
            "created_at",
            "served_by",
            "served_at",
            "nil_return",
            "nil_return_statement",
            "nil_return_by",
            "nil_return_at",
            "returned_by",
            "returned_at",
            "returned_reason",
            "returned_items",
            "return_deadline",
        ]
        read_only_fields = fields


class ScheduleDetailSerializer(ScheduleSerializer):
    """One edition of a schedule with its items and each item's reviews."""

    readable_nested = {
        "items": ("description", "location", "sensitivity_reason"),
    }
    items = ScheduleItemSerializer(many=True, read_only=True)

    class Meta(ScheduleSerializer.Meta):
        fields = [*ScheduleSerializer.Meta.fields, "items"]
        read_only_fields = fields


class ScheduleStartSerializer(serializers.Serializer[Any]):
    schedule_kind = serializers.ChoiceField(choices=ScheduleKind.choices, help_text="MG6C or MG6D.")


_ITEM_FIELDS = frozenset(f.name for f in dataclass_fields(ItemDetails))


class _ItemDetailsSerializer(serializers.Serializer[Any]):
    """``disclosure.schedules.services.ItemDetails``."""

    description = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True)
    sensitivity_reason = serializers.CharField(allow_blank=True, required=False, default="")
    generic = serializers.BooleanField(required=False, default=False)
    may_meet_test = serializers.BooleanField(required=False, default=False)

    def details(self) -> ItemDetails:
        return ItemDetails(**{k: v for k, v in self.validated_data.items() if k in _ITEM_FIELDS})


class ScheduleItemInputSerializer(_ItemDetailsSerializer):
    """A new item (it takes the case's next number), and where it comes from."""

    victim_information_request = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="Third-party material: the id of the case's victim information request "
        "whose material was received and reviewed for relevance; the item is its relevant "
        "part. Normally on the MG6D.",
    )


class ScheduleItemChangeSerializer(_ItemDetailsSerializer):
    number = serializers.IntegerField(min_value=1, help_text="The item's number.")


class ScheduleNilReturnSerializer(serializers.Serializer[Any]):
    statement = serializers.CharField(allow_blank=True)


class ItemReviewInputSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField(min_value=1)
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    reasons = serializers.CharField(allow_blank=True)


class ScheduleSendBackSerializer(serializers.Serializer[Any]):
    item_numbers = serializers.ListField(child=serializers.IntegerField(min_value=1))
    reason = serializers.CharField(allow_blank=True)
    reply_by = serializers.DateField(allow_null=True)


class ScheduleFilterSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ScheduleKind.choices, required=False)
    status = serializers.ChoiceField(choices=EditionStatus.choices, required=False)


# -- the disclosure officer's report (MG6E) ------------------------------------


class ReportEntrySerializer(serializers.ModelSerializer[ReportEntry]):
    class Meta:
        model = ReportEntry
        fields = ["id", "item_numbers", "why", "created_at"]
        read_only_fields = fields


REPORT_PEOPLE = ("created_by", "served_by")


class DisclosureOfficerReportSerializer(ReadableTextSerializer):
    """One edition of the MG6E, without its entries."""

    edition_status = serializers.ChoiceField(
        source="status", choices=EditionStatus.choices, read_only=True
    )
    created_by = PersonSerializer(read_only=True)
    served_by = _person()

    class Meta(ReadableTextSerializer.Meta):
        model = DisclosureOfficerReport
        fields = [
            "id",
            "case",
            "edition",
            "edition_status",
            "created_by",
            "created_at",
            "served_by",
            "served_at",
        ]
        read_only_fields = fields


class DisclosureOfficerReportDetailSerializer(DisclosureOfficerReportSerializer):
    """One edition of the MG6E with its entries: material that might undermine
    the prosecution or assist the defence, each by schedule item number."""

    readable_nested = {"entries": ("why",)}
    entries = ReportEntrySerializer(many=True, read_only=True)

    class Meta(DisclosureOfficerReportSerializer.Meta):
        fields = [*DisclosureOfficerReportSerializer.Meta.fields, "entries"]
        read_only_fields = fields


class ReportEntryInputSerializer(serializers.Serializer[Any]):
    item_numbers = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=True,
        help_text="The schedule items, by number.",
    )
    why = serializers.CharField(
        allow_blank=True, help_text="Why it might undermine the prosecution or assist the defence."
    )


class EditionFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=EditionStatus.choices, required=False)


# -- the disclosure management document -----------------------------------------


DMD_PEOPLE = ("created_by", "served_by", "agreed_by")


class ManagementDocumentSerializer(ReadableTextSerializer):
    """One edition (version) of the disclosure management document."""

    readable_fields = ("lines_of_enquiry", "digital_strategy", "examined", "agreed_comments")

    edition_status = serializers.ChoiceField(
        source="status", choices=EditionStatus.choices, read_only=True
    )
    created_by = PersonSerializer(read_only=True)
    served_by = _person()
    agreed_by = _person()

    class Meta(ReadableTextSerializer.Meta):
        model = ManagementDocument
        fields = [
            "id",
            "case",
            "edition",
            "edition_status",
            "lines_of_enquiry",
            "digital_strategy",
            "examined",
            "created_by",
            "created_at",
            "served_by",
            "served_at",
            "agreed_by",
            "agreed_at",
            "agreed_comments",
        ]
        read_only_fields = fields


class ManagementDocumentInputSerializer(serializers.Serializer[Any]):
    """``disclosure.schedules.services.DmdDetails``."""

    lines_of_enquiry = serializers.CharField(
        allow_blank=True, help_text="The reasonable lines of enquiry."
    )
    digital_strategy = serializers.CharField(
        allow_blank=True, help_text="The strategy for digital material."
    )
    examined = serializers.CharField(allow_blank=True, help_text="What was examined, and how.")

    def details(self, current: ManagementDocument | None = None) -> DmdDetails:
        """What was sent; on a change, what was not sent stays as it is."""
        given = self.validated_data
        return DmdDetails(
            **{
                f.name: given[f.name] if f.name in given else getattr(current, f.name, "")
                for f in dataclass_fields(DmdDetails)
            }
        )


class ManagementDocumentAgreeSerializer(serializers.Serializer[Any]):
    comments = serializers.CharField(allow_blank=True, required=False, default="")


# -- the disclosure record sheet ----------------------------------------------------


class RecordEntrySerializer(ReadableTextSerializer):
    """One line of the disclosure record sheet (append-only)."""

    readable_fields = ("note",)

    record_kind = serializers.ChoiceField(source="kind", choices=RecordKind.choices, read_only=True)
    recorded_by = PersonSerializer(read_only=True)

    class Meta(ReadableTextSerializer.Meta):
        model = RecordEntry
        fields = [
            "id",
            "record_kind",
            "at",
            "occurred_on",
            "summary",
            "item_numbers",
            "note",
            "recorded_by",
        ]
        read_only_fields = fields
