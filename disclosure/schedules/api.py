"""Unused material in the API, under /api/v1/cases/{case_pk}/:

- ``schedules/``: the MG6C and MG6D, edition by edition, their items and
  the prosecutor's review of each;
- ``disclosure-officer-reports/``: the MG6E, edition by edition (``current/``
  the one last served);
- ``disclosure-management-documents/``: the DMD's versions, and the
  prosecutor's agreement;
- ``disclosure-record/``: the disclosure record sheet, read only, newest first.

The answers are those of every endpoint (``rasso.core.api``): 401 without
credentials, 404 for a case whose unused material you may not see (the case
is read first, then ``disclosure.schedules.selectors.may_see_unused_material``:
the case's entitled police and its prosecutor only), 400 for input of the
wrong shape or that a service finds wrong, 403 with the rule's reason (a
closed case's unused material refuses every change). Every move is an
explicit POST calling the one service the browser calls too. Every read of
one edition, and of the record sheet, is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases.api import CASE_PK, CaseChildViewSet
from cases.models import CaseFile
from cases.serializers import with_identity_warning
from disclosure.common import invalid
from disclosure.requests.models import VictimInformationRequest
from disclosure.schedules import selectors, services
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    EditionStatus,
    ManagementDocument,
    RecordEntry,
    Schedule,
)
from disclosure.schedules.serializers import (
    DMD_PEOPLE,
    REPORT_PEOPLE,
    SCHEDULE_PEOPLE,
    DisclosureOfficerReportDetailSerializer,
    DisclosureOfficerReportSerializer,
    EditionFilterSerializer,
    ItemReviewInputSerializer,
    ManagementDocumentAgreeSerializer,
    ManagementDocumentInputSerializer,
    ManagementDocumentSerializer,
    RecordEntrySerializer,
    ReportEntryInputSerializer,
    ScheduleDetailSerializer,
    ScheduleFilterSerializer,
    ScheduleItemChangeSerializer,
    ScheduleItemInputSerializer,
    ScheduleNilReturnSerializer,
    ScheduleSendBackSerializer,
    ScheduleSerializer,
    ScheduleStartSerializer,
)
from rasso.audit.services import audit_record
from rasso.core.api import (
    FORBIDDEN,
    REFUSED,
    ErrorSerializer,
    ObjectViewSet,
    acting_user,
    path_id,
)

_F = TypeVar("_F", bound=Callable[..., Any])
_M = TypeVar("_M", bound=Model)

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


class UnusedMaterialCase(CaseChildViewSet[_M]):
    """Endpoints of a case's unused material: the case first, then whether
    you may see its unused material (as restricted as the identity), else
    404."""

    @property
    def material_case(self) -> CaseFile:
        case = self.case
        user = acting_user(self.request)
        if not selectors.may_see_unused_material(user, case):
            raise Http404("No such case")
        return case

    def written(self, response: Response, saved: dict[str, Any]) -> Response:
        """A write's answer, warned when its free text identifies the complainant."""
        texts = {k: v for k, v in saved.items() if isinstance(v, str)}
        return with_identity_warning(response, acting_user(self.request), self.case, texts)


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
class ScheduleViewSet(UnusedMaterialCase[Schedule], ObjectViewSet[Schedule]):
    """Schedules of non-sensitive (MG6C) and sensitive (MG6D) unused material."""

    queryset = Schedule.objects.none()  # reads go through the selectors
    serializer_class = ScheduleDetailSerializer
    filters_class = ScheduleFilterSerializer
    audit_action = "disclosure.schedule_view"
    http_method_names = ["get", "post", "head", "options"]

    def fetch(self, pk: int) -> Schedule:
        return selectors.schedule_get(self.material_case, pk)

    def listing(self) -> QuerySet[Schedule]:
        return selectors.schedules_of(self.material_case).select_related(*SCHEDULE_PEOPLE)

    def get_serializer_class(self) -> Any:
        return ScheduleSerializer if self.action == "list" else ScheduleDetailSerializer

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
        source = data.validated_data["victim_information_request"]
        services.schedule_item_add(
            actor=acting_user(request),
            schedule=schedule,
            details=data.details(),
            from_request=None if source is None else self._third_party_material(source),
        )
        return self.written(self.answer(schedule), data.validated_data)

    def _third_party_material(self, pk: int) -> VictimInformationRequest:
        # A request you may not see on this case is wrong input, not a 404:
        # the schedule is there.
        try:
            return selectors.third_party_material_get(acting_user(self.request), self.case, pk)
        except Http404:
            raise invalid(
                {
                    "victim_information_request": "There is no such victim information request "
                    "on this case"
                }
            ) from None

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


