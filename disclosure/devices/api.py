"""Device extractions in the API: /api/v1/cases/{case_pk}/device-extractions/.

The answers are those of every endpoint (``rasso.core.api``): 401 without
credentials, 404 for a case or an extraction you may not see (the case is
read first, through ``cases.selectors.case_get``; the extraction through
``disclosure.devices.selectors``), 400 ``{field: [...]}`` for input of the
wrong shape, 400 ``{"detail"}`` (with each field's message beside it) when a
service finds the input wrong, and 403 ``{"detail"}`` with the rule's reason
when you may see the extraction but not do this. Nothing is saved on any of
them. Every move is an explicit POST calling the one service the browser
calls too; only a draft is changed (PATCH), and nothing is deleted.

An extraction is as restricted as the complainant's identity: the officers
of the case and the prosecutor on it see the case's extractions, nobody
else. Whose device it is appears by pseudonym only. Every read of one
extraction is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases.api import CASE_PK, CaseChildViewSet
from cases.serializers import with_identity_warning
from disclosure.devices import selectors, services
from disclosure.devices.models import DeviceExtraction
from disclosure.devices.serializers import (
    EXTRACTION_PEOPLE,
    DeviceExtractionSerializer,
    ExtractionAgreeSerializer,
    ExtractionDetailsSerializer,
    ExtractionExtractSerializer,
    ExtractionFilterSerializer,
    ExtractionNoticeSerializer,
    ExtractionRefuseSerializer,
    ExtractionReturnSerializer,
    ExtractionReviewSerializer,
    ExtractionWithdrawSerializer,
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

EXTRACTION_ID = path_id("device extraction")
ON_THE_EXTRACTION = [CASE_PK, EXTRACTION_ID]
NOT_SEEN = OpenApiResponse(
    ErrorSerializer,
    description="No such case, or no such device extraction on it, that you may see.",
)


def _move(summary: str, body: Any = None, description: str = "") -> Callable[[_F], _F]:
    """The schema of a POST move on one extraction: its input, and the
    extraction as it now is (or a refusal, or a 404)."""
    return extend_schema(
        summary=summary,
        description=description,
        parameters=ON_THE_EXTRACTION,
        request=body,
        responses={
            200: DeviceExtractionSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: NOT_SEEN,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="The case's device extractions you may see, newest first",
        description="The officers of the case and the prosecutor on it see them all; "
        "nobody else sees any.",
        parameters=[CASE_PK, ExtractionFilterSerializer],
        responses={200: DeviceExtractionSerializer(many=True), 400: REFUSED, 404: NOT_SEEN},
    ),
    retrieve=extend_schema(
        summary="One device extraction (every read is audited)",
        parameters=ON_THE_EXTRACTION,
        responses={200: DeviceExtractionSerializer, 404: NOT_SEEN},
    ),
    create=extend_schema(
        summary="Draft a request to extract information from a device its user volunteers "
        "(the officers of the case)",
        description="Whose device (a complainant of the case, or a witness by pseudonym), "
        "the purpose, the line of enquiry, why necessary and proportionate, the less "
        "intrusive means considered, and the scope: dates and kinds of data. Nothing is "
        "saved if anything is missing.",
        parameters=[CASE_PK],
        request=ExtractionDetailsSerializer,
        responses={
            201: DeviceExtractionSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: NOT_SEEN,
        },
    ),
    partial_update=extend_schema(
        summary="Change a draft (the officers of the case)",
        description="Only the fields sent change; once the user has been given notice, "
        "nothing does.",
        parameters=ON_THE_EXTRACTION,
        request=ExtractionDetailsSerializer,
        responses={
            200: DeviceExtractionSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: NOT_SEEN,
        },
    ),
)
class DeviceExtractionViewSet(CaseChildViewSet[DeviceExtraction], ObjectViewSet[DeviceExtraction]):
    """Device extractions by agreement (PCSC Act 2022 s.37): drafted by the
    officers of the case, the written notice given to the device's user,
    their agreement or refusal recorded, the information extracted and
    reviewed, agreement withdrawn (nothing further processed), the device
    returned."""

    queryset = DeviceExtraction.objects.none()  # reads go through the selectors
    serializer_class = DeviceExtractionSerializer
    filters_class = ExtractionFilterSerializer
    audit_action = "disclosure.device_extraction_view"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def fetch(self, pk: int) -> DeviceExtraction:
        # The case first: a case you may not see is a 404 before the extraction is read.
        return selectors.extraction_get(self.request.user, pk, case_pk=self.case.pk)

    def listing(self) -> QuerySet[DeviceExtraction]:
        # Everyone the answer names in the one query: the list's count stays flat.
        return selectors.extractions_list(self.request.user, case_pk=self.case.pk).select_related(
            *EXTRACTION_PEOPLE
        )

    def written(self, response: Response, saved: dict[str, Any]) -> Response:
        """A write's answer, warned when its free text identifies the complainant."""
        texts = {k: v for k, v in saved.items() if isinstance(v, str)}
        return with_identity_warning(response, acting_user(self.request), self.case, texts)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.case
        data = ExtractionDetailsSerializer(
            data=request.data, context={**self.get_serializer_context(), "case": case}
        )
        data.is_valid(raise_exception=True)
        item = services.extraction_create(
            actor=acting_user(request), case=case, details=data.details()
        )
        return self.written(self.answer(item, status.HTTP_201_CREATED), data.validated_data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = ExtractionDetailsSerializer(
            data=request.data,
            partial=True,
            context={**self.get_serializer_context(), "case": self.case},
        )
        data.is_valid(raise_exception=True)
        item = services.extraction_update(
            actor=acting_user(request), extraction=item, details=data.details(item)
        )
        return self.written(self.answer(item), data.validated_data)

    def _step(
        self,
        request: Request,
        serializer: type[Any],
        service: Callable[..., DeviceExtraction],
    ) -> Response:
        """One move: the extraction (or a 404), its input, the service."""
        item = self.get_object()
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = service(actor=acting_user(request), extraction=item, **data.validated_data)
        return self.written(self.answer(item), data.validated_data)

    @_move(
        "Record the written notice given to the device's user (the officers of the case)",
        ExtractionNoticeSerializer,
        description="What is sought and why, how it will be handled once extracted, that "
        "the user may refuse and that refusal alone will not end the investigation; the "
        "version of its wording is recorded.",
    )
    @action(detail=True, methods=["post"])
    def notice(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(request, ExtractionNoticeSerializer, services.extraction_notice_give)

    @_move(
        "Record the user's agreement (the officers of the case)",
        ExtractionAgreeSerializer,
        description="When, how it was confirmed in writing, and that no undue pressure was "
        "applied. No extraction may start without it.",
    )
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(request, ExtractionAgreeSerializer, services.extraction_agree)

    @_move(
        "Record the user's refusal, without prejudice to the case (the officers of the case)",
        ExtractionRefuseSerializer,
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(request, ExtractionRefuseSerializer, services.extraction_refuse)

    @_move(
        "Record what was extracted (the officers of the case)",
        ExtractionExtractSerializer,
        description="Only after the user agreed, and never after they withdrew.",
    )
    @action(detail=True, methods=["post"])
    def extract(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(request, ExtractionExtractSerializer, services.extraction_extract)

    @_move(
        "Record the review of what was extracted (the officers of the case)",
        ExtractionReviewSerializer,
        description="What was reviewed, whether that was all of it, and what was relevant.",
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(request, ExtractionReviewSerializer, services.extraction_review)

    @_move(
        "Record that the user withdrew their agreement (the officers of the case)",
        ExtractionWithdrawSerializer,
        description="From then nothing further is processed, and what was extracted but not "
        "yet reviewed is marked for deletion (`marked_for_deletion`).",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(request, ExtractionWithdrawSerializer, services.extraction_withdraw)

    @_move(
        "Record the device's return to its user (the officers of the case)",
        ExtractionReturnSerializer,
        description="After the review, or after a refusal or a withdrawal.",
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_device(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._step(request, ExtractionReturnSerializer, services.extraction_return)
