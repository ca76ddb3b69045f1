"""Charging decisions in the API: /api/v1/cps-decisions/, with the explicit
``full-code-test`` action.

404 for anything on a case you may not see, 400 ``{"detail"}`` when a service
refuses, 409 for a stale case version, 400 ``{field: [...]}`` for input of the
wrong shape."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors as case_selectors
from cases.serializers import with_identity_warning
from charging.api_filters import CaseFilterSerializer
from charging.decisions import selectors, services
from charging.decisions.models import CpsDecision
from charging.decisions.serializers import (
    CpsDecisionSerializer,
    DecisionCreateSerializer,
    FullCodeTestSerializer,
)
from rasso.core.api import (
    NOT_FOUND,
    REFUSED,
    ErrorSerializer,
    ObjectViewSet,
    acting_user,
    path_id,
)

DECISION_ID = path_id("decision")


@extend_schema_view(
    list=extend_schema(
        summary="The charging decisions on the cases you may see, newest first",
        parameters=[CaseFilterSerializer],
        responses={200: CpsDecisionSerializer(many=True), 400: REFUSED},
    ),
    create=extend_schema(
        summary="Record a charging decision (the case's allocated prosecutor)",
        description="Name the case version you decided on: a stale version is refused (409), "
        "so two prosecutors deciding at once record one decision.",
        request=DecisionCreateSerializer,
        responses={
            201: CpsDecisionSerializer,
            400: REFUSED,
            404: NOT_FOUND,
            409: OpenApiResponse(
                ErrorSerializer, description="The case changed since that version; nothing saved."
            ),
        },
    ),
    retrieve=extend_schema(
        summary="One charging decision",
        parameters=[DECISION_ID],
        responses={200: CpsDecisionSerializer, 404: NOT_FOUND},
    ),
)
class CpsDecisionViewSet(ObjectViewSet[CpsDecision]):
    """CPS charging decisions: recorded once, never changed; a later decision
    is a new one."""

    queryset = CpsDecision.objects.none()
    serializer_class = CpsDecisionSerializer
    filters_class = CaseFilterSerializer
    audit_action = "charging.view"

    def fetch(self, pk: int) -> CpsDecision:
        return selectors.decision_get(self.request.user, pk)

    def listing(self) -> QuerySet[CpsDecision]:
        return selectors.decisions_list(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = DecisionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = case_selectors.case_get(request.user, fields.pop("case"))
        decision = services.decision_record(actor=acting_user(request), case=case, **fields)
        decision = selectors.decision_get(request.user, decision.pk)
        return with_identity_warning(
            Response(
                CpsDecisionSerializer(decision, context=self.get_serializer_context()).data,
                status=status.HTTP_201_CREATED,
            ),
            acting_user(request),
            decision.case,
            fields,
        )

    @extend_schema(
        summary="Apply the Full Code Test to a charge on the Threshold Test "
        "(the case's allocated prosecutor)",
        description="Records a new decision naming this one, which stays as it was. Both "
        "stages met: the charges stand and the case stays charged. A stage not met: no "
        "further action, the charges are discontinued and the case becomes CPS NFA. Name "
        "the case version you decided on: a stale version is refused (409).",
        parameters=[DECISION_ID],
        request=FullCodeTestSerializer,
        responses={
            201: CpsDecisionSerializer,
            400: REFUSED,
            404: NOT_FOUND,
            409: OpenApiResponse(
                ErrorSerializer, description="The case changed since that version; nothing saved."
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="full-code-test")
    def full_code_test(self, request: Request, pk: str) -> Response:
        threshold = self.get_object()
        data = FullCodeTestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.full_code_test_record(
            actor=acting_user(request), decision=threshold, **data.validated_data
        )
        decision = selectors.decision_get(request.user, decision.pk)
        return with_identity_warning(
            Response(
                CpsDecisionSerializer(decision, context=self.get_serializer_context()).data,
                status=status.HTTP_201_CREATED,
            ),
            acting_user(request),
            decision.case,
            data.validated_data,
        )
