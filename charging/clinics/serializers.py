"""The shapes of RASSO clinics, their agenda and actions in the API. A case the
reader may not see shows only its force: no id, no URN."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cases.models import CaseFile
from cases.serializers import PersonSerializer, ReadableTextSerializer
from charging.clinics.models import Clinic, ClinicAction, ClinicAgendaItem, ClinicOutcome


class ForceSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ClinicActionSerializer(ReadableTextSerializer):
    readable_fields = ("description",)
    owner = PersonSerializer(read_only=True)
    status = serializers.CharField(source="deadline.status", read_only=True)

    class Meta(ReadableTextSerializer.Meta):
        model = ClinicAction
        fields = ["id", "description", "owner", "due_on", "status"]

    def case_of(self, instance: ClinicAction) -> CaseFile:
        return instance.item.case


class ClinicAgendaItemSerializer(ReadableTextSerializer):
    """An item of ``charging.clinics.selectors.clinic_agenda``. Of an item
    whose case the reader may not see, only that it exists and for which
    force: ``id``, ``case_visible`` (false) and ``force``; every other key is
    absent. The question and minutes of a visible item are read through the
    identity scrubber by whoever is not entitled to the identity."""

    readable_fields = ("question", "minutes")

    case_visible = serializers.BooleanField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    case_urn = serializers.CharField(read_only=True)
    force = serializers.CharField(source="force_name", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    added_by = PersonSerializer(read_only=True)
    actions = ClinicActionSerializer(many=True, read_only=True)

    class Meta(ReadableTextSerializer.Meta):
        model = ClinicAgendaItem
        fields = [
            "id",
            "case_visible",
            "case",
            "case_urn",
            "force",
            "question",
            "added_by",
            "added_at",
            "outcome",
            "outcome_display",
            "minutes",
            "recorded_at",
            "actions",
        ]

    def to_representation(self, instance: ClinicAgendaItem) -> dict[str, Any]:
        if not getattr(instance, "case_visible", False):
            return {
                "id": instance.pk,
                "case_visible": False,
                "force": getattr(instance, "force_name", ""),
            }
        return dict(super().to_representation(instance))


class ClinicSerializer(serializers.ModelSerializer[Clinic]):
    cps_area = serializers.CharField(source="cps_area.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    forces = ForceSerializer(many=True, read_only=True)

    class Meta:
        model = Clinic
        fields = ["id", "cps_area", "held_on", "status", "status_display", "forces"]


class ClinicDetailSerializer(ClinicSerializer):
    attendees = PersonSerializer(many=True, read_only=True)

    class Meta(ClinicSerializer.Meta):
        fields = [*ClinicSerializer.Meta.fields, "attendees"]


class ClinicCreateSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField()
    forces = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, help_text="Ids of the attending forces."
    )
    attendees = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, help_text="Ids of the attending users."
    )


class ClinicAgendaAddSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(help_text="The case's id.")
    question = serializers.CharField()


class ClinicActionAddSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(help_text="The agenda item's id.")
    description = serializers.CharField(
        max_length=180, help_text="What is to be done. Never a complainant's name."
    )
    owner = serializers.IntegerField(help_text="The id of an attendee who owns the action.")
    due_on = serializers.DateField()


class ClinicOutcomeSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(help_text="The agenda item's id.")
    outcome = serializers.ChoiceField(choices=ClinicOutcome.choices)
    minutes = serializers.CharField(help_text="Never a complainant's name.")
