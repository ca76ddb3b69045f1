"""The shapes of file-quality queries in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cases.serializers import PersonSerializer, ReadableTextSerializer
from charging.queries.models import FileQualityQuery, QueryCategory, QueryStatus


class FileQualityQuerySerializer(ReadableTextSerializer):
    readable_fields = ("description", "answer")
    case_urn = serializers.CharField(source="case.urn", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    raised_by = PersonSerializer(read_only=True)
    due_on = serializers.DateField(source="deadline.due_on", read_only=True, allow_null=True)
    owed_by = PersonSerializer(
        source="deadline.owner",
        read_only=True,
        allow_null=True,
        help_text="The officer in the case once passed to them; null while with the SPOC.",
    )
    resolved_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta(ReadableTextSerializer.Meta):
        model = FileQualityQuery
        fields = [
            "id",
            "case",
            "case_urn",
            "category",
            "description",
            "status",
            "status_display",
            "raised_by",
            "raised_at",
            "due_on",
            "owed_by",
            "passed_at",
            "answer",
            "document",
            "resolved_by",
            "resolved_at",
            "withdrawn_at",
        ]
        read_only_fields = fields


class QueryRaiseSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(help_text="The case's id.")
    category = serializers.ChoiceField(choices=QueryCategory.choices)
    description = serializers.CharField(help_text="What is wrong with the file.")


class QueryResolveSerializer(serializers.Serializer[Any]):
    answer = serializers.CharField()
    document = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Optional: the id of a document of the case that answers the query.",
    )


class QueryFilterSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(required=False, help_text="Only this case's queries.")
    status = serializers.ChoiceField(
        choices=QueryStatus.choices, required=False, help_text="Only queries in this status."
    )
