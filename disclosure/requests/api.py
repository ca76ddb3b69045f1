"""Victim information requests in the API:
/api/v1/cases/{case_pk}/victim-information-requests/.

The answers are those of every endpoint (``rasso.core.api``): 401 without
credentials, 404 for a case or a request you may not see (the case is read
first, through ``cases.selectors.case_get``; the request through
``disclosure.requests.selectors``), 400 ``{field: [...]}`` for input of the
wrong shape, 400 ``{"detail"}`` (with each field's message beside it) when a
service finds the input wrong, and 403 ``{"detail"}`` with the rule's reason
when you may see the request but not do this. Nothing is saved on any of
them. Every move is an explicit POST calling the one service the browser
calls too; only a draft is changed (PATCH), and nothing is deleted.

A request is as restricted as the complainant's identity: the officers of
the case and the prosecutor on it see the case's requests, a police
supervisor of the force only those awaiting their decision (a counselling
approval, a credibility override), which they read through the identity
scrubber, and only until they decide: the answer to their decision is the
request as they left it, and a repeat of it is refused (403), not hidden.
The complainant appears by pseudonym only. Every read of one request is
audited.
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
from cases.serializers import with_identity_warning
from disclosure.requests import selectors, services
from disclosure.requests.models import VictimInformationRequest
from disclosure.requests.serializers import (
    REQUEST_PEOPLE,
    RequestCpsDecisionSerializer,
    RequestCreateSerializer,
    RequestDetailsSerializer,
    RequestFilterSerializer,
    RequestNoticeDelaySerializer,
    RequestNoticeSerializer,
    RequestReasonSerializer,
    RequestReasonsSerializer,
    RequestReceiveSerializer,
    RequestReviewSerializer,
    RequestSendSerializer,
    RequestViewSerializer,
    VictimInformationRequestSerializer,
)
from rasso.core.api import (
    FORBIDDEN,
    REFUSED,
    ErrorSerializer,
    ObjectViewSet,
    acting_user,
    path_id,
)
from rasso.core.errors import Forbidden

_F = TypeVar("_F", bound=Callable[..., Any])

REQUEST_ID = path_id("request")
ON_THE_REQUEST = [CASE_PK, REQUEST_ID]
NOT_SEEN = OpenApiResponse(
    ErrorSerializer, description="No such case, or no such request on it, that you may see."
)


def _move(summary: str, body: Any = None, description: str = "") -> Callable[[_F], _F]:
    """The schema of a POST move on one request: its input, and the request
    as it now is (or a refusal, or a 404)."""
    return extend_schema(
        summary=summary,
        description=description,
        parameters=ON_THE_REQUEST,
        request=body,
        responses={
            200: VictimInformationRequestSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: NOT_SEEN,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="The case's victim information requests you may see, newest first",
        description="The officers of the case and the prosecutor on it see them all; a "
        "police supervisor of the force only those awaiting their decision.",
        parameters=[CASE_PK, RequestFilterSerializer],
        responses={200: VictimInformationRequestSerializer(many=True), 400: REFUSED, 404: NOT_SEEN},
    ),
    retrieve=extend_schema(
        summary="One victim information request (every read is audited)",
        parameters=ON_THE_REQUEST,
        responses={200: VictimInformationRequestSerializer, 404: NOT_SEEN},
    ),
    create=extend_schema(
        summary="Draft a request for a complainant's information held by a third party "
        "(the officers of the case)",
        description="Every statutory test answered, the information limited by dates; a "
        "counselling request also says why it is likely to have substantial probative "
        "value. A rationale resting on the complainant's credibility or character alone is "
        "flagged (`credibility_flagged`, `credibility_terms`). Nothing is saved if anything "
        "is missing.",
        parameters=[CASE_PK],
        request=RequestCreateSerializer,
        responses={
            201: VictimInformationRequestSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: NOT_SEEN,
        },
    ),
    partial_update=extend_schema(
        summary="Change a draft (the officers of the case)",
        description="Only the fields sent change. The flag is worked out again, and any "
        "supervisor's approval or override is cleared: it was of what was asked before.",
        parameters=ON_THE_REQUEST,
        request=RequestDetailsSerializer,
        responses={
            200: VictimInformationRequestSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: NOT_SEEN,
        },
    ),
)
class VictimInformationRequestViewSet(
    CaseChildViewSet[VictimInformationRequest], ObjectViewSet[VictimInformationRequest]
):
    """Victim information requests (third-party material): drafted by the
    officers of the case, approved or their credibility flag overridden by a
    police supervisor of the force, agreed by the prosecutor, sent to the
    holder after notice to the complainant, the material received and
    reviewed for relevance; or withdrawn."""

    queryset = VictimInformationRequest.objects.none()  # reads go through the selectors
    serializer_class = VictimInformationRequestSerializer
    filters_class = RequestFilterSerializer
    audit_action = "disclosure.victim_information_request_view"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def fetch(self, pk: int) -> VictimInformationRequest:
        # The case first: a case you may not see is a 404 before the request is read.
        return selectors.request_get(self.request.user, pk, case_pk=self.case.pk)

    def listing(self) -> QuerySet[VictimInformationRequest]:
        # Everyone the answer names in the one query: the list's count stays flat.
        return selectors.requests_list(self.request.user, case_pk=self.case.pk).select_related(
            *REQUEST_PEOPLE
        )

    def for_supervisor(self) -> VictimInformationRequest:
        """The request a supervisor's move is on. One they decided is no
        longer theirs to see, but they know of it: a repeat of their decision
        (a retry, a second click) is refused with why, not answered 404."""
        try:
            return self.get_object()
        except Http404:
            user = acting_user(self.request)
            if selectors.request_decided_by(user, int(self.kwargs["pk"]), self.case.pk):
                raise Forbidden(
                    "You have already decided on this request: it is no longer awaiting a "
                    "supervisor"
                ) from None
            raise

    def answer(self, obj: VictimInformationRequest, code: int = status.HTTP_200_OK) -> Response:
        try:
            return super().answer(obj, code)
        except Http404:
            # A supervisor who has decided on a request no longer sees it
            # (it is the officers' and the prosecutor's, or a draft the
            # officer's): they read it as they left it.
            serializer = self.get_serializer_class()
            return Response(
                serializer(obj, context=self.get_serializer_context()).data, status=code
            )

    def written(self, response: Response, saved: dict[str, Any]) -> Response:
        """A write's answer, warned when its free text identifies the complainant."""
        return with_identity_warning(response, acting_user(self.request), self.case, saved)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.case
        data = RequestCreateSerializer(
            data=request.data, context={**self.get_serializer_context(), "case": case}
        )
        data.is_valid(raise_exception=True)
        item = services.request_create(
            actor=acting_user(request),
            case=case,
            complainant=data.validated_data["complainant"],
            details=data.details(),
        )
        return self.written(self.answer(item, status.HTTP_201_CREATED), data.validated_data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = RequestDetailsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        item = services.request_update(
            actor=acting_user(request), request=item, details=data.details(item)
        )
        return self.written(self.answer(item), data.validated_data)

    # -- the officer's draft goes on -----------------------------------------------

    @_move(
        "Submit the draft (the officers of the case)",
        description="To a police supervisor first when it is for counselling records or "
        "flagged (and not yet approved or overridden), otherwise to the prosecutor.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = services.request_submit(actor=acting_user(request), request=self.get_object())
        return self.answer(item)

    # -- the supervisor --------------------------------------------------------------

    @_move(
        "Approve a counselling request, with reasons (a police supervisor of the force "
        "who did not draft it)",
        RequestReasonsSerializer,
        description="It goes on to the prosecutor unless its credibility flag still awaits "
        "an override; once it does, the supervisor sees it no more (the answer is the "
        "request as they left it).",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.for_supervisor()
        data = RequestReasonsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_approve(
            actor=acting_user(request), request=item, reasons=data.validated_data["reasons"]
        )
        return self.answer(item)

    @_move(
        "Override the credibility flag, with reasons (a police supervisor of the force who "
        "did not draft it)",
        RequestReasonsSerializer,
        description="It goes on to the prosecutor unless a counselling approval is still "
        "outstanding; once it does, the supervisor sees it no more (the answer is the "
        "request as they left it).",
    )
    @action(detail=True, methods=["post"])
    def override(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.for_supervisor()
        data = RequestReasonsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_override(
            actor=acting_user(request), request=item, reasons=data.validated_data["reasons"]
        )
        return self.answer(item)

    @_move(
        "Return the request to the officer as a draft, saying why (a police supervisor of "
        "the force)",
        RequestReasonSerializer,
        description="The answer is the request as returned; a draft is the officer's, so "
        "the supervisor sees it no more.",
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_officer(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.for_supervisor()
        data = RequestReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_return(
            actor=acting_user(request), request=item, reason=data.validated_data["reason"]
        )
        return self.answer(item)

    # -- the prosecutor ----------------------------------------------------------------

    @_move(
        "Agree the request, ask for changes or reject it (the prosecutor on the case)",
        RequestCpsDecisionSerializer,
        description="Changes return it to the officer as a draft; changes and a rejection say why.",
    )
    @action(detail=True, methods=["post"], url_path="cps-decision")
    def cps_decision(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = RequestCpsDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_cps_decide(
            actor=acting_user(request),
            request=item,
            decision=data.validated_data["cps_decision"],
            reasons=data.validated_data["reasons"],
        )
        return self.written(self.answer(item), data.validated_data)

    # -- the complainant's notice and view ---------------------------------------------

    @_move(
        "Record the written notice given to the complainant (the officers of the case)",
        RequestNoticeSerializer,
        description="What is sought, why, and how it will be handled; by letter or e-mail, "
        "before or on the day the request is sent. It is logged as a contact, once.",
    )
    @action(detail=True, methods=["post"])
    def notice(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = RequestNoticeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_notice_give(
            actor=acting_user(request), request=item, **data.validated_data
        )
        return self.written(self.answer(item), data.validated_data)

    @_move(
        "Record that notice to the complainant is delayed or withheld, and why (the "
        "officers of the case)",
        RequestNoticeDelaySerializer,
    )
    @action(detail=True, methods=["post"], url_path="notice-delay")
    def notice_delay(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = RequestNoticeDelaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_notice_delay(
            actor=acting_user(request),
            request=item,
            delay=data.validated_data["notice_delay"],
            reason=data.validated_data["reason"],
        )
        return self.written(self.answer(item), data.validated_data)

    @_move(
        "Record the complainant's view of the request (the officers of the case)",
        RequestViewSerializer,
        description="A later view replaces an earlier one.",
    )
    @action(detail=True, methods=["post"], url_path="view")
    def view_record(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = RequestViewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_view_record(
            actor=acting_user(request), request=item, view=data.validated_data["view"]
        )
        return self.written(self.answer(item), data.validated_data)

    # -- to the holder and back ---------------------------------------------------------

    @_move(
        "Send the agreed request to the holder (the officers of the case)",
        RequestSendSerializer,
        description="The complainant must have been given notice before or on that day, or "
        "its delay or withholding recorded. The holder's reply is a deadline owed by the "
        "officer in the case.",
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = RequestSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_send(
            actor=acting_user(request), request=item, **data.validated_data
        )
        return self.answer(item)

    @_move(
        "Record the material the holder sent (the officers of the case)",
        RequestReceiveSerializer,
        description="The reply deadline is met.",
    )
    @action(detail=True, methods=["post"])
    def receive(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = RequestReceiveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_receive(
            actor=acting_user(request), request=item, **data.validated_data
        )
        return self.written(self.answer(item), data.validated_data)

    @_move(
        "Record the review of the material for relevance (the officers of the case)",
        RequestReviewSerializer,
        description="Only the relevant part is to be scheduled.",
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = RequestReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_review(
            actor=acting_user(request), request=item, **data.validated_data
        )
        return self.written(self.answer(item), data.validated_data)

    @_move(
        "Withdraw the request, saying why (the officers of the case)",
        RequestReasonSerializer,
        description="At any point before material is received; a sent request's reply "
        "deadline is cancelled.",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = RequestReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_withdraw(
            actor=acting_user(request), request=item, reason=data.validated_data["reason"]
        )
        return self.written(self.answer(item), data.validated_data)
