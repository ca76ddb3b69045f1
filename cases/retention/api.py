"""Retention over the API: /api/v1/cases/{case_pk}/retention/ (the case's
retention and what the supervisor may do now) and its POST actions, the
same services as the pages. Only a supervisor or SPOC of the case's force
gets an answer; anyone else a 404, as for a case they cannot see."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from cases.api import CASE_PK
from cases.models import CaseFile
from cases.retention import rules, selectors, services
from rasso.audit.services import audit_record
from rasso.core.api import NOT_FOUND, ServiceViewSet, acting_user, object_action


class LegalHoldSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()
    placed_at = serializers.DateTimeField()
    liftable_on = serializers.DateField()


class RetentionActionsSerializer(serializers.Serializer[Any]):
    retain = serializers.BooleanField()
    delete = serializers.BooleanField()
    place_hold = serializers.BooleanField()
    lift_hold = serializers.BooleanField()


class RetentionSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField()
    category = serializers.CharField(help_text="group_1, group_2, in_error, or empty while open")
    runs_from = serializers.DateField(allow_null=True)
    review_on = serializers.DateField(allow_null=True)
    legal_hold = LegalHoldSerializer(allow_null=True)
    actions = RetentionActionsSerializer(help_text="What you may do now")
    delete_refusal = serializers.CharField(allow_null=True, help_text="Why deletion is refused")


class RetainSerializer(serializers.Serializer[Any]):
    review_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class DeleteSerializer(serializers.Serializer[Any]):
    confirm_urn = serializers.CharField(max_length=20, help_text="The case's URN, again")


class DeletedSerializer(serializers.Serializer[Any]):
    deleted = serializers.IntegerField(help_text="The deleted case's id")


def _state(user: Any, case: CaseFile) -> dict[str, Any]:
    today, now = timezone.localdate(), timezone.now()
    hold = services.active_hold(case)
    return {
        "case": case.pk,
        "category": case.retention_category,
        "runs_from": case.retention_from,
        "review_on": case.retention_review_on,
        "legal_hold": None
        if hold is None
        else {
            "reason": hold.reason,
            "placed_at": hold.placed_at,
            "liftable_on": rules.hold_liftable_on(hold),
        },
        "actions": {
            "retain": rules.review_refusal(user, case, today) is None,
            "delete": rules.delete_refusal(user, case, today, hold) is None,
            "place_hold": rules.hold_place_refusal(user, case, hold) is None,
            "lift_hold": rules.hold_lift_refusal(user, case, hold, now) is None,
        },
        "delete_refusal": rules.delete_refusal(user, case, today, hold),
    }


class CaseRetentionViewSet(ServiceViewSet[CaseFile]):
    """A case's retention review and legal hold, for the force's supervisors."""

    queryset = CaseFile.objects.none()
    serializer_class = RetentionSerializer
    parser_classes = [JSONParser]

    @cached_property
    def case(self) -> CaseFile:
        case = selectors.retention_case_get(acting_user(self.request), int(self.kwargs["case_pk"]))
        audit_record(
            actor=self.request.user,
            action="case.view",
            obj=case,
            request=self.request,
            detail={"endpoint": f"{self.basename}.{self.action}"},
        )
        return case

    def _answer(self) -> Response:
        case = CaseFile.objects.get(pk=self.case.pk)
        return Response(RetentionSerializer(_state(acting_user(self.request), case)).data)

    @extend_schema(
        summary="The case's retention: its category, review date, legal hold, what you may do",
        parameters=[CASE_PK],
        responses={200: RetentionSerializer, 404: NOT_FOUND},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer()

    @object_action(
        "Retain the case at its review: a new review date and the reason",
        RetainSerializer,
        parameter=CASE_PK,
        answer=RetentionSerializer,
    )
    @action(detail=False, methods=["post"])
    def retain(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = RetainSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_retain(actor=acting_user(request), case=self.case, **data.validated_data)
        return self._answer()

    @object_action(
        "Delete the case at its review: every row and file of it, for good",
        DeleteSerializer,
        parameter=CASE_PK,
        answer=DeletedSerializer,
    )
    @action(detail=False, methods=["post"])
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = DeleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deleted = services.case_delete(
            actor=acting_user(request), case=self.case, **data.validated_data
        )
        return Response({"deleted": deleted.case_id})

    @object_action(
        "Place a legal hold: the case cannot be deleted while it stands",
        ReasonSerializer,
        parameter=CASE_PK,
        answer=RetentionSerializer,
    )
    @action(detail=False, methods=["post"])
    def hold(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.legal_hold_place(actor=acting_user(request), case=self.case, **data.validated_data)
        return self._answer()

    @object_action(
        "Lift the legal hold (not within 30 days of its placing)",
        ReasonSerializer,
        parameter=CASE_PK,
        answer=RetentionSerializer,
    )
    @action(detail=False, methods=["post"], url_path="lift-hold")
    def lift_hold(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.legal_hold_lift(actor=acting_user(request), case=self.case, **data.validated_data)
        return self._answer()
