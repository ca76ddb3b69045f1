"""The manager dashboard, the reports list and downloads, and the public
progress page.

Managers only (anyone else: 404), each within their scope
(``reports.rules``); ``/progress/`` and its downloads are public. While a
report on the page is queued or running, the page never reloads itself
(WCAG 2.2.1): its script asks the report's status (``report_status``) every
few seconds and puts the finished report's row in place, and without
JavaScript a "Check again" button reloads the list.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rasso.accounts.middleware import session_passive
from rasso.accounts.models import Organisation, OrganisationKind
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError
from rasso.core.web import (
    AuthenticatedRequest,
    button_action,
    form_page,
    paginate,
    posted,
    refusal_status,
)
from reports import rules, selectors, services
from reports.figures import dashboard_figures
from reports.forms import NATIONAL, ReportRequestForm
from reports.metrics import Period, Scope
from reports.models import ProgressReport, ProgressReportFile, ReportKind, ReportStatus

# Seconds between the page's questions while a report is being produced.
POLL_SECONDS = 5


def _manager_organisations(request: AuthenticatedRequest) -> list[Organisation]:
    organisations = rules.manager_organisations(request.user)
    if not organisations:
        raise Http404("Reports are for managers")
    return organisations


def _dashboard_scope(request: AuthenticatedRequest, organisations: list[Organisation]) -> Scope:
    """The scope asked for (``?scope=``) if the manager may see it; their
    widest scope otherwise."""
    asked = request.GET.get("scope", "")
    if asked == NATIONAL and rules.is_national_manager(request.user):
        return Scope.national()
    if asked.isdigit():
        organisation = Organisation.objects.filter(
            pk=int(asked), kind__in=[OrganisationKind.CPS_AREA, OrganisationKind.POLICE_FORCE]
        ).first()
        if organisation is not None and rules.may_report_on(request.user, organisation):
            return Scope.of(organisation)
    return Scope.of(organisations[0])


def _dashboard_period(request: HttpRequest) -> Period:
    try:
        return Period.parse(request.GET.get("period", ""))
    except ValueError:
        return Period.half_containing(timezone.localdate())


def _report_rows(
    request: AuthenticatedRequest, reports: list[ProgressReport]
) -> list[dict[str, Any]]:
    national_manager = rules.is_national_manager(request.user)
    return [
        {
            "report": report,
            "scope": services.report_scope(report),
            "period": services.report_period(report),
            "may_publish": national_manager
            and report.scope_kind == OrganisationKind.NATIONAL
            and report.status == ReportStatus.DONE
            and report.published_at is None,
        }
        for report in reports
    ]


def _status_message(report: ProgressReport) -> str:
    """What the page's live region says of the report, in its own words."""
    if report.status == ReportStatus.DONE:
        return f"Report number {report.pk} is ready: its PDF and CSV are in the list."
    if report.status == ReportStatus.FAILED:
        return f"Report number {report.pk} could not be produced. {report.error}".strip()
    if report.status == ReportStatus.RUNNING:
        return f"Report number {report.pk} is being produced."
    return f"Report number {report.pk} is queued."


@require_GET
@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """Key figures and charts for the manager's scope, the trend over four
    half-years, the table by force or Area, and the reports."""
    organisations = _manager_organisations(request)
    scope = _dashboard_scope(request, organisations)
    period = _dashboard_period(request)
    pagination = paginate(request, selectors.reports_list(request.user))
    reports = list(pagination.page.object_list)
    context = {
        "scope": scope,
        "period": period,
        "periods": list(reversed(Period.half_containing(timezone.localdate()).trend(4))),
        "scopes": [Scope.of(o) for o in organisations],
        "beneath_label": "CPS Area" if scope.beneath == "cps_area" else "Force",
        "pagination": pagination,
        "rows": _report_rows(request, reports),
        "poll_seconds": POLL_SECONDS if any(r.in_progress for r in reports) else None,
        # "Check again" without JavaScript: this page's query, and a value
        # that differs each time, so that the button's address is never the
        # page's own (which the browser would only scroll to).
        "check_again_query": [
            (name, value)
            for name, values in request.GET.lists()
            if name != "checked"
            for value in values[:5]
        ][:20],
        "checked_at": time.time_ns() // 1_000_000,
        "panel_summary_year": (
            services.year_just_closed(timezone.localdate())
            if rules.is_national_manager(request.user)
            else None
        ),
        **dashboard_figures(scope, period),
    }
    return render(request, "reports/dashboard.html", context)


