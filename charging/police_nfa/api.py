"""Police NFA in the API: /api/v1/police-nfa/, with the explicit ``approve`` and
``send-back`` actions.

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
from charging.api_filters import CaseFilterSerializer
from charging.police_nfa import selectors, services
from charging.police_nfa.models import PoliceNfaProposal
from charging.police_nfa.serializers import (
    PoliceNfaCreateSerializer,
    PoliceNfaSerializer,
    SendBackSerializer,
)
from rasso.core.api import (
    ObjectViewSet,
    acting_user,
    object_action,
    object_endpoints,
    path_id,
)

PROPOSAL_ID = path_id("proposal")


_proposal_action = partial(object_action, parameter=PROPOSAL_ID, answer=PoliceNfaSerializer)


@object_endpoints(
    answer=PoliceNfaSerializer,
    parameter=PROPOSAL_ID,
    filters=CaseFilterSerializer,
    creates=PoliceNfaCreateSerializer,
    listed="The police NFA proposals on the cases you may see, newest first",
    created="Propose no further action with a Home Office outcome (an officer on the case)",
    retrieved="One police NFA proposal",
)
class PoliceNfaViewSet(ObjectViewSet[PoliceNfaProposal]):
    """Police NFA: proposed by an investigator, approved or sent back by a
    police supervisor of the force; only approval moves the case."""

    queryset = PoliceNfaProposal.objects.none()
    serializer_class = PoliceNfaSerializer
    filters_class = CaseFilterSerializer
    audit_action = "charging.view"

    def fetch(self, pk: int) -> PoliceNfaProposal:
        return selectors.proposal_get(self.request.user, pk)

    def listing(self) -> QuerySet[PoliceNfaProposal]:
        return selectors.proposals_list(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PoliceNfaCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = case_selectors.case_get(request.user, fields.pop("case"))
        proposal = services.police_nfa_propose(actor=acting_user(request), case=case, **fields)
        return with_identity_warning(
            self.answer(proposal, status.HTTP_201_CREATED), acting_user(request), case, fields
        )

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
        return with_identity_warning(
            self.answer(proposal), acting_user(request), proposal.case, data.validated_data
        )
