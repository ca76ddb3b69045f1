"""The cases API: /api/v1/cases/, what hangs off a case, and the offence list.

Thin views: a serializer checks the shape of the input, a service in
``cases.services`` does the work (and decides whether this user may), and a
selector in ``cases.selectors`` does every read, starting from
``CaseFile.objects.visible_to``. What every endpoint answers (401, 404, 400
for a wrong shape or a refusal, 409 and 412 for a stale version) is said
once, in ``rasso.core.api``.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from django.db import models
from django.http import FileResponse
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cases import rules, selectors, services
from cases.downloads import document_response
from cases.models import CaseEvent, CaseFile, CaseOffence, Deadline, Document, Offence, Suspect
from cases.serializers import (
    AllocateSerializer,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseEventSerializer,
    CaseFilterSerializer,
    CaseListSerializer,
    CaseOffenceAddSerializer,
    CaseOffenceSerializer,
    CaseUpdateSerializer,
    ChecklistSerializer,
    DeadlineSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    FileIncompleteSerializer,
    OffenceSerializer,
    ReallocateOicSerializer,
    ShareSerializer,
    SuspectSerializer,
)
from rasso.audit.services import audit_record
from rasso.core.api import (
    NOT_FOUND,
    REFUSED,
    ApiPagination,
    ErrorSerializer,
    PreconditionFailed,
    ServiceViewSet,
    acting_user,
    etag,
    if_match_holds,
    path_id,
)

logger = logging.getLogger(__name__)

_M = TypeVar("_M", bound=models.Model)


CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The case's id."
)
# The router's \d+ pattern would otherwise be documented as a string.
CASE_ID = path_id("case")
DOCUMENT_ID = path_id("document")


# -- the case ----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The cases you may see",
        parameters=[CaseFilterSerializer],
        responses={200: CaseListSerializer(many=True), 400: REFUSED},
    ),
    create=extend_schema(
        summary="Open a case file, as its officer in the case",
        request=CaseCreateSerializer,
        responses={201: CaseDetailSerializer, 400: REFUSED},
    ),
    retrieve=extend_schema(
        summary="One case (every read is audited)",
        parameters=[CASE_ID],
        responses={200: CaseDetailSerializer, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change a case's details, naming the version you edited",
        request=CaseUpdateSerializer,
        parameters=[
            CASE_ID,
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description='Optional: the ETag you read, `"<version>"`; 412 if stale.',
            ),
        ],
        responses={
            200: CaseDetailSerializer,
            400: REFUSED,
            404: NOT_FOUND,
            409: OpenApiResponse(
                ErrorSerializer, description="Someone changed the case since; nothing saved."
            ),
            412: OpenApiResponse(
                ErrorSerializer, description="The If-Match version is stale; nothing saved."
            ),
        },
    ),
)
class CaseViewSet(ServiceViewSet[CaseFile]):
    """Case files: list (filtered, sorted, paginated), create, read, edit, and
    the moves of the case's life. You see only the cases you need to know
    about; anything else answers 404."""

    queryset = CaseFile.objects.none()  # reads go through cases.selectors
    serializer_class = CaseDetailSerializer
    # JSON only: form-encoded input would read a missing tick box as "no".
    parser_classes = [JSONParser]

    def get_object(self) -> CaseFile:
        return selectors.case_get(self.request.user, int(self.kwargs["pk"]))

    def case_response(self, case: CaseFile, status_code: int = status.HTTP_200_OK) -> Response:
        # Read again through the selector: the service's locked row has none
        # of the related rows the answer shows.
        case = selectors.case_get(self.request.user, case.pk)
        data = CaseDetailSerializer(case, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers={"ETag": etag(case.version)})

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = CaseFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        return self.page(selectors.case_listing(request.user, params.filters()), CaseListSerializer)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CaseCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        case = services.case_create(actor=acting_user(request), **data.validated_data)
        return self.case_response(case, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        # The answer holds the complainants; whether it named them is recorded.
        audit_record(
            actor=request.user,
            action="case.view",
            obj=case,
            request=request,
            detail={
                "complainant_identity_shown": rules.may_see_complainant_identity(
                    acting_user(request), case
                )
            },
        )
        data = CaseDetailSerializer(case, context=self.get_serializer_context()).data
        return Response(data, headers={"ETag": etag(case.version)})

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        if_match = request.headers.get("If-Match")
        # A cheap early answer for clients that send the ETag; the version in
        # the body is still checked under the row lock by the service.
        if if_match is not None and not if_match_holds(if_match, case.version):
            raise PreconditionFailed(
                f"This case is now at version {case.version}, not the one you named. "
                "Nothing has been saved: read the case again, then make your change."
            )
        data = CaseUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = fields.pop("version")
        case = services.case_update(
            actor=acting_user(request), case=case, version=version, **fields
        )
        return self.case_response(case)

    @extend_schema(
        summary="Start the investigation of a draft",
        parameters=[CASE_ID],
        request=None,
        responses={200: CaseDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="start-investigation")
    def start_investigation(self, request: Request, pk: str) -> Response:
        case = services.case_start_investigation(actor=acting_user(request), case=self.get_object())
        return self.case_response(case)

    @extend_schema(
        summary="Submit to CPS for a charging decision",
        parameters=[CASE_ID],
        description="Nothing is submitted unless the file checklist is complete.",
        request=None,
        responses={
            200: CaseDetailSerializer,
            400: OpenApiResponse(
                FileIncompleteSerializer,
                description=(
                    "The file is not complete (`missing` lists what it lacks), or the "
                    "service refused (`detail` only)."
                ),
            ),
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        case = services.case_submit_for_charging(actor=acting_user(request), case=self.get_object())
        return self.case_response(case)

    @extend_schema(
        summary="Share the case with a colleague of the same force",
        parameters=[CASE_ID],
        request=ShareSerializer,
        responses={200: CaseDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def share(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = ShareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_share(
            actor=acting_user(request), case=case, colleague=data.validated_data["colleague"]
        )
        return self.case_response(case)

    @extend_schema(
        summary="Make another investigator the officer in the case",
        parameters=[CASE_ID],
        request=ReallocateOicSerializer,
        responses={200: CaseDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="reallocate-oic")
    def reallocate_oic(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = ReallocateOicSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_reallocate_oic(
            actor=acting_user(request), case=case, new_oic=data.validated_data["oic"]
        )
        return self.case_response(case)

    @extend_schema(
        summary="Allocate a prosecutor (CPS SPOC)",
        parameters=[CASE_ID],
        request=AllocateSerializer,
        responses={200: CaseDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def allocate(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = AllocateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_allocate_prosecutor(
            actor=acting_user(request), case=case, prosecutor=data.validated_data["prosecutor"]
        )
        return self.case_response(case)

    @extend_schema(
        summary="The file checklist for a charging submission",
        parameters=[CASE_ID],
        responses={200: ChecklistSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def checklist(self, request: Request, pk: str) -> Response:
        items = services.case_checklist(self.get_object())
        data = {"complete": all(item.done for item in items), "items": items}
        return Response(ChecklistSerializer(data).data)


# -- what hangs off a case ---------------------------------------------------


class CaseChildViewSet(ServiceViewSet[_M]):
    """Endpoints under /cases/<case_pk>/. The case is read through
    ``cases.selectors.case_get`` first, so a case you may not see is a 404
    before anything else is read or written."""

    @cached_property
    def case(self) -> CaseFile:
        case = selectors.case_get(self.request.user, int(self.kwargs["case_pk"]))
        # Every read of a case's parts is a view of the case, as on the pages.
        audit_record(
            actor=self.request.user,
            action="case.view",
            obj=case,
            request=self.request,
            detail={"endpoint": f"{self.basename}.{self.action}"},
        )
        return case


@extend_schema_view(
    list=extend_schema(
        summary="The case's offences",
        parameters=[CASE_PK],
        responses={200: CaseOffenceSerializer(many=True), 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Add an offence to the case",
        parameters=[CASE_PK],
        request=CaseOffenceAddSerializer,
        responses={201: CaseOffenceSerializer, 400: REFUSED, 404: NOT_FOUND},
    ),
)
class CaseOffenceViewSet(CaseChildViewSet[CaseOffence]):
    queryset = CaseOffence.objects.none()
    serializer_class = CaseOffenceSerializer
    parser_classes = [JSONParser]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.page(selectors.case_offences(self.case), CaseOffenceSerializer)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.case
        data = CaseOffenceAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        offence = services.offence_add(actor=acting_user(request), case=case, **data.validated_data)
        return Response(CaseOffenceSerializer(offence).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="The case's suspects",
        parameters=[CASE_PK],
        responses={200: SuspectSerializer(many=True), 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Add a suspect to the case",
        parameters=[CASE_PK],
        request=SuspectSerializer,
        responses={201: SuspectSerializer, 400: REFUSED, 404: NOT_FOUND},
    ),
)
class CaseSuspectViewSet(CaseChildViewSet[Suspect]):
    queryset = Suspect.objects.none()
    serializer_class = SuspectSerializer
    # JSON only, as for the case: see CaseViewSet.
    parser_classes = [JSONParser]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.page(selectors.case_suspects(self.case), SuspectSerializer)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.case
        data = SuspectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        suspect = services.suspect_add(actor=acting_user(request), case=case, **data.validated_data)
        return Response(SuspectSerializer(suspect).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="The case's documents",
        parameters=[CASE_PK],
        responses={200: DocumentSerializer(many=True), 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Upload a document",
        description=(
            "The type is read from the file's bytes and must match its name; the size is "
            "limited. A refused file leaves nothing behind."
        ),
        parameters=[CASE_PK],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, 400: REFUSED, 404: NOT_FOUND},
    ),
)
class CaseDocumentViewSet(CaseChildViewSet[Document]):
    queryset = Document.objects.none()
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A file answers whatever the client accepts; everything else is JSON.
        return super().perform_content_negotiation(
            request, force=force or self.action == "download"
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visible = selectors.document_content_visible(acting_user(request), self.case)
        page = self.paginate_queryset(selectors.case_documents(self.case))
        return self.get_paginated_response(
            DocumentSerializer(page, many=True, context={"content_visible": visible}).data
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.case
        data = DocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        document = services.document_upload(
            actor=acting_user(request),
            case=case,
            kind=data.validated_data["kind"],
            upload=upload,
            name=upload.name or "",
            title=data.validated_data["title"],
        )
        return Response(
            DocumentSerializer(document).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": DocumentSerializer().get_download_url(document)},
        )

    @extend_schema(
        summary="Download a document (audited)",
        parameters=[CASE_PK, DOCUMENT_ID],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, as an attachment, with its own content type.",
            ),
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, case_pk: str, pk: str) -> FileResponse:
        document = selectors.document_get(acting_user(request), int(case_pk), int(pk))
        response = document_response(request, document)
        if response is None:
            logger.error("Document %s has no file on disk", document.pk)
            raise NotFound("The file for this document is missing")
        return response


@extend_schema_view(
    list=extend_schema(
        summary="The case's timeline, newest first",
        parameters=[CASE_PK],
        responses={200: CaseEventSerializer(many=True), 404: NOT_FOUND},
    ),
)
class CaseEventViewSet(CaseChildViewSet[CaseEvent]):
    queryset = CaseEvent.objects.none()
    serializer_class = CaseEventSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.page(selectors.case_events(self.case), CaseEventSerializer)


@extend_schema_view(
    list=extend_schema(
        summary="The case's deadlines: open ones first, soonest first",
        parameters=[CASE_PK],
        responses={200: DeadlineSerializer(many=True), 404: NOT_FOUND},
    ),
)
class CaseDeadlineViewSet(CaseChildViewSet[Deadline]):
    queryset = Deadline.objects.none()
    serializer_class = DeadlineSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.page(selectors.case_deadlines(self.case), DeadlineSerializer)


# -- reference data -----------------------------------------------------------


class OffenceViewSet(viewsets.ReadOnlyModelViewSet[Offence]):
    """The Sexual Offences Act 2003 offences, and the 1956 Act's for non-recent
    cases (``non_recent``), to name in ``POST /cases/{case_pk}/offences/``."""

    queryset = Offence.objects.order_by("act", "id")
    serializer_class = OffenceSerializer
    pagination_class = ApiPagination
    filterset_fields = ["non_recent"]
