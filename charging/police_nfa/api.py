"""Police NFA in the API: /api/v1/police-nfa/, with the explicit ``approve`` and
``send-back`` actions.

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
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors as case_selectors
from charging.api_filters import CaseFilterSerializer
from charging.police_nfa import selectors, services
from charging.police_nfa.models import PoliceNfaProposal
from charging.police_nfa.serializers import (
    PoliceNfaCreateSerializer,
    PoliceNfaSerializer,
    SendBackSerializer,
)
from rasso.audit.services import audit_record
from rasso.core.api import NOT_FOUND, REFUSED, ServiceViewSet, acting_user

_F = TypeVar("_F", bound=Callable[..., Any])


PROPOSAL_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The proposal's id."
)


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
