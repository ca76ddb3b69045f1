"""Schedules of unused material in the API: /api/v1/cases/{case_pk}/schedules/.

The answers are those of every endpoint (``rasso.core.api``): 401 without
credentials, 404 for a case whose unused material you may not see (the case
is read first, then ``disclosure.schedules.selectors.may_see_unused_material``:
the case's entitled police and its prosecutor only), 400 for input of the
wrong shape or that a service finds wrong, 403 with the rule's reason. Every
move is an explicit POST calling the one service the browser calls too.
Every read of one edition is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases.api import CASE_PK, CaseChildViewSet
from cases.models import CaseFile
from cases.serializers import with_identity_warning
from disclosure.schedules import selectors, services
from disclosure.schedules.models import Schedule
from disclosure.schedules.serializers import (
    SCHEDULE_PEOPLE,
    ItemReviewInputSerializer,
    ScheduleDetailSerializer,
    ScheduleFilterSerializer,
    ScheduleItemChangeSerializer,
    ScheduleItemInputSerializer,
    ScheduleNilReturnSerializer,
    ScheduleSendBackSerializer,
    ScheduleSerializer,
    ScheduleStartSerializer,
)
from rasso.core.api import (
    FORBIDDEN,
    REFUSED,
    ErrorSerializer,
    ObjectViewSet,
    acting_user,
    path_id,
)

_F = TypeVar("_F", bound=Callable[..., Any])

SCHEDULE_ID = path_id("schedule")
ON_THE_SCHEDULE = [CASE_PK, SCHEDULE_ID]
NOT_SEEN = OpenApiResponse(
    ErrorSerializer,
    description="No such case, or no such schedule on it, that you may see.",
)


def _move(summary: str, body: Any = None) -> Callable[[_F], _F]:
    return extend_schema(
        summary=summary,
        parameters=ON_THE_SCHEDULE,
        request=body,
        responses={200: ScheduleDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_SEEN},
    )


@extend_schema_view(
    list=extend_schema(
        summary="Every edition of the case's MG6C and MG6D",
        parameters=[CASE_PK, ScheduleFilterSerializer],
        responses={200: ScheduleSerializer(many=True), 400: REFUSED, 404: NOT_SEEN},
    ),
    retrieve=extend_schema(
        summary="One edition, with its items and their reviews (every read is audited)",
        parameters=ON_THE_SCHEDULE,
        responses={200: ScheduleDetailSerializer, 404: NOT_SEEN},
    ),
    create=extend_schema(
        summary="Start a schedule, or its next edition (the officers of the case)",
        parameters=[CASE_PK],
        request=ScheduleStartSerializer,
        responses={201: ScheduleDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_SEEN},
    ),
)
class ScheduleViewSet(CaseChildViewSet[Schedule], ObjectViewSet[Schedule]):
    """Schedules of non-sensitive (MG6C) and sensitive (MG6D) unused material."""

    queryset = Schedule.objects.none()  # reads go through the selectors
    serializer_class = ScheduleDetailSerializer
    filters_class = ScheduleFilterSerializer
    audit_action = "disclosure.schedule_view"
    http_method_names = ["get", "post", "head", "options"]

    @property
    def material_case(self) -> CaseFile:
        # The case first, then its unused material: as restricted as the identity.
        case = self.case
        user = acting_user(self.request)
        if not selectors.may_see_unused_material(user, case):
            raise Http404("No such case")
        return case

    def fetch(self, pk: int) -> Schedule:
        return selectors.schedule_get(self.material_case, pk)

    def listing(self) -> QuerySet[Schedule]:
        return selectors.schedules_of(self.material_case).select_related(*SCHEDULE_PEOPLE)

    def get_serializer_class(self) -> Any:
        return ScheduleSerializer if self.action == "list" else ScheduleDetailSerializer

    def written(self, response: Response, saved: dict[str, Any]) -> Response:
        texts = {k: v for k, v in saved.items() if isinstance(v, str)}
        return with_identity_warning(response, acting_user(self.request), self.case, texts)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.material_case
        data = ScheduleStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        schedule = services.schedule_start(
            actor=acting_user(request), case=case, kind=data.validated_data["schedule_kind"]
        )
        return self.answer(schedule, status.HTTP_201_CREATED)

    @_move("Add an item to a draft (the officers of the case)", ScheduleItemInputSerializer)
    @action(detail=True, methods=["post"], url_path="add-item")
    def add_item(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        schedule = self.get_object()
        data = ScheduleItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.schedule_item_add(
            actor=acting_user(request), schedule=schedule, details=data.details()
        )
        return self.written(self.answer(schedule), data.validated_data)

    @_move("Change an item of a draft (the officers of the case)", ScheduleItemChangeSerializer)
    @action(detail=True, methods=["post"], url_path="change-item")
    def change_item(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        schedule = self.get_object()
        data = ScheduleItemChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.schedule_item_update(
            actor=acting_user(request),
            schedule=schedule,
            number=data.validated_data["number"],
            details=data.details(),
        )
        return self.written(self.answer(schedule), data.validated_data)

    @_move("Serve a draft on the prosecutor (the officers of the case)")
    @action(detail=True, methods=["post"])
    def serve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        schedule = self.get_object()
        services.schedule_serve(actor=acting_user(request), schedule=schedule)
        return self.answer(schedule)

    @_move(
        "Sign a nil return on an empty draft (the officers of the case)",
        ScheduleNilReturnSerializer,
    )
    @action(detail=True, methods=["post"], url_path="nil-return")
    def nil_return(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        schedule = self.get_object()
        data = ScheduleNilReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.schedule_nil_return(
            actor=acting_user(request), schedule=schedule, **data.validated_data
        )
        return self.written(self.answer(schedule), data.validated_data)

    @_move("Review one item of a served schedule (the prosecutor)", ItemReviewInputSerializer)
    @action(detail=True, methods=["post"], url_path="review-item")
    def review_item(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        schedule = self.get_object()
        data = ItemReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.item_review(actor=acting_user(request), schedule=schedule, **data.validated_data)
        return self.written(self.answer(schedule), data.validated_data)

    @_move(
        "Send a served schedule back as insufficient (the prosecutor)", ScheduleSendBackSerializer
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        schedule = self.get_object()
        data = ScheduleSendBackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.schedule_send_back(
            actor=acting_user(request), schedule=schedule, **data.validated_data
        )
        return self.written(self.answer(schedule), data.validated_data)