# -- the disclosure officer's report (MG6E) ------------------------------------

REPORT_ID = path_id("disclosure officer's report")
ON_THE_REPORT = [CASE_PK, REPORT_ID]
REPORT_NOT_SEEN = OpenApiResponse(
    ErrorSerializer,
    description="No such case, or no such edition of its MG6E, that you may see.",
)


def _report_move(summary: str, body: Any = None) -> Callable[[_F], _F]:
    return extend_schema(
        summary=summary,
        parameters=ON_THE_REPORT,
        request=body,
        responses={
            200: DisclosureOfficerReportDetailSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: REPORT_NOT_SEEN,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="Every edition of the case's MG6E, latest first",
        parameters=[CASE_PK, EditionFilterSerializer],
        responses={
            200: DisclosureOfficerReportSerializer(many=True),
            400: REFUSED,
            404: REPORT_NOT_SEEN,
        },
    ),
    retrieve=extend_schema(
        summary="One edition of the MG6E, with its entries (every read is audited)",
        parameters=ON_THE_REPORT,
        responses={200: DisclosureOfficerReportDetailSerializer, 404: REPORT_NOT_SEEN},
    ),
    create=extend_schema(
        summary="Start the MG6E, or its next edition (the officers of the case)",
        description="A draft holding the entries of the edition last served, to be added "
        "to and served. One draft at a time.",
        parameters=[CASE_PK],
        request=None,
        responses={
            201: DisclosureOfficerReportDetailSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: REPORT_NOT_SEEN,
        },
    ),
)
class DisclosureOfficerReportViewSet(
    UnusedMaterialCase[DisclosureOfficerReport], ObjectViewSet[DisclosureOfficerReport]
):
    """The disclosure officer's report (MG6E): material that might undermine
    the prosecution or assist the defence, each entry pointing at schedule
    items by number. Served in editions; a served edition is never changed."""

    queryset = DisclosureOfficerReport.objects.none()  # reads go through the selectors
    serializer_class = DisclosureOfficerReportDetailSerializer
    filters_class = EditionFilterSerializer
    audit_action = "disclosure.mg6e_view"
    http_method_names = ["get", "post", "head", "options"]

    def fetch(self, pk: int) -> DisclosureOfficerReport:
        return selectors.report_get(self.material_case, pk)

    def listing(self) -> QuerySet[DisclosureOfficerReport]:
        return selectors.reports_of(self.material_case).select_related("case", *REPORT_PEOPLE)

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return DisclosureOfficerReportSerializer
        return DisclosureOfficerReportDetailSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = services.report_start(actor=acting_user(request), case=self.material_case)
        return self.answer(report, status.HTTP_201_CREATED)

    @extend_schema(
        summary="The current MG6E: the edition last served (every read is audited)",
        parameters=[CASE_PK],
        responses={
            200: DisclosureOfficerReportDetailSerializer,
            404: OpenApiResponse(
                ErrorSerializer,
                description="No such case that you may see, or no MG6E served on it yet.",
            ),
        },
    )
    @action(detail=False, methods=["get"])
    def current(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        served = (
            selectors.reports_of(self.material_case).filter(status=EditionStatus.SERVED).first()
        )
        if served is None:
            raise Http404("No MG6E has been served on this case")
        report = self.fetch(served.pk)
        audit_record(actor=request.user, action=self.audit_action, obj=report, request=request)
        return Response(
            self.get_serializer_class()(report, context=self.get_serializer_context()).data
        )

    @_report_move(
        "Add an entry to a draft: material that might undermine the prosecution or assist "
        "the defence, by schedule item number (the officers of the case)",
        ReportEntryInputSerializer,
    )
    @action(detail=True, methods=["post"], url_path="add-entry")
    def add_entry(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        data = ReportEntryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_entry_add(actor=acting_user(request), report=report, **data.validated_data)
        return self.written(self.answer(report), data.validated_data)

    @_report_move(
        "Serve a draft on the prosecutor; the edition before it is superseded (the officers "
        "of the case)"
    )
    @action(detail=True, methods=["post"])
    def serve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        services.report_serve(actor=acting_user(request), report=report)
        return self.answer(report)


# -- the disclosure management document -----------------------------------------

DMD_ID = path_id("disclosure management document")
ON_THE_DMD = [CASE_PK, DMD_ID]
DMD_NOT_SEEN = OpenApiResponse(
    ErrorSerializer,
    description="No such case, or no such version of its disclosure management document, "
    "that you may see.",
)


def _dmd_move(summary: str, body: Any = None) -> Callable[[_F], _F]:
    return extend_schema(
        summary=summary,
        parameters=ON_THE_DMD,
        request=body,
        responses={
            200: ManagementDocumentSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: DMD_NOT_SEEN,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="Every version of the case's disclosure management document, latest first",
        parameters=[CASE_PK, EditionFilterSerializer],
        responses={200: ManagementDocumentSerializer(many=True), 400: REFUSED, 404: DMD_NOT_SEEN},
    ),
    retrieve=extend_schema(
        summary="One version of the disclosure management document (every read is audited)",
        parameters=ON_THE_DMD,
        responses={200: ManagementDocumentSerializer, 404: DMD_NOT_SEEN},
    ),
    create=extend_schema(
        summary="Draft the disclosure management document, or its next version (the "
        "officers of the case)",
        description="The reasonable lines of enquiry, the strategy for digital material, and "
        "what was examined and how: each is needed. One draft at a time.",
        parameters=[CASE_PK],
        request=ManagementDocumentInputSerializer,
        responses={
            201: ManagementDocumentSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: DMD_NOT_SEEN,
        },
    ),
    partial_update=extend_schema(
        summary="Change a draft (the officers of the case)",
        description="Only the fields sent change; a version sent to the prosecutor never does.",
        parameters=ON_THE_DMD,
        request=ManagementDocumentInputSerializer,
        responses={
            200: ManagementDocumentSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: DMD_NOT_SEEN,
        },
    ),
)
class ManagementDocumentViewSet(
    UnusedMaterialCase[ManagementDocument], ObjectViewSet[ManagementDocument]
):
    """The disclosure management document: drafted and sent by the officers of
    the case, agreed by the prosecutor; a later version supersedes it and the
    old one is kept."""

    queryset = ManagementDocument.objects.none()  # reads go through the selectors
    serializer_class = ManagementDocumentSerializer
    filters_class = EditionFilterSerializer
    audit_action = "disclosure.dmd_view"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def fetch(self, pk: int) -> ManagementDocument:
        return selectors.dmd_get(self.material_case, pk)

    def listing(self) -> QuerySet[ManagementDocument]:
        return selectors.dmds_of(self.material_case).select_related("case", *DMD_PEOPLE)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.material_case
        data = ManagementDocumentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dmd = services.dmd_start(actor=acting_user(request), case=case, details=data.details())
        return self.written(self.answer(dmd, status.HTTP_201_CREATED), data.validated_data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dmd = self.get_object()
        data = ManagementDocumentInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        dmd = services.dmd_update(actor=acting_user(request), dmd=dmd, details=data.details(dmd))
        return self.written(self.answer(dmd), data.validated_data)

    @_dmd_move(
        "Send a draft to the prosecutor; the version before it is superseded (the officers "
        "of the case)"
    )
    @action(detail=True, methods=["post"])
    def serve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dmd = self.get_object()
        services.dmd_serve(actor=acting_user(request), dmd=dmd)
        return self.answer(dmd)

    @_dmd_move(
        "Agree the version sent to you (the prosecutor on the case)",
        ManagementDocumentAgreeSerializer,
    )
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dmd = self.get_object()
        data = ManagementDocumentAgreeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.dmd_agree(actor=acting_user(request), dmd=dmd, **data.validated_data)
        return self.written(self.answer(dmd), data.validated_data)


# -- the disclosure record sheet -------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The case's disclosure record sheet, newest first (every read is audited)",
        description="Every disclosure event on the case: schedules and the MG6E received, "
        "each item's consideration, schedules sent back, the DMD agreed, each disclosure and "
        "the defence statement. Append-only: a mistake is put right by a later entry.",
        parameters=[CASE_PK],
        responses={
            200: RecordEntrySerializer(many=True),
            404: OpenApiResponse(
                ErrorSerializer, description="No such case, with unused material you may see."
            ),
        },
    ),
)
class DisclosureRecordViewSet(UnusedMaterialCase[RecordEntry]):
    """The disclosure record sheet: read only (its entries are written by the
    services of each event)."""

    queryset = RecordEntry.objects.none()  # reads go through the selectors
    serializer_class = RecordEntrySerializer
    http_method_names = ["get", "head", "options"]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.material_case
        # A view of the sheet, as the page's: the audit says whose sheet was read.
        audit_record(
            actor=request.user,
            action="disclosure.record_sheet_view",
            obj=case,
            request=request,
            detail={"case": case.pk},
        )
        return self.page(selectors.record_sheet_latest_first(case), RecordEntrySerializer)