@require_GET
@session_passive
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """How a report the user may see is going (JSON), for the dashboard's
    script: its status, a sentence for the live region and its row of the
    list. 404 for a report they may not see, as everywhere; 401 signed out.
    The script's asking is not activity (``session_passive``): a dashboard
    left open does not stay signed in."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "You have been signed out."}, status=401)
    user_request: AuthenticatedRequest = request  # type: ignore[assignment]
    report = selectors.report_get(user_request.user, pk)
    row = _report_rows(user_request, [report])[0]
    return JsonResponse(
        {
            "id": report.pk,
            "status": report.status,
            "status_label": report.get_status_display(),
            "in_progress": report.in_progress,
            "message": _status_message(report),
            "row": render_to_string(
                "reports/includes/report_row.html", {"row": row}, request=request
            ),
        }
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_request(request: AuthenticatedRequest) -> HttpResponse:
    """Ask for a report on any period within the manager's scope."""
    organisations = _manager_organisations(request)
    form = ReportRequestForm(posted(request), organisations=organisations)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.report_request(
                actor=request.user,
                organisation=form.organisation(),
                period=form.cleaned_data["report_period"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
            status = refusal_status(error)
        else:
            messages.success(request, "Your report is queued. This page shows when it is ready.")
            return redirect(reverse("reports:dashboard") + "#reports")
    return form_page(
        request,
        form,
        title="Ask for a progress report",
        submit="Ask for the report",
        back_url=reverse("reports:dashboard"),
        intro="The report is a PDF with a CSV of the same figures. It takes a minute or so.",
        status=status,
    )


@require_POST
@login_required
def panel_summary_request(request: AuthenticatedRequest) -> HttpResponse:
    """A national manager asks for the scrutiny panels' summary of the
    financial year just closed."""
    _manager_organisations(request)
    return button_action(
        request,
        lambda: services.panel_summary_request(
            actor=request.user, period=services.year_just_closed(timezone.localdate())
        ),
        back_url=reverse("reports:dashboard") + "#reports",
        done="The scrutiny panels' summary is queued. This page shows when it is ready.",
    )


@require_POST
@login_required
def report_retry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    return button_action(
        request,
        lambda: services.report_retry(actor=request.user, report=report),
        back_url=reverse("reports:dashboard") + "#reports",
        done="The report is queued again.",
    )


@require_POST
@login_required
def report_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    return button_action(
        request,
        lambda: services.report_publish(actor=request.user, report=report),
        back_url=reverse("reports:dashboard") + "#reports",
        done="The report is published on the public progress page.",
    )


def report_file_response(report: ProgressReport, kind: str) -> HttpResponse:
    """The report's PDF or CSV as an attachment; 404 while it has none."""
    files = ProgressReportFile.objects.filter(report=report).first()
    if files is None:
        raise Http404("The report is not ready")
    scope = services.report_scope(report)
    slug = (
        "national"
        if scope.is_national
        else (report.organisation.slug if report.organisation else "")
    )
    what = "panels" if report.kind == ReportKind.PANELS else "progress"
    name = f"rasso-{what}-{slug}-{services.report_period(report).name}.{kind}"
    if kind == "pdf":
        response = HttpResponse(bytes(files.pdf), content_type="application/pdf")
    else:
        response = HttpResponse(files.csv.encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def report_download(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    response = report_file_response(report, kind)
    audit_record(actor=request.user, action="report.download", obj=report, detail={"file": kind})
    return response


# -- public ---------------------------------------------------------------------------


@require_GET
def progress_list(request: HttpRequest) -> HttpResponse:
    """The published national reports, for anyone, without signing in."""
    pagination = paginate(request, selectors.reports_published())
    rows = [{"report": r, "period": services.report_period(r)} for r in pagination.page.object_list]
    return render(request, "reports/progress.html", {"pagination": pagination, "rows": rows})


@require_GET
def progress_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    return report_file_response(selectors.report_published_get(pk), kind)
