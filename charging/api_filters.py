"""The filter the charging API's case-scoped lists share (decisions, action
plans, police NFA proposals): ``?case=<id>``."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class CaseFilterSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(required=False, help_text="Only this case's.")
