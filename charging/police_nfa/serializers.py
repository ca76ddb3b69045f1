"""The shapes of police NFA proposals in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cases.serializers import PersonSerializer, ReadableTextSerializer
from charging.police_nfa.models import HomeOfficeOutcome, PoliceNfaProposal


class PoliceNfaSerializer(ReadableTextSerializer):
    readable_fields = ("rationale", "send_back_reason")
    case_urn = serializers.CharField(source="case.urn", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_code_display", read_only=True)
    proposed_by = PersonSerializer(read_only=True)
    decided_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta(ReadableTextSerializer.Meta):
        model = PoliceNfaProposal
        fields = [
            "id",
            "case",
            "case_urn",
            "outcome_code",
            "outcome_display",
            "rationale",
            "status",
            "status_display",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "send_back_reason",
        ]
        read_only_fields = fields


class PoliceNfaCreateSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(help_text="The case's id.")
    outcome_code = serializers.ChoiceField(choices=HomeOfficeOutcome.choices)
    rationale = serializers.CharField()


class SendBackSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(help_text="Why the proposal is sent back.")
