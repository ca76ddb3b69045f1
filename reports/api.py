"""Progress reports in the API: /api/v1/reports/.

Managers only, each within their scope (``reports.rules``): anyone else is
refused the list and asking (403: there is nothing here for their role),
and a report outside the caller's scope answers 404, as everywhere in the
API. Asking, retrying and publishing call the services the pages call.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from rasso.accounts.models import Organisation, OrganisationKind
from rasso.audit.services import audit_record
from rasso.core.api import NOT_FOUND, REFUSED, ServiceViewSet, acting_user, path_id
from reports import rules, selectors, services
from reports.metrics import Period, day_out_of_range
from reports.models import ProgressReport, ReportStatus
from reports.views import report_file_response

REPORT_ID = path_id("report")
NOT_A_MANAGER = OpenApiResponse(description="Reports are for managers only.")


class ProgressReportSerializer(serializers.ModelSerializer[ProgressReport]):
    organisation_name = serializers.SerializerMethodField()
    period = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    csv_url = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "kind",
            "scope_kind",
            "organisation",
            "organisation_name",
            "period",
            "period_start",
            "period_end",
            "status",
            "error",
            "requested_at",
            "finished_at",
            "published_at",
            "pdf_url",
            "csv_url",
        ]
        read_only_fields = fields

    def get_organisation_name(self, report: ProgressReport) -> str:
        return services.report_scope(report).name

    def get_period(self, report: ProgressReport) -> str:
        """``2026-H1`` for a half of the financial year, else ``start_end``."""
        return services.report_period(report).name

    def _url(self, report: ProgressReport, kind: str) -> str | None:
        if report.status != ReportStatus.DONE:
            return None
        return f"/api/v1/reports/{report.pk}/{kind}/"

    def get_pdf_url(self, report: ProgressReport) -> str | None:
        return self._url(report, "pdf")

    def get_csv_url(self, report: ProgressReport) -> str | None:
        return self._url(report, "csv")


class ReportRequestSerializer(serializers.Serializer[Any]):
    scope = serializers.CharField(
        help_text='"national", or the id of a CPS Area or police force within your scope.'
    )
    period = serializers.CharField(
        required=False, help_text="A half of the financial year, like 2026-H1."
    )
    start = serializers.DateField(required=False, help_text="Or any dates: the first day...")
    end = serializers.DateField(required=False, help_text="...and the last day, included.")

    def validate_scope(self, value: str) -> Organisation | None:
        if value == "national":
            return None
        organisation = (
            Organisation.objects.filter(
                pk=int(value), kind__in=[OrganisationKind.CPS_AREA, OrganisationKind.POLICE_FORCE]
            ).first()
            if value.isdigit()
            else None
        )
        if organisation is None:
            raise serializers.ValidationError(
                'Give "national" or the id of a CPS Area or a police force'
            )
        return organisation

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("period"):
            try:
                attrs["report_period"] = Period.parse(attrs["period"])
            except ValueError as error:
                raise serializers.ValidationError({"period": str(error)}) from None
        elif attrs.get("start") and attrs.get("end"):
            for name in ("start", "end"):
                problem = day_out_of_range(attrs[name])
                if problem:
                    raise serializers.ValidationError({name: problem})
            if attrs["end"] < attrs["start"]:
                raise serializers.ValidationError({"end": "The end is before the start"})
            attrs["report_period"] = Period.of_dates(attrs["start"], attrs["end"])
        else:
            raise serializers.ValidationError(
                {"period": "Give a period like 2026-H1, or a start and an end"}
            )
        return attrs


@extend_schema_view(
    list=extend_schema(
        summary="The progress reports within your scope, newest first (managers)",
        responses={200: ProgressReportSerializer(many=True), 403: NOT_A_MANAGER},
    ),
    create=extend_schema(
        summary="Ask for a progress report; it is produced in the background",
        request=ReportRequestSerializer,
        responses={201: ProgressReportSerializer, 400: REFUSED, 403: NOT_A_MANAGER},
    ),
    retrieve=extend_schema(
        summary="One report and its status: queued, running, done or failed (with why)",
        parameters=[REPORT_ID],
        responses={200: ProgressReportSerializer, 404: NOT_FOUND},
    ),
)
class ProgressReportViewSet(ServiceViewSet[ProgressReport]):
    queryset = ProgressReport.objects.none()  # reads go through reports.selectors
    serializer_class = ProgressReportSerializer
    parser_classes = [JSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action in ("list", "create") and not rules.is_manager(acting_user(request)):
            raise PermissionDenied("Progress reports are for managers")

    def get_object(self) -> ProgressReport:
        return selectors.report_get(acting_user(self.request), int(self.kwargs["pk"]))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.page(selectors.reports_list(acting_user(request)), ProgressReportSerializer)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ProgressReportSerializer(self.get_object()).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_request(
            actor=acting_user(request),
            organisation=data.validated_data["scope"],
            period=data.validated_data["report_period"],
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Try a failed report again",
        parameters=[REPORT_ID],
        request=None,
        responses={200: ProgressReportSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        report = services.report_retry(actor=acting_user(request), report=self.get_object())
        return Response(ProgressReportSerializer(report).data)

    @extend_schema(
        summary="Publish a finished national report on /progress/ (national managers)",
        parameters=[REPORT_ID],
        request=None,
        responses={200: ProgressReportSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        report = services.report_publish(actor=acting_user(request), report=self.get_object())
        return Response(ProgressReportSerializer(report).data)

    def _file(self, request: Request, kind: str) -> HttpResponse:
        report = self.get_object()
        response = report_file_response(report, kind)
        audit_record(
            actor=request.user, action="report.download", obj=report, detail={"file": kind}
        )
        return response

    @extend_schema(
        summary="The report's PDF (404 until it is done)",
        parameters=[REPORT_ID],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> HttpResponse:
        return self._file(request, "pdf")

    @extend_schema(
        summary="The report's figures as CSV (404 until it is done)",
        parameters=[REPORT_ID],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def csv(self, request: Request, pk: str) -> HttpResponse:
        return self._file(request, "csv")
