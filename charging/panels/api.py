"""Scrutiny panels in the API: /api/v1/panels/ (with the undertaking and the
meetings, /api/v1/panels/{id}/meetings/) and /api/v1/review-packs/ (each
read audited, with a member's view and the chair's finding as actions).

404 for a panel, meeting or pack you may not see; 403 with the reason when a
rule refuses (a member without the undertaking reads no meeting or pack)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from charging.panels import finding_services, rules, selectors, services
from charging.panels.models import Panel, ReviewPack
from charging.panels.serializers import (
    FindingRecordSerializer,
    MeetingCreateSerializer,
    MeetingSerializer,
    MemberViewSerializer,
    PanelDetailSerializer,
    PanelSerializer,
    ReviewPackSerializer,
    ReviewPackSummarySerializer,
)
from rasso.accounts.models import Organisation
from rasso.audit.services import audit_record
from rasso.core.api import NOT_FOUND, REFUSED, ObjectViewSet, acting_user, path_id
from rasso.core.errors import Forbidden

PANEL_ID = path_id("panel")
PACK_ID = path_id("review pack")
UNDERTAKING_FIRST = "Record the panel's confidentiality undertaking first"


def _opened(user: Any, panel: Panel) -> Panel:
    """The panel, for reading its meetings and packs: a member must have
    given the current undertaking."""
    if not rules.runs_panel(user, panel) and not panel.seat_undertaken:  # type: ignore[attr-defined]
        raise Forbidden(UNDERTAKING_FIRST)
    return panel


@extend_schema_view(
    list=extend_schema(
        summary="The scrutiny panels you sit on or run",
        responses={200: PanelSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="One panel: its forces, terms of reference, chair and members (by reference)",
        parameters=[PANEL_ID],
        responses={200: PanelDetailSerializer, 404: NOT_FOUND},
    ),
)
class PanelViewSet(ObjectViewSet[Panel]):
    """Scrutiny panels: members review anonymised decisions where no action
    was taken. Members are known by their reference and standing only."""

    queryset = Panel.objects.none()
    serializer_class = PanelSerializer

    def fetch(self, pk: int) -> Panel:
        return selectors.panel_get(acting_user(self.request), pk)

    def listing(self) -> QuerySet[Panel]:
        return selectors.panels_list(acting_user(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        panel = _opened(request.user, self.get_object())
        panel = (
            selectors.panels_list(acting_user(request))
            .prefetch_related(
                Prefetch("forces", Organisation.objects.order_by("name")),
                Prefetch("members", selectors.panel_members(panel)),
            )
            .get(pk=panel.pk)
        )
        return Response(PanelDetailSerializer(panel).data)

    @extend_schema(
        summary="Record the current confidentiality undertaking (a member of the panel)",
        parameters=[PANEL_ID],
        request=None,
        responses={200: PanelSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def undertaking(self, request: Request, pk: str) -> Response:
        services.undertaking_accept(actor=acting_user(request), panel=self.get_object())
        return Response(PanelSerializer(self.get_object()).data)

    @extend_schema(
        methods=["GET"],
        summary="The panel's meetings, latest first",
        parameters=[PANEL_ID],
        responses={200: MeetingSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a meeting (a CPS SPOC of the panel's Area)",
        parameters=[PANEL_ID],
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"])
    def meetings(self, request: Request, pk: str) -> Response:
        panel = _opened(request.user, self.get_object())
        if request.method == "GET":
            return self.page(selectors.meetings_of(panel), MeetingSerializer)
        data = MeetingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.meeting_create(
            actor=acting_user(request), panel=panel, **data.validated_data
        )
        meeting = selectors.meetings_of(panel).get(pk=meeting.pk)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="The review packs you may read: your panel's released packs, or those you prepare",
        responses={200: ReviewPackSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="One review pack as the panel reads it (the read is audited)",
        parameters=[PACK_ID],
        responses={200: ReviewPackSerializer, 404: NOT_FOUND},
    ),
)
class ReviewPackViewSet(ObjectViewSet[ReviewPack]):
    """Review packs: a sampled decision with people as roles and pseudonyms,
    no URN, no date but days from the report."""

    queryset = ReviewPack.objects.none()
    serializer_class = ReviewPackSummarySerializer

    def fetch(self, pk: int) -> ReviewPack:
        return selectors.pack_get(acting_user(self.request), pk)

    def listing(self) -> QuerySet[ReviewPack]:
        return (
            selectors.packs_visible_to(self.request.user)
            .select_related("finding")
            .order_by("meeting_id", "number", "-version")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pack = self.get_object()
        seat = rules.seat_of(acting_user(request), pack.meeting.panel)
        audit_record(
            actor=request.user,
            action="panel.pack_viewed",
            obj=pack,
            detail={"version": pack.version, "as": seat.reference if seat else "Preparer"},
        )
        return Response(ReviewPackSerializer(pack).data)

    @extend_schema(
        summary="Record or change your private view of the pack (a member, before the meeting)",
        parameters=[PACK_ID],
        request=MemberViewSerializer,
        responses={200: ReviewPackSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def view(self, request: Request, pk: str) -> Response:
        pack = self.get_object()
        data = MemberViewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding_services.member_view_record(
            actor=acting_user(request), pack=pack, view=data.validated_data["view"]
        )
        return Response(ReviewPackSerializer(self.get_object()).data)

    @extend_schema(
        summary="Record the panel's finding on the pack (the chair), once",
        parameters=[PACK_ID],
        request=FindingRecordSerializer,
        responses={201: ReviewPackSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def finding(self, request: Request, pk: str) -> Response:
        pack = self.get_object()
        data = FindingRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding_services.finding_record(
            actor=acting_user(request), pack=pack, **data.validated_data
        )
        return Response(
            ReviewPackSerializer(self.get_object()).data, status=status.HTTP_201_CREATED
        )
