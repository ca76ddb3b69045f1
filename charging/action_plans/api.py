"""Action plans in the API: /api/v1/action-plans/, with the explicit ``issue``,
``respond`` and ``withdraw`` actions.

404 for anything on a case you may not see, 400 ``{"detail"}`` when a service
refuses, 400 ``{field: [...]}`` for input of the wrong shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors as case_selectors
from cases.models import Document
from charging.action_plans import selectors, services
from charging.action_plans.models import ActionPlan
from charging.action_plans.serializers import (
    ActionPlanCreateSerializer,
    ActionPlanRespondSerializer,
    ActionPlanSerializer,
)
from charging.action_plans.services import ItemAnswer
from charging.api_filters import CaseFilterSerializer
from rasso.audit.services import audit_record
from rasso.core.api import NOT_FOUND, REFUSED, ServiceViewSet, acting_user

_F = TypeVar("_F", bound=Callable[..., Any])


PLAN_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The action plan's id."
)


def _plan_action(summary: str, request: Any = None) -> Callable[[_F], _F]:
    return extend_schema(
        summary=summary,
        parameters=[PLAN_ID],
        request=request,
        responses={200: ActionPlanSerializer, 400: REFUSED, 404: NOT_FOUND},
    )


@extend_schema_view(
    list=extend_schema(
        summary="The action plans on the cases you may see, newest first, with their items",
        parameters=[CaseFilterSerializer],
        responses={200: ActionPlanSerializer(many=True), 400: REFUSED},
    ),
    create=extend_schema(
        summary="Draft an action plan, with its items (the case's allocated prosecutor)",
        request=ActionPlanCreateSerializer,
        responses={201: ActionPlanSerializer, 400: REFUSED, 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="One action plan with all its items",
        parameters=[PLAN_ID],
        responses={200: ActionPlanSerializer, 404: NOT_FOUND},
    ),
)
class ActionPlanViewSet(ServiceViewSet[ActionPlan]):
    """Action plans: drafted and issued by the prosecutor, answered item by
    item by the police by the required-by date."""

    queryset = ActionPlan.objects.none()
    serializer_class = ActionPlanSerializer
    parser_classes = [JSONParser]

    def get_object(self) -> ActionPlan:
        return selectors.plan_get(self.request.user, int(self.kwargs["pk"]))

    def answer(self, plan: ActionPlan, code: int = status.HTTP_200_OK) -> Response:
        plan = selectors.plan_get(self.request.user, plan.pk)
        return Response(ActionPlanSerializer(plan).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = CaseFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.plans_list(request.user)
        if "case" in params.validated_data:
            qs = qs.filter(case_id=params.validated_data["case"])
        return self.page(qs, ActionPlanSerializer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        audit_record(actor=request.user, action="charging.view", obj=plan, request=request)
        return Response(ActionPlanSerializer(plan).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ActionPlanCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_selectors.case_get(request.user, data.validated_data["case"])
        plan = services.action_plan_draft(
            actor=acting_user(request),
            case=case,
            required_by=data.validated_data["required_by"],
            items=[dict(item) for item in data.validated_data["items"]],
        )
        return self.answer(plan, status.HTTP_201_CREATED)

    @_plan_action("Issue a draft plan to the officer in the case (the prosecutor)")
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        plan = services.action_plan_issue(actor=acting_user(request), plan=self.get_object())
        return self.answer(plan)

    @_plan_action(
        "Answer items: done, or not possible with why (an officer working on the case)",
        ActionPlanRespondSerializer,
    )
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        data = ActionPlanRespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data["answers"]
        wanted = {a["document"] for a in given if a["document"] is not None}
        documents = {d.pk: d for d in Document.objects.filter(case_id=plan.case_id, pk__in=wanted)}
        if wanted - set(documents):
            raise ValidationError({"answers": ["Choose documents of this case"]})
        answers = [
            ItemAnswer(
                item_id=a["item"],
                status=a["status"],
                answer=a["answer"],
                document=documents.get(a["document"]) if a["document"] is not None else None,
            )
            for a in given
        ]
        plan = services.action_plan_respond(actor=acting_user(request), plan=plan, answers=answers)
        return self.answer(plan)

    @_plan_action("Withdraw a draft or issued plan (the prosecutor)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        plan = services.action_plan_withdraw(actor=acting_user(request), plan=self.get_object())
        return self.answer(plan)
