"""The shapes of charging decisions and their charges in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cases.serializers import PersonSerializer, ReadableTextSerializer
from charging.decisions.models import (
    THRESHOLD_CONDITIONS,
    Charge,
    CodeTest,
    CpsDecision,
    DecisionOutcome,
)
from charging.decisions.services import ChargeSpec


class ChargeSerializer(serializers.ModelSerializer[Charge]):
    offence_title = serializers.CharField(source="offence.offence.title", read_only=True)
    suspect_name = serializers.CharField(source="suspect.__str__", read_only=True)

    class Meta:
        model = Charge
        fields = ["offence", "offence_title", "suspect", "suspect_name"]
        read_only_fields = fields


class ThresholdConditionSerializer(serializers.Serializer[Any]):
    met = serializers.BooleanField()
    reasons = serializers.CharField()


class CpsDecisionSerializer(ReadableTextSerializer):
    """A decision as recorded: never changed afterwards."""

    readable_fields = ("evidential_reasons", "public_interest_reasons")
    readable_nested = {"threshold_conditions": ("reasons",)}

    case_urn = serializers.CharField(source="case.urn", read_only=True)
    decided_by = PersonSerializer(read_only=True)
    threshold_conditions = serializers.DictField(
        child=ThresholdConditionSerializer(),
        read_only=True,
        help_text="Threshold Test only: each condition answered, by key.",
    )
    charges = ChargeSerializer(many=True, read_only=True)

    class Meta(ReadableTextSerializer.Meta):
        model = CpsDecision
        fields = [
            "id",
            "case",
            "case_urn",
            "case_version",
            "decided_by",
            "decided_at",
            "test",
            "evidential_met",
            "evidential_reasons",
            "public_interest_met",
            "public_interest_reasons",
            "threshold_conditions",
            "full_test_by",
            "outcome",
            "charges",
            "applies_full_test_to",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "applies_full_test_to": {
                "help_text": "A Full Code Test after a Threshold Test charge: the id of that "
                "threshold decision (which stays as recorded)."
            }
        }


# A charge asked for, read as the service's ChargeSpec, which decision_record
# alone checks against the case. (A docstring here would be the schema's text.)
class ChargeInSerializer(serializers.Serializer[Any]):
    offence = serializers.IntegerField(help_text="The id of an offence of the case.")
    suspect = serializers.IntegerField(help_text="The id of a suspect of the case.")

    def to_internal_value(self, data: Any) -> ChargeSpec:
        fields = super().to_internal_value(data)
        return ChargeSpec(offence_id=fields["offence"], suspect_id=fields["suspect"])


class DecisionCreateSerializer(serializers.Serializer[Any]):
    """The service says which parts the test and outcome need."""

    # What decision_record takes, field for field (and the case): the API
    # passes validated_data straight to it.

    case = serializers.IntegerField(help_text="The case's id.")
    version = serializers.IntegerField(help_text="The version of the case you decided on.")
    test = serializers.ChoiceField(choices=CodeTest.choices)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    evidential_met = serializers.BooleanField(required=False, allow_null=True, default=None)
    evidential_reasons = serializers.CharField(required=False, allow_blank=True, default="")
    public_interest_met = serializers.BooleanField(required=False, allow_null=True, default=None)
    public_interest_reasons = serializers.CharField(required=False, allow_blank=True, default="")
    threshold_conditions = serializers.DictField(
        child=ThresholdConditionSerializer(),
        required=False,
        default=dict,
        help_text="Threshold Test: " + "; ".join(THRESHOLD_CONDITIONS) + ".",
    )
    full_test_by = serializers.DateField(required=False, allow_null=True, default=None)
    charges = ChargeInSerializer(many=True, required=False, default=list)


class FullCodeTestSerializer(serializers.Serializer[Any]):
    """The two stages, each with reasons; the public-interest stage only once
    the evidential stage is met. The stages decide the outcome."""

    version = serializers.IntegerField(help_text="The version of the case you decided on.")
    evidential_met = serializers.BooleanField(allow_null=True)
    evidential_reasons = serializers.CharField(allow_blank=True)
    public_interest_met = serializers.BooleanField(required=False, allow_null=True, default=None)
    public_interest_reasons = serializers.CharField(required=False, allow_blank=True, default="")
