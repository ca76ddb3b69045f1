"""The dashboard, the reports list and downloads, and the public page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from rasso.accounts.models import Organisation, User
from reports import services
from reports.metrics import Period
from reports.models import ProgressReport, ReportStatus
from tests.conftest import Personas
from tests.reports import factories as f
from tests.reports.factories import at
from tests.support import client_for

H1 = Period.parse("2026-H1")


def done_report(actor: User, organisation: Organisation | None) -> ProgressReport:
    report = services.report_request(actor=actor, organisation=organisation, period=H1)
    services.report_produce(report_id=report.pk)
    report.refresh_from_db()
    return report


@pytest.fixture
def kent_report(personas: Personas, kent_manager: User) -> ProgressReport:
    return done_report(kent_manager, Organisation.objects.get(name="Kent"))


def test_the_dashboard_shows_a_managers_figures_and_charts(kent_manager: User) -> None:
    response = client_for(kent_manager).get(reverse("reports:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Kent</h1>' in page
    assert "Charge rate" in page
    assert 'src="data:image/svg+xml;charset=utf-8;base64,' in page
    assert "Trend over four half-years" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_a_national_manager_sees_the_table_by_area(personas: Personas) -> None:
    f.decision(f.make_case(personas.officer), personas.prosecutor, at(date(2026, 5, 1)))
    f.decision(
        f.make_case(personas.other_force_officer, "Durham"),
        personas.other_area_prosecutor,
        at(date(2026, 5, 1)),
    )
    response = client_for(personas.manager).get(reverse("reports:dashboard") + "?period=2026-H1")
    page = response.content.decode()
    assert 'data-testid="beneath"' in page
    assert "North East" in page and "South East" in page


@pytest.mark.parametrize("who", ["officer", "prosecutor", "panel_member", "cps_spoc", "supervisor"])
def test_others_cannot_reach_reports(
    personas: Personas, kent_report: ProgressReport, who: str
) -> None:
    client = client_for(getattr(personas, who))
    for url in (
        reverse("reports:dashboard"),
        reverse("reports:request"),
        reverse("reports:pdf", args=[kent_report.pk]),
        reverse("reports:csv", args=[kent_report.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reports:retry", args=[kent_report.pk])).status_code == 404


def test_a_force_manager_cannot_get_another_forces_report(
    kent_report: ProgressReport, durham_manager: User
) -> None:
    client = client_for(durham_manager)
    assert client.get(reverse("reports:pdf", args=[kent_report.pk])).status_code == 404
    assert client.get(reverse("reports:csv", args=[kent_report.pk])).status_code == 404
    assert client.post(reverse("reports:publish", args=[kent_report.pk])).status_code == 404
    assert (
        f'data-report="{kent_report.pk}"'
        not in client.get(reverse("reports:dashboard")).content.decode()
    )


def test_the_manager_downloads_their_report(
    kent_manager: User, kent_report: ProgressReport
) -> None:
    client = client_for(kent_manager)
    pdf = client.get(reverse("reports:pdf", args=[kent_report.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="rasso-progress-kent-2026-H1.pdf"' in pdf["Content-Disposition"]
    csv = client.get(reverse("reports:csv", args=[kent_report.pk]))
    assert csv["Content-Type"].startswith("text/csv")
    # An Area manager and the national manager see it too.


def test_asking_for_a_report_queues_it_and_the_page_shows_when_ready(kent_manager: User) -> None:
    client = client_for(kent_manager)
    kent = Organisation.objects.get(name="Kent")
    form = client.get(reverse("reports:request"))
    assert form.status_code == 200
    response = client.post(reverse("reports:request"), {"scope": kent.pk, "period": "2026-H1"})
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.QUEUED
    page = client.get(reverse("reports:dashboard"))
    # Never a refresh by itself (WCAG 2.2.1): tests/reports/test_report_status.py.
    assert not page.has_header("Refresh")
    assert "Queued" in page.content.decode()
    assert reverse("reports:status", args=[report.pk]) in page.content.decode()
    services.report_produce(report_id=report.pk)
    page = client.get(reverse("reports:dashboard"))
    assert reverse("reports:pdf", args=[report.pk]) in page.content.decode()


def test_the_request_form_explains_its_mistakes(kent_manager: User) -> None:
    client = client_for(kent_manager)
    kent = Organisation.objects.get(name="Kent")
    durham = Organisation.objects.get(name="Durham")
    response = client.post(reverse("reports:request"), {"scope": durham.pk, "period": "2026-H1"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("reports:request"),
        {"scope": kent.pk, "period": "custom", "start": "30/9/2026", "end": "1/4/2026"},
    )
    assert "The last day must be on or after the first day" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_failed_report_shows_why_and_can_be_retried(kent_manager: User, monkeypatch: Any) -> None:
    report = services.report_request(
        actor=kent_manager, organisation=Organisation.objects.get(name="Kent"), period=H1
    )

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "report_render", broken)
    services.report_produce(report_id=report.pk)
    client = client_for(kent_manager)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert escape(services.FAILED_MESSAGE) in page
    assert "boom" not in page
    client.post(reverse("reports:retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED


def test_published_reports_are_public(personas: Personas) -> None:
    report = done_report(personas.manager, None)
    anonymous = Client()
    assert anonymous.get(reverse("reports:pdf", args=[report.pk])).status_code == 302  # sign in
    assert anonymous.get(reverse("progress:pdf", args=[report.pk])).status_code == 404
    response = client_for(personas.manager).post(reverse("reports:publish", args=[report.pk]))
    assert response.status_code == 302
    listing = anonymous.get(reverse("progress:list"))
    assert listing.status_code == 200
    assert reverse("progress:pdf", args=[report.pk]) in listing.content.decode()
    pdf = anonymous.get(reverse("progress:pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert anonymous.get(reverse("progress:csv", args=[report.pk])).status_code == 200


def test_an_unpublished_or_force_report_is_not_public(kent_report: ProgressReport) -> None:
    anonymous = Client()
    assert anonymous.get(reverse("progress:pdf", args=[kent_report.pk])).status_code == 404
    assert (
        "No reports have been published yet"
        in anonymous.get(reverse("progress:list")).content.decode()
    )


def test_the_dashboard_query_count_does_not_grow_with_reports(
    kent_manager: User, django_assert_max_num_queries: Any
) -> None:
    kent = Organisation.objects.get(name="Kent")
    for _ in range(12):
        ProgressReport.objects.create(
            scope_kind="police_force",
            organisation=kent,
            period_start=H1.start,
            period_end=H1.end,
            requested_by=kent_manager,
        )
    client = client_for(kent_manager)
    client.get(reverse("reports:dashboard"))  # fills the figures' cache
    # Session and user (2), memberships (1), the reports' COUNT and page (2),
    # and the navigation's work counts for a manager's sections (2).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:dashboard"))
    assert response.content.decode().count("data-report=") == 12


def test_the_public_list_query_count_is_bounded(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    # The COUNT and the page of published reports.
    with django_assert_max_num_queries(2):
        Client().get(reverse("progress:list"))


@pytest.mark.parametrize("period", ["0001-H1", "0002-H1", "9999-H2", "1999-H1"])
def test_a_dashboard_period_outside_the_years_falls_back(kent_manager: User, period: str) -> None:
    response = client_for(kent_manager).get(reverse("reports:dashboard") + f"?period={period}")
    assert response.status_code == 200
    current = Period.half_containing(timezone.localdate())
    assert escape(current.label) in response.content.decode()


def test_the_request_form_refuses_dates_outside_the_years(kent_manager: User) -> None:
    client = client_for(kent_manager)
    kent = Organisation.objects.get(name="Kent")
    response = client.post(
        reverse("reports:request"),
        {"scope": kent.pk, "period": "custom", "start": "1/4/1999", "end": "30/9/9999"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    next_year = timezone.localdate().year + 1
    assert page.count(f"Give a period from 2000 to {next_year}, like 1/4/2026") >= 2
    assert "out of range" not in page
    assert not ProgressReport.objects.exists()
