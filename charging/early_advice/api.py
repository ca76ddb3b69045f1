"""Early advice in the API: /api/v1/early-advice/.

The answers are those of every endpoint (``rasso.core.api``): 404 for
anything on a case you may not see, 400 ``{"detail"}`` when a service refuses,
400 ``{field: [...]}`` for input of the wrong shape. Every move is an explicit
POST action that calls the one service the browser calls too."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import QuerySet
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors as case_selectors
from cases.serializers import AllocateSerializer, with_identity_warning
from charging.early_advice import selectors, services
from charging.early_advice.models import EarlyAdviceRequest
from charging.early_advice.serializers import (
    AdviceGiveSerializer,
    EarlyAdviceFilterSerializer,
    EarlyAdviceRequestCreateSerializer,
    EarlyAdviceRequestSerializer,
)
from rasso.core.api import (
    ObjectViewSet,
    acting_user,
    object_action,
    object_endpoints,
    path_id,
)

REQUEST_ID = path_id("request")


_advice_action = partial(object_action, parameter=REQUEST_ID, answer=EarlyAdviceRequestSerializer)


@object_endpoints(
    answer=EarlyAdviceRequestSerializer,
    parameter=REQUEST_ID,
    filters=EarlyAdviceFilterSerializer,
    creates=EarlyAdviceRequestCreateSerializer,
    listed="The early-advice requests on the cases you may see, newest first",
    created="Ask CPS for early advice (an officer working on the case)",
    retrieved="One early-advice request, with its advice once given",
)
class EarlyAdviceViewSet(ObjectViewSet[EarlyAdviceRequest]):
    """Early advice: asked by the police, allocated by the CPS SPOC, given by
    the prosecutor within 21 days, acknowledged by the police."""

    queryset = EarlyAdviceRequest.objects.none()  # reads go through charging.early_advice.selectors
    serializer_class = EarlyAdviceRequestSerializer
    filters_class = EarlyAdviceFilterSerializer
    audit_action = "charging.view"

    def fetch(self, pk: int) -> EarlyAdviceRequest:
        return selectors.advice_request_get(self.request.user, pk)

    def listing(self) -> QuerySet[EarlyAdviceRequest]:
        return (
            selectors.advice_requests_visible(self.request.user)
            .select_related("case", "requested_by", "prosecutor", "deadline", "advice__given_by")
            .order_by("-requested_at", "-id")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = EarlyAdviceRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = case_selectors.case_get(request.user, fields.pop("case"))
        follows_id = fields.pop("follows")
        follows = None
        if follows_id is not None:
            follows = selectors.advice_request_get(request.user, follows_id)
        item = services.early_advice_request(
            actor=acting_user(request), case=case, follows=follows, **fields
        )
        return with_identity_warning(
            self.answer(item, status.HTTP_201_CREATED), acting_user(request), case, fields
        )

    @_advice_action(
        "Allocate the request to a prosecutor of the Area (CPS SPOC)", AllocateSerializer
    )
    @action(detail=True, methods=["post"])
    def allocate(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        data = AllocateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.early_advice_allocate(
            actor=acting_user(request), request=item, prosecutor=data.validated_data["prosecutor"]
        )
        return self.answer(item)

    @_advice_action("Give the advice, every part (the allocated prosecutor)", AdviceGiveSerializer)
    @action(detail=True, methods=["post"])
    def advise(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        data = AdviceGiveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.early_advice_give(actor=acting_user(request), request=item, **data.validated_data)
        return with_identity_warning(
            self.answer(item), acting_user(request), item.case, data.validated_data
        )

    @_advice_action("Acknowledge the advice (an officer working on the case)")
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        item = services.early_advice_acknowledge(
            actor=acting_user(request), request=self.get_object()
        )
        return self.answer(item)

    @_advice_action("Withdraw the request before the advice is given")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        item = services.early_advice_withdraw(actor=acting_user(request), request=self.get_object())
        return self.answer(item)
