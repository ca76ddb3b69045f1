"""The shapes of early-advice requests and advice in the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.serializers import PersonSerializer, ReadableTextSerializer
from charging.early_advice.models import EarlyAdvice, EarlyAdviceRequest, EarlyAdviceStatus


class EarlyAdviceSerializer(serializers.ModelSerializer[EarlyAdvice]):
    given_by = PersonSerializer(read_only=True)

    class Meta:
        model = EarlyAdvice
        fields = [
            "given_by",
            "given_at",
            "investigation_strategy",
            "reasonable_lines_of_enquiry",
            "evidential_requirements",
            "disclosure_decisions",
            "third_party_material_decisions",
        ]
        read_only_fields = fields


class EarlyAdviceRequestSerializer(ReadableTextSerializer):
    """A request, with its advice once given (null before)."""

    readable_fields = (
        "lines_of_enquiry",
        "likely_charges",
        "evidential_requirements",
        "disclosure_strategy",
        "third_party_material",
    )
    readable_nested = {
        "advice": (
            "investigation_strategy",
            "reasonable_lines_of_enquiry",
            "evidential_requirements",
            "disclosure_decisions",
            "third_party_material_decisions",
        )
    }

    case_urn = serializers.CharField(source="case.urn", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = PersonSerializer(read_only=True)
    prosecutor = PersonSerializer(read_only=True, allow_null=True)
    due_on = serializers.DateField(
        source="deadline.due_on",
        read_only=True,
        allow_null=True,
        help_text="When the advice is due, once allocated.",
    )
    advice = serializers.SerializerMethodField()

    class Meta(ReadableTextSerializer.Meta):
        model = EarlyAdviceRequest
        fields = [
            "id",
            "case",
            "case_urn",
            "follows",
            "status",
            "status_display",
            "requested_by",
            "requested_at",
            "lines_of_enquiry",
            "likely_charges",
            "evidential_requirements",
            "disclosure_strategy",
            "third_party_material",
            "prosecutor",
            "allocated_at",
            "due_on",
            "advice",
            "acknowledged_at",
            "withdrawn_at",
        ]
        read_only_fields = fields

    @extend_schema_field(EarlyAdviceSerializer(allow_null=True))
    def get_advice(self, request: EarlyAdviceRequest) -> dict[str, Any] | None:
        try:
            advice = request.advice
        except EarlyAdvice.DoesNotExist:
            return None
        return dict(EarlyAdviceSerializer(advice).data)


def _question(label: str) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, default="", help_text=label)


class EarlyAdviceRequestCreateSerializer(serializers.Serializer[Any]):
    """At least one question is needed."""

    case = serializers.IntegerField(help_text="The case's id.")
    follows = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The id of the earlier request whose advice this follows up.",
    )
    lines_of_enquiry = _question("Which lines of enquiry to pursue.")
    likely_charges = _question("What the suspect might be charged with.")
    evidential_requirements = _question("What evidence CPS will need.")
    disclosure_strategy = _question("How disclosure should be handled.")
    third_party_material = _question("What third-party material to seek.")


class AdviceGiveSerializer(serializers.Serializer[Any]):
    """Every part of the advice is needed."""

    investigation_strategy = serializers.CharField()
    reasonable_lines_of_enquiry = serializers.CharField()
    evidential_requirements = serializers.CharField()
    disclosure_decisions = serializers.CharField()
    third_party_material_decisions = serializers.CharField()


class EarlyAdviceFilterSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(required=False, help_text="Only this case's requests.")
    status = serializers.ChoiceField(
        choices=EarlyAdviceStatus.choices, required=False, help_text="Only requests in this status."
    )
