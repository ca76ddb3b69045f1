"""RASSO clinics in the API: /api/v1/clinics/, with the agenda, outcomes,
actions, hold and cancel as explicit actions.

404 for a clinic you may not see, 400 ``{"detail"}`` when a service refuses,
400 ``{field: [...]}`` for input of the wrong shape."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors as case_selectors
from cases.serializers import with_identity_warning
from charging.casework import refuse
from charging.clinics import rules, selectors, services
from charging.clinics.models import Clinic
from charging.clinics.serializers import (
    ClinicActionAddSerializer,
    ClinicActionSerializer,
    ClinicAgendaAddSerializer,
    ClinicAgendaItemSerializer,
    ClinicCreateSerializer,
    ClinicDetailSerializer,
    ClinicOutcomeSerializer,
    ClinicSerializer,
)
from rasso.accounts.models import Organisation, User
from rasso.core.api import NOT_FOUND, REFUSED, ObjectViewSet, acting_user, path_id

CLINIC_ID = path_id("clinic")


CLINIC_ACTION_ID = path_id("action", "action_id")


@extend_schema_view(
    list=extend_schema(
        summary="The clinics you may see: your Area's, or those your force attends",
        responses={200: ClinicSerializer(many=True)},
    ),
    create=extend_schema(
        summary="Schedule a clinic of your Area (a CPS SPOC)",
        request=ClinicCreateSerializer,
        responses={201: ClinicDetailSerializer, 400: REFUSED},
    ),
    retrieve=extend_schema(
        summary="One clinic, with its forces and attendees",
        parameters=[CLINIC_ID],
        responses={200: ClinicDetailSerializer, 404: NOT_FOUND},
    ),
)
class ClinicViewSet(ObjectViewSet[Clinic]):
    """RASSO clinics of a CPS Area: the agenda of cases and their outcomes."""

    queryset = Clinic.objects.none()
    serializer_class = ClinicSerializer

    def fetch(self, pk: int) -> Clinic:
        return selectors.clinic_get(self.request.user, pk)

    def listing(self) -> QuerySet[Clinic]:
        return selectors.clinics_list(self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ClinicDetailSerializer(self.get_object()).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        data = ClinicCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        area = selectors.spoc_area(user)
        refuse(rules.clinic_schedule_refusal(user, area.pk if area else None))
        area = cast(Organisation, area)  # the rule refuses anyone who is a SPOC of no Area
        forces = list(Organisation.objects.filter(pk__in=data.validated_data["forces"]))
        attendees = list(User.objects.filter(pk__in=data.validated_data["attendees"]))
        if len(forces) != len(set(data.validated_data["forces"])):
            raise ValidationError({"forces": ["Choose forces that exist"]})
        if len(attendees) != len(set(data.validated_data["attendees"])):
            raise ValidationError({"attendees": ["Choose people who exist"]})
        clinic = services.clinic_schedule(
            actor=user,
            cps_area=area,
            held_on=data.validated_data["held_on"],
            forces=forces,
            attendees=attendees,
        )
        clinic = selectors.clinic_get(user, clinic.pk)
        return Response(ClinicDetailSerializer(clinic).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="The clinic's agenda and minutes (of a case you may not see: its force only)",
        parameters=[CLINIC_ID],
        responses={200: ClinicAgendaItemSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a case you may see, of an attending force, to the agenda",
        parameters=[CLINIC_ID],
        request=ClinicAgendaAddSerializer,
        responses={201: ClinicAgendaItemSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"])
    def agenda(self, request: Request, pk: str) -> Response:
        clinic = self.get_object()
        if request.method == "GET":
            return self.page(
                selectors.clinic_agenda(request.user, clinic), ClinicAgendaItemSerializer
            )
        data = ClinicAgendaAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_selectors.case_get(request.user, data.validated_data["case"])
        item = services.clinic_agenda_add(
            actor=acting_user(request),
            clinic=clinic,
            case=case,
            question=data.validated_data["question"],
        )
        item = selectors.clinic_agenda(request.user, clinic).get(pk=item.pk)
        answer = Response(
            ClinicAgendaItemSerializer(item, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
        return with_identity_warning(answer, acting_user(request), case, data.validated_data)

    @extend_schema(
        summary="Record the outcome of one agenda item (the Area's CPS SPOC, once held)",
        parameters=[CLINIC_ID],
        request=ClinicOutcomeSerializer,
        responses={200: ClinicAgendaItemSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: str) -> Response:
        clinic = self.get_object()
        data = ClinicOutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = selectors.agenda_item_get(request.user, clinic.pk, data.validated_data["item"])
        services.clinic_outcome_record(
            actor=acting_user(request),
            item=found,
            outcome=data.validated_data["outcome"],
            minutes=data.validated_data["minutes"],
        )
        item = selectors.clinic_agenda(request.user, clinic).get(pk=found.pk)
        answer = Response(
            ClinicAgendaItemSerializer(item, context=self.get_serializer_context()).data
        )
        return with_identity_warning(answer, acting_user(request), item.case, data.validated_data)

    @extend_schema(
        summary="Record an action agreed at the clinic on one agenda item, owned by an "
        "attendee and due by a date (the Area's CPS SPOC, once held)",
        parameters=[CLINIC_ID],
        request=ClinicActionAddSerializer,
        responses={201: ClinicActionSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="actions", url_name="action-add")
    def action_add(self, request: Request, pk: str) -> Response:
        clinic = self.get_object()
        data = ClinicActionAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = selectors.agenda_item_get(request.user, clinic.pk, data.validated_data["item"])
        owner = User.objects.filter(pk=data.validated_data["owner"]).first()
        if owner is None:
            raise ValidationError({"owner": ["Choose an attendee of the clinic"]})
        added = services.clinic_action_add(
            actor=acting_user(request),
            item=item,
            description=data.validated_data["description"],
            owner=owner,
            due_on=data.validated_data["due_on"],
        )
        added = selectors.clinic_action_get(request.user, clinic.pk, added.pk)
        answer = Response(
            ClinicActionSerializer(added, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
        return with_identity_warning(answer, acting_user(request), item.case, data.validated_data)

    @extend_schema(
        summary="Mark an action of the clinic done: its deadline is met (the action's owner)",
        parameters=[CLINIC_ID, CLINIC_ACTION_ID],
        request=None,
        responses={200: ClinicActionSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"actions/(?P<action_id>[0-9]+)/complete",
        url_name="action-complete",
    )
    def action_complete(self, request: Request, pk: str, action_id: str) -> Response:
        clinic = self.get_object()
        found = selectors.clinic_action_get(request.user, clinic.pk, int(action_id))
        services.clinic_action_complete(actor=acting_user(request), action=found)
        found = selectors.clinic_action_get(request.user, clinic.pk, found.pk)
        return Response(ClinicActionSerializer(found, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Mark the clinic as held (the Area's CPS SPOC, on or after its date)",
        parameters=[CLINIC_ID],
        request=None,
        responses={200: ClinicDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk: str) -> Response:
        services.clinic_hold(actor=acting_user(request), clinic=self.get_object())
        return Response(ClinicDetailSerializer(self.get_object()).data)

    @extend_schema(
        summary="Cancel the clinic before it is held (the Area's CPS SPOC)",
        parameters=[CLINIC_ID],
        request=None,
        responses={200: ClinicDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        services.clinic_cancel(actor=acting_user(request), clinic=self.get_object())
        return Response(ClinicDetailSerializer(self.get_object()).data)
