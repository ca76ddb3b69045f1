"""Early advice, file-quality queries, charging decisions, action plans,
police NFA proposals and RASSO clinics in the API: /api/v1/early-advice/,
/api/v1/file-quality-queries/, /api/v1/cps-decisions/, /api/v1/action-plans/,
/api/v1/police-nfa/ and /api/v1/clinics/.

The answers are those of the cases API (``cases.api``): 404 for anything on a
case you may not see, 400 ``{"detail"}`` when a service refuses, 400
``{field: [...]}`` for input of the wrong shape. Every move is an explicit
POST action that calls the one service the browser calls too.
"""

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
from cases.api import NOT_FOUND, REFUSED, ServiceViewSet, acting_user
from cases.services import CaseError
from charging import selectors, services
from charging.api_filters import CaseFilterSerializer
from charging.models import Clinic, PoliceNfaProposal
from charging.serializers import (
    ClinicActionAddSerializer,
    ClinicActionSerializer,
    ClinicAgendaAddSerializer,
    ClinicAgendaItemSerializer,
    ClinicCreateSerializer,
    ClinicDetailSerializer,
    ClinicOutcomeSerializer,
    ClinicSerializer,
    PoliceNfaCreateSerializer,
    PoliceNfaSerializer,
    SendBackSerializer,
)
from rasso.accounts.models import Organisation, Role, User
from rasso.accounts.selectors import memberships_of
from rasso.audit.services import audit_record

_F = TypeVar("_F", bound=Callable[..., Any])


# -- charging decisions -----------------------------------------------------------------

PROPOSAL_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The proposal's id."
)


# -- action plans ---------------------------------------------------------------------


# -- police NFA -----------------------------------------------------------------------


def _proposal_action(summary: str, request: Any = None) -> Callable[[_F], _F]:
    return extend_schema(
        summary=summary,
        parameters=[PROPOSAL_ID],
        request=request,
        responses={200: PoliceNfaSerializer, 400: REFUSED, 404: NOT_FOUND},
    )


@extend_schema_view(
    list=extend_schema(
        summary="The police NFA proposals on the cases you may see, newest first",
        parameters=[CaseFilterSerializer],
        responses={200: PoliceNfaSerializer(many=True), 400: REFUSED},
    ),
    create=extend_schema(
        summary="Propose no further action with a Home Office outcome (an officer on the case)",
        request=PoliceNfaCreateSerializer,
        responses={201: PoliceNfaSerializer, 400: REFUSED, 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="One police NFA proposal",
        parameters=[PROPOSAL_ID],
        responses={200: PoliceNfaSerializer, 404: NOT_FOUND},
    ),
)
class PoliceNfaViewSet(ServiceViewSet[PoliceNfaProposal]):
    """Police NFA: proposed by an investigator, approved or sent back by a
    police supervisor of the force; only approval moves the case."""

    queryset = PoliceNfaProposal.objects.none()
    serializer_class = PoliceNfaSerializer
    parser_classes = [JSONParser]

    def get_object(self) -> PoliceNfaProposal:
        return selectors.proposal_get(self.request.user, int(self.kwargs["pk"]))

    def answer(self, proposal: PoliceNfaProposal, code: int = status.HTTP_200_OK) -> Response:
        proposal = selectors.proposal_get(self.request.user, proposal.pk)
        return Response(PoliceNfaSerializer(proposal).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = CaseFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.proposals_list(request.user)
        if "case" in params.validated_data:
            qs = qs.filter(case_id=params.validated_data["case"])
        return self.page(qs, PoliceNfaSerializer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = self.get_object()
        audit_record(actor=request.user, action="charging.view", obj=proposal, request=request)
        return Response(PoliceNfaSerializer(proposal).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PoliceNfaCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = case_selectors.case_get(request.user, fields.pop("case"))
        proposal = services.police_nfa_propose(actor=acting_user(request), case=case, **fields)
        return self.answer(proposal, status.HTTP_201_CREATED)

    @_proposal_action("Approve the proposal: the case becomes police NFA (a police supervisor)")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        proposal = services.police_nfa_approve(
            actor=acting_user(request), proposal=self.get_object()
        )
        return self.answer(proposal)

    @_proposal_action(
        "Send the proposal back with a reason (a police supervisor)", SendBackSerializer
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str) -> Response:
        proposal = self.get_object()
        data = SendBackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.police_nfa_send_back(
            actor=acting_user(request), proposal=proposal, reason=data.validated_data["reason"]
        )
        return self.answer(proposal)


# -- RASSO clinics ------------------------------------------------------------------

CLINIC_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The clinic's id."
)
CLINIC_ACTION_ID = OpenApiParameter(
    "action_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The action's id."
)


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
class ClinicViewSet(ServiceViewSet[Clinic]):
    """RASSO clinics of a CPS Area: the agenda of cases and their outcomes."""

    queryset = Clinic.objects.none()
    serializer_class = ClinicSerializer
    parser_classes = [JSONParser]

    def get_object(self) -> Clinic:
        return selectors.clinic_get(self.request.user, int(self.kwargs["pk"]))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.page(selectors.clinics_list(request.user), ClinicSerializer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ClinicDetailSerializer(self.get_object()).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        data = ClinicCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        area = next((m.organisation for m in memberships_of(user) if m.role == Role.CPS_SPOC), None)
        if area is None:
            raise CaseError("Only a CPS SPOC of the Area can schedule its RASSO clinic")
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
        summary="The clinic's agenda and minutes (a case you may not see: its force only)",
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
            page = self.paginate_queryset(selectors.clinic_agenda(clinic))  # type: ignore[arg-type]
            items = list(page or [])
            seen = selectors.cases_seen_of(request.user, [item.case_id for item in items])
            return self.get_paginated_response(
                ClinicAgendaItemSerializer(items, many=True, context={"seen": seen}).data
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
        item = selectors.clinic_agenda(clinic).get(pk=item.pk)
        return Response(
            ClinicAgendaItemSerializer(item, context={"seen": {item.case_id}}).data,
            status=status.HTTP_201_CREATED,
        )

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
        item = selectors.clinic_agenda(clinic).get(pk=found.pk)
        seen = selectors.cases_seen_of(request.user, [item.case_id])
        return Response(ClinicAgendaItemSerializer(item, context={"seen": seen}).data)

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
        return Response(ClinicActionSerializer(added).data, status=status.HTTP_201_CREATED)

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
        return Response(ClinicActionSerializer(found).data)

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
