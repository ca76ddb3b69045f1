"""Complainants in the API: /api/v1/cases/{case_pk}/complainants/ and, under
each complainant, their contacts, letters and reviews; and the complainants
embedded in the case detail.

The answers are those of every endpoint (``rasso.core.api``): 401 without
credentials, 404 for a case or complainant you may not see, 400 ``{field:
[...]}`` for input of the wrong shape, 400 ``{"detail"}`` when a service
refuses (nothing saved), 409 for a stale ``version`` and 412 for a stale
``If-Match``. Every move is an explicit POST calling the one service the
browser calls too; the contact log has no PUT, PATCH or DELETE (405).

A complainant has lifelong anonymity. Who may see the case sees its
complainants, but only those ``victims.selectors.identity_visible_to``
entitles (the OIC, officers granted the case, the allocated prosecutor) get
the identity and the rest of the record. Everyone else gets the pseudonym,
whether the complainant has enhanced rights or has withdrawn support, and the
updates owed to them — the identity keys are absent from the answer, not
null. The contact log (free-text summaries may identify) and letters (they
are addressed to the complainant) are for the entitled only: anyone else gets
404 for them, as for anything they may not see. Reviews are seen, by
pseudonym, by everyone who may see the case (the force's supervisors and the
Area's CPS SPOC carry them out), but their reasons are free text that may
identify: ``late_reason`` and ``outcome_reasons`` are in the answer only for
those entitled to the identity and the reviewers of that review's scheme
(``victims.rules.review_reasons_visible``, as in the browser), and absent
for everyone else.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from cases.api import CASE_PK, CaseChildViewSet
from cases.models import CaseFile
from cases.serializers import with_identity_warning
from rasso.audit.services import audit_record
from rasso.core.api import (
    NOT_FOUND,
    REFUSED,
    ErrorSerializer,
    PreconditionFailed,
    acting_user,
    etag,
    if_match_holds,
    path_id,
)
from victims import rules as victims_rules
from victims import selectors, services
from victims.letters import letter_attachment
from victims.models import (
    Complainant,
    Contact,
    Letter,
    Review,
    ReviewScheme,
)
from victims.serializers import (
    ComplainantCreateSerializer,
    ComplainantSerializer,
    ComplainantUpdateSerializer,
    ContactCorrectSerializer,
    ContactLogSerializer,
    ContactSerializer,
    LetterGenerateSerializer,
    LetterMarkSentSerializer,
    LetterSerializer,
    ReviewAcknowledgeSerializer,
    ReviewCompleteSerializer,
    ReviewRequestSerializer,
    ReviewSerializer,
    SupportReinstateSerializer,
    SupportWithdrawSerializer,
)

_M = TypeVar("_M", bound=models.Model)


# -- the schema's parameters and answers ---------------------------------------------

COMPLAINANT_PK = OpenApiParameter(
    "complainant_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The complainant's id."
)


COMPLAINANT_ID = path_id("complainant")
CONTACT_ID = path_id("contact")
LETTER_ID = path_id("letter")
REVIEW_ID = path_id("review")
UNDER_COMPLAINANT = [CASE_PK, COMPLAINANT_PK]
ENTITLED_ONLY = OpenApiResponse(
    ErrorSerializer,
    description=(
        "No such case or complainant that you may see, or you may see the case but not the "
        "complainant's identity (the contact log and letters are for those entitled only)."
    ),
)
REASONS_FOR_SOME = (
    "Everyone who may see the case sees its reviews, by the complainant's pseudonym. The "
    "reasons (`late_reason`, `outcome_reasons`) are free text that may identify the "
    "complainant: they are present only for those entitled to the identity and the "
    "reviewers of the review's scheme (police: the force's supervisors and SPOCs; CPS: the "
    "Area's CPS SPOC), and absent for everyone else."
)
STALE = OpenApiResponse(
    ErrorSerializer, description="Someone changed the record since; nothing saved."
)
STALE_IF_MATCH = OpenApiResponse(
    ErrorSerializer, description="The If-Match version is stale; nothing saved."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='Optional: the ETag you read, `"<version>"`; 412 if stale.',
)


# -- complainants ----------------------------------------------------------------------


class ComplainantAnswers(CaseChildViewSet[_M]):
    """What the complainant endpoints share: JSON in, the identity decided
    once per request, and complainants read (and their reading audited)
    the same way everywhere."""

    parser_classes = [JSONParser]

    @cached_property
    def identity_visible(self) -> bool:
        return selectors.identity_visible_to(acting_user(self.request), self.case)

    def complainant_get(self, pk: int) -> Complainant:
        return selectors.complainant_with_owed(self.case, pk, withdrawals=self.identity_visible)

    def complainant_view_record(self, complainants: list[Complainant]) -> None:
        """Every view of a complainant is audited, with whether the identity
        was shown; pseudonyms only."""
        if complainants:
            audit_record(
                actor=self.request.user,
                action="complainant.view",
                obj=self.case,
                request=self.request,
                detail={
                    "complainants": [c.pseudonym for c in complainants],
                    "identity_shown": self.identity_visible,
                },
            )

    def complainant_data(self, complainant: Complainant) -> Any:
        return ComplainantSerializer(
            complainant, context={"identity_visible": self.identity_visible}
        ).data

    def complainant_response(
        self, complainant: Complainant, code: int = status.HTTP_200_OK
    ) -> Response:
        # Read again: the service's locked row has none of the annotations.
        complainant = self.complainant_get(complainant.pk)
        self.complainant_view_record([complainant])
        return Response(
            self.complainant_data(complainant),
            status=code,
            headers={"ETag": etag(complainant.version)},
        )


@extend_schema_view(
    list=extend_schema(
        summary="The case's complainants (the identity only for those entitled to it)",
        parameters=[CASE_PK],
        responses={200: ComplainantSerializer(many=True), 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="One complainant (every read is audited)",
        parameters=[CASE_PK, COMPLAINANT_ID],
        responses={200: ComplainantSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Record a complainant (the officers of the case, before it goes to CPS)",
        description="They are given the next pseudonym (C1, C2, ...) and their regular "
        "updates start now.",
        parameters=[CASE_PK],
        request=ComplainantCreateSerializer,
        responses={201: ComplainantSerializer, 400: REFUSED, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change a complainant's record, naming the version you edited "
        "(the officers of the case)",
        parameters=[CASE_PK, COMPLAINANT_ID, IF_MATCH],
        request=ComplainantUpdateSerializer,
        responses={
            200: ComplainantSerializer,
            400: REFUSED,
            404: NOT_FOUND,
            409: STALE,
            412: STALE_IF_MATCH,
        },
    ),
)
class ComplainantViewSet(ComplainantAnswers[Complainant]):
    """A case's complainants. Everyone who may see the case sees them by
    pseudonym; the identity and the record are for those entitled only."""

    queryset = Complainant.objects.none()  # reads go through victims.selectors
    serializer_class = ComplainantSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = selectors.complainants_with_owed(self.case, withdrawals=self.identity_visible)
        page = list(self.paginate_queryset(qs) or [])
        self.complainant_view_record(page)
        return self.get_paginated_response(
            ComplainantSerializer(
                page, many=True, context={"identity_visible": self.identity_visible}
            ).data
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complainant = self.complainant_get(int(kwargs["pk"]))
        self.complainant_view_record([complainant])
        return Response(
            self.complainant_data(complainant), headers={"ETag": etag(complainant.version)}
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.case
        data = ComplainantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        complainant = services.complainant_add(
            actor=acting_user(request), case=case, **data.validated_data
        )
        return self.complainant_response(complainant, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complainant = self.complainant_get(int(kwargs["pk"]))
        if_match = request.headers.get("If-Match")
        # A cheap early answer for clients that send the ETag; the version in
        # the body is still checked under the row lock by the service.
        if if_match is not None and not if_match_holds(if_match, complainant.version):
            raise PreconditionFailed(
                f"{complainant.pseudonym}'s record is now at version {complainant.version}, "
                "not the one you named. Nothing has been saved: read it again, then make "
                "your change."
            )
        data = ComplainantUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = fields.pop("version")
        complainant = services.complainant_update(
            actor=acting_user(request), complainant=complainant, version=version, **fields
        )
        return self.complainant_response(complainant)

    @extend_schema(
        summary="Record that the complainant withdrew support for the prosecution "
        "(the officers of the case)",
        parameters=[CASE_PK, COMPLAINANT_ID],
        request=SupportWithdrawSerializer,
        responses={200: ComplainantSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="withdraw-support")
    def withdraw_support(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complainant = self.complainant_get(int(kwargs["pk"]))
        data = SupportWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.support_withdraw(
            actor=acting_user(request), complainant=complainant, **data.validated_data
        )
        return self.complainant_response(complainant)

    @extend_schema(
        summary="Record that the complainant reinstated their support (the officers of the case)",
        parameters=[CASE_PK, COMPLAINANT_ID],
        request=SupportReinstateSerializer,
        responses={200: ComplainantSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="reinstate-support")
    def reinstate_support(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complainant = self.complainant_get(int(kwargs["pk"]))
        data = SupportReinstateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.support_reinstate(
            actor=acting_user(request), complainant=complainant, **data.validated_data
        )
        return self.complainant_response(complainant)


# -- what hangs off a complainant ----------------------------------------------------------


class UnderComplainantViewSet(ComplainantAnswers[_M]):
    """Endpoints under /cases/<case_pk>/complainants/<complainant_pk>/: the
    case, then the complainant, are read first, so either unseen is a 404
    before anything else is read or written."""

    # Only for those entitled to the complainant's identity.
    entitled_only = False

    @cached_property
    def complainant(self) -> Complainant:
        if self.entitled_only and not self.identity_visible:
            # They may know the case and its complainant, but not this.
            raise NotFound()
        return selectors.complainant_get(self.case, int(self.kwargs["complainant_pk"]))


@extend_schema_view(
    list=extend_schema(
        summary="The complainant's contact log, newest first (those entitled to the identity)",
        parameters=UNDER_COMPLAINANT,
        responses={200: ContactSerializer(many=True), 404: ENTITLED_ONLY},
    ),
    retrieve=extend_schema(
        summary="One entry of the contact log",
        parameters=[*UNDER_COMPLAINANT, CONTACT_ID],
        responses={200: ContactSerializer, 404: ENTITLED_ONLY},
    ),
    create=extend_schema(
        summary="Log a contact with the complainant (the officers of the case and the "
        "allocated prosecutor)",
        description="It meets the owed updates it told them of (all of them unless "
        "`communicated` says which) and moves their regular update on. It can never be "
        "changed afterwards: log a correction instead.",
        parameters=UNDER_COMPLAINANT,
        request=ContactLogSerializer,
        responses={201: ContactSerializer, 400: REFUSED, 404: ENTITLED_ONLY},
    ),
)
class ContactViewSet(UnderComplainantViewSet[Contact]):
    """The contact log: append-only. No PUT, PATCH or DELETE (405): a
    correction is a new entry naming the one it corrects."""

    queryset = Contact.objects.none()
    serializer_class = ContactSerializer
    entitled_only = True
    http_method_names = ["get", "post", "head", "options"]

    def contact_get(self, pk: int) -> Contact:
        return selectors.contact_get(self.complainant, pk)

    def answer(self, contact: Contact, code: int = status.HTTP_200_OK) -> Response:
        return Response(ContactSerializer(self.contact_get(contact.pk)).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.page(selectors.complainant_contacts(self.complainant), ContactSerializer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ContactSerializer(self.contact_get(int(kwargs["pk"]))).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complainant = self.complainant
        data = ContactLogSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contact = services.contact_log(
            actor=acting_user(request), complainant=complainant, **data.validated_data
        )
        return self.answer(contact, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Log a correction to this contact: a new entry that refers to it",
        description="The original stays as it was. A correction meets no owed update and "
        "does not move the regular update.",
        parameters=[*UNDER_COMPLAINANT, CONTACT_ID],
        request=ContactCorrectSerializer,
        responses={201: ContactSerializer, 400: REFUSED, 404: ENTITLED_ONLY},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        original = self.contact_get(int(kwargs["pk"]))
        data = ContactCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contact = services.contact_log(
            actor=acting_user(request),
            complainant=self.complainant,
            corrects=original,
            **data.validated_data,
        )
        return self.answer(contact, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="The letters generated for the complainant, newest first (those entitled "
        "to the identity)",
        parameters=UNDER_COMPLAINANT,
        responses={200: LetterSerializer(many=True), 404: ENTITLED_ONLY},
    ),
    retrieve=extend_schema(
        summary="One letter",
        parameters=[*UNDER_COMPLAINANT, LETTER_ID],
        responses={200: LetterSerializer, 404: ENTITLED_ONLY},
    ),
    create=extend_schema(
        summary="Generate a letter as PDF (the officers of the case and the allocated "
        "prosecutor; the CPS introduction letter, the prosecutor)",
        description="The NFA letter (police or CPS NFA, with how to ask for a review and by "
        "when), the point-of-charge letter, or the CPS introduction letter. The PDF is kept "
        "as generated.",
        parameters=UNDER_COMPLAINANT,
        request=LetterGenerateSerializer,
        responses={201: LetterSerializer, 400: REFUSED, 404: ENTITLED_ONLY},
    ),
)
class LetterViewSet(UnderComplainantViewSet[Letter]):
    """Letters to the complainant: generated, downloaded, marked sent."""

    queryset = Letter.objects.none()
    serializer_class = LetterSerializer
    entitled_only = True
    http_method_names = ["get", "post", "head", "options"]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The PDF answers whatever the client accepts; everything else is JSON.
        return super().perform_content_negotiation(
            request, force=force or self.action == "download"
        )

    def letter_get(self, pk: int) -> Letter:
        return selectors.letter_get(self.complainant, pk)

    def answer(self, letter: Letter, code: int = status.HTTP_200_OK) -> Response:
        return Response(LetterSerializer(self.letter_get(letter.pk)).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.page(selectors.complainant_letters(self.complainant), LetterSerializer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(LetterSerializer(self.letter_get(int(kwargs["pk"]))).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complainant = self.complainant
        data = LetterGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        letter = services.letter_generate(
            actor=acting_user(request), complainant=complainant, kind=data.validated_data["kind"]
        )
        return self.answer(letter, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download the letter (a PDF attachment; audited)",
        parameters=[*UNDER_COMPLAINANT, LETTER_ID],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The letter as generated."
            ),
            404: ENTITLED_ONLY,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        letter = selectors.letter_get(self.complainant, int(kwargs["pk"]), with_pdf=True)
        audit_record(
            actor=request.user,
            action="complainant.letter_downloaded",
            obj=letter,
            request=request,
            detail={
                "case": letter.case_id,
                "pseudonym": self.complainant.pseudonym,
                "kind": letter.kind,
            },
        )
        return letter_attachment(letter)

    @extend_schema(
        summary="Mark the letter sent: it is logged as a contact, once",
        parameters=[*UNDER_COMPLAINANT, LETTER_ID],
        request=LetterMarkSentSerializer,
        responses={200: LetterSerializer, 400: REFUSED, 404: ENTITLED_ONLY},
    )
    @action(detail=True, methods=["post"], url_path="mark-sent")
    def mark_sent(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        letter = self.letter_get(int(kwargs["pk"]))
        data = LetterMarkSentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        letter = services.letter_mark_sent(
            actor=acting_user(request), letter=letter, **data.validated_data
        )
        return self.answer(letter)


@extend_schema_view(
    list=extend_schema(
        summary="The complainant's requests for a review, newest first",
        description=REASONS_FOR_SOME,
        parameters=UNDER_COMPLAINANT,
        responses={200: ReviewSerializer(many=True), 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="One request for a review",
        description=REASONS_FOR_SOME,
        parameters=[*UNDER_COMPLAINANT, REVIEW_ID],
        responses={200: ReviewSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Record a request for a Victims' Right to Review of a decision to take no "
        "further action",
        description="The scheme follows from who decided. Police: in time within 3 months "
        "of being told, recorded by the officers of the case or a supervisor of the force. "
        "CPS: in time within 10 working days (later, up to 3 months, with `late_reason`), "
        "recorded by the allocated prosecutor or the Area's CPS SPOC.",
        parameters=UNDER_COMPLAINANT,
        request=ReviewRequestSerializer,
        responses={201: ReviewSerializer, 400: REFUSED, 404: NOT_FOUND},
    ),
)
class ReviewViewSet(UnderComplainantViewSet[Review]):
    """The Victims' Right to Review: requested, acknowledged, completed."""

    queryset = Review.objects.none()
    serializer_class = ReviewSerializer
    http_method_names = ["get", "post", "head", "options"]

    def review_get(self, pk: int) -> Review:
        return selectors.review_get(self.complainant, pk)

    @cached_property
    def reasons_visible(self) -> dict[str, bool]:
        """Whether the reader may read the reasons of a review, by scheme."""
        user = acting_user(self.request)
        return {
            scheme: victims_rules.review_reasons_visible(
                user, self.case, scheme, identity_visible=self.identity_visible
            )
            for scheme in ReviewScheme.values
        }

    def review_data(self, review: Review | list[Review], **kwargs: Any) -> Any:
        context = {
            **self.get_serializer_context(),
            "reasons_visible": self.reasons_visible,
            "case": self.case,
        }
        return ReviewSerializer(review, context=context, **kwargs).data

    def answer(self, review: Review, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.review_data(self.review_get(review.pk)), status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        reviews = selectors.complainant_reviews(self.complainant)
        page = list(self.paginate_queryset(reviews) or [])
        return self.get_paginated_response(self.review_data(page, many=True))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.review_data(self.review_get(int(kwargs["pk"]))))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complainant = self.complainant
        data = ReviewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_request(
            actor=acting_user(request), complainant=complainant, **data.validated_data
        )
        return with_identity_warning(
            self.answer(review, status.HTTP_201_CREATED),
            acting_user(request),
            self.case,
            data.validated_data,
        )

    @extend_schema(
        summary="Acknowledge the request (police: a supervisor of the force; CPS: the "
        "Area's CPS SPOC)",
        parameters=[*UNDER_COMPLAINANT, REVIEW_ID],
        request=ReviewAcknowledgeSerializer,
        responses={200: ReviewSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        review = self.review_get(int(kwargs["pk"]))
        data = ReviewAcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_acknowledge(
            actor=acting_user(request),
            review=review,
            acknowledged_on=data.validated_data.get("acknowledged_on", timezone.localdate()),
        )
        return self.answer(review)

    @extend_schema(
        summary="Complete the review with its outcome (as for acknowledging)",
        description="An overturned decision reopens the case: a police NFA goes back to "
        "investigation, a CPS NFA back to CPS for a new charging decision.",
        parameters=[*UNDER_COMPLAINANT, REVIEW_ID],
        request=ReviewCompleteSerializer,
        responses={200: ReviewSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        review = self.review_get(int(kwargs["pk"]))
        data = ReviewCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_complete(
            actor=acting_user(request),
            review=review,
            outcome=data.validated_data["outcome"],
            reasons=data.validated_data["reasons"],
            completed_on=data.validated_data.get("completed_on", timezone.localdate()),
        )
        return with_identity_warning(
            self.answer(review), acting_user(request), self.case, data.validated_data
        )


# -- the complainants in the case detail -------------------------------------------------


@extend_schema_field(ComplainantSerializer(many=True))
class CaseComplainantsField(serializers.Field[Any, Any, Any, Any]):
    """The case detail's ``complainants``: registered on
    ``cases.serializers.CASE_DETAIL_SECTIONS`` (``cases`` never imports
    ``victims``). The same shape as /cases/{case_pk}/complainants/."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: CaseFile) -> Any:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        visible = user is not None and selectors.identity_visible_to(user, value)
        return ComplainantSerializer(
            selectors.complainants_with_owed(value, withdrawals=visible),
            many=True,
            context={"identity_visible": visible},
        ).data
