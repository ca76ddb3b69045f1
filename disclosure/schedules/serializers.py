"""The shapes of unused-material schedules (MG6C, MG6D) in the API.

As restricted as the complainant's identity: no key names a person but the
users who acted. Free text is read through the identity scrubber
(``ReadableTextSerializer``). Input serializers check shape only: the rules
and ``disclosure.schedules.services`` decide the rest.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cases.serializers import PersonSerializer, ReadableTextSerializer
from disclosure.schedules.models import (
    EditionStatus,
    ItemReview,
    ReviewDecision,
    Schedule,
    ScheduleItem,
    ScheduleKind,
)
from disclosure.schedules.services import ItemDetails

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

    class Meta:
        model = ScheduleItem
        fields = [
            "number",
            "description",
            "location",
            "sensitivity_reason",
            "generic",
            "may_meet_test",
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


class ScheduleItemInputSerializer(serializers.Serializer[Any]):
    """``disclosure.schedules.services.ItemDetails``."""

    description = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True)
    sensitivity_reason = serializers.CharField(allow_blank=True, required=False, default="")
    generic = serializers.BooleanField(required=False, default=False)
    may_meet_test = serializers.BooleanField(required=False, default=False)

    def details(self) -> ItemDetails:
        return ItemDetails(**self.validated_data)


class ScheduleItemChangeSerializer(ScheduleItemInputSerializer):
    number = serializers.IntegerField(min_value=1, help_text="The item's number.")

    def details(self) -> ItemDetails:
        given = {k: v for k, v in self.validated_data.items() if k != "number"}
        return ItemDetails(**given)


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
