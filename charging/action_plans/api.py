"""Action plans in the API: /api/v1/action-plans/, with the explicit ``issue``,
``respond`` and ``withdraw`` actions.

404 for anything on a case you may not see, 400 ``{"detail"}`` when a service
refuses, 400 ``{field: [...]}`` for input of the wrong shape."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import QuerySet
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors as case_selectors
from cases.serializers import with_identity_warning
from charging.action_plans import selectors, services
from charging.action_plans.models import ActionPlan
from charging.action_plans.serializers import (
    ActionPlanCreateSerializer,
    ActionPlanRespondSerializer,
    ActionPlanSerializer,
)
from charging.action_plans.services import ItemAnswer
from charging.api_filters import CaseFilterSerializer
from rasso.core.api import (
    ObjectViewSet,
    acting_user,
    object_action,
    object_endpoints,
    path_id,
)

PLAN_ID = path_id("action plan")


_plan_action = partial(object_action, parameter=PLAN_ID, answer=ActionPlanSerializer)


@object_endpoints(
    answer=ActionPlanSerializer,
    parameter=PLAN_ID,
    filters=CaseFilterSerializer,
    creates=ActionPlanCreateSerializer,
    listed="The action plans on the cases you may see, newest first, with their items",
    created="Draft an action plan, with its items (the case's allocated prosecutor)",
    retrieved="One action plan with all its items",
)
class ActionPlanViewSet(ObjectViewSet[ActionPlan]):
    """Action plans: drafted and issued by the prosecutor, answered item by
    item by the police by the required-by date."""

    queryset = ActionPlan.objects.none()
    serializer_class = ActionPlanSerializer
    filters_class = CaseFilterSerializer
    audit_action = "charging.view"

    def fetch(self, pk: int) -> ActionPlan:
        return selectors.plan_get(self.request.user, pk)

    def listing(self) -> QuerySet[ActionPlan]:
        return selectors.plans_list(self.request.user)

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
        return with_identity_warning(
            self.answer(plan, status.HTTP_201_CREATED),
            acting_user(request),
            case,
            data.validated_data,
        )

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
        answers = [
            ItemAnswer(
                item_id=a["item"], status=a["status"], answer=a["answer"], document_id=a["document"]
            )
            for a in data.validated_data["answers"]
        ]
        plan = services.action_plan_respond(actor=acting_user(request), plan=plan, answers=answers)
        return with_identity_warning(
            self.answer(plan), acting_user(request), plan.case, data.validated_data
        )

    @_plan_action("Withdraw a draft or issued plan (the prosecutor)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        plan = services.action_plan_withdraw(actor=acting_user(request), plan=self.get_object())
        return self.answer(plan)
