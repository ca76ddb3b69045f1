"""The shapes of action plans and their items in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cases.serializers import PersonSerializer, ReadableTextSerializer
from charging.action_plans.models import ActionPlan, ActionPlanItem, ActionPlanItemStatus


class ActionPlanItemSerializer(serializers.ModelSerializer[ActionPlanItem]):
    answered_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ActionPlanItem
        fields = [
            "id",
            "number",
            "what",
            "why",
            "evidential_issue",
            "status",
            "answer",
            "document",
            "answered_by",
            "answered_at",
        ]
        read_only_fields = fields


class ActionPlanSerializer(ReadableTextSerializer):
    readable_fields = ()
    readable_nested = {"items": ("what", "why", "evidential_issue", "answer")}
    case_urn = serializers.CharField(source="case.urn", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    drafted_by = PersonSerializer(read_only=True)
    due_on = serializers.DateField(source="deadline.due_on", read_only=True, allow_null=True)
    items = ActionPlanItemSerializer(many=True, read_only=True)

    class Meta(ReadableTextSerializer.Meta):
        model = ActionPlan
        fields = [
            "id",
            "case",
            "case_urn",
            "status",
            "status_display",
            "drafted_by",
            "drafted_at",
            "required_by",
            "issued_at",
            "due_on",
            "completed_at",
            "withdrawn_at",
            "items",
        ]
        read_only_fields = fields


class ActionPlanItemInSerializer(serializers.Serializer[Any]):
    what = serializers.CharField(help_text="What is needed.")
    why = serializers.CharField(help_text="Why it is needed.")
    evidential_issue = serializers.CharField(max_length=200)


class ActionPlanCreateSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(help_text="The case's id.")
    required_by = serializers.DateField()
    items = ActionPlanItemInSerializer(many=True, required=False, default=list)


class ItemAnswerSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField(help_text="The item's id.")
    status = serializers.ChoiceField(
        choices=[ActionPlanItemStatus.DONE, ActionPlanItemStatus.NOT_POSSIBLE]
    )
    answer = serializers.CharField(help_text="What was done, or why it is not possible.")
    document = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Optional: the id of a document of the case.",
    )


class ActionPlanRespondSerializer(serializers.Serializer[Any]):
    answers = ItemAnswerSerializer(many=True)
