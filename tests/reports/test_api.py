"""/api/v1/reports/: managers only, within their scope."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from rasso.accounts.models import Organisation, User
from reports import services
from reports.metrics import Period
from reports.models import ProgressReport, ReportStatus
from tests.conftest import Personas

URL = "/api/v1/reports/"


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_manager_asks_sees_the_status_and_downloads(kent_manager: User) -> None:
    kent = Organisation.objects.get(name="Kent")
    client = api_for(kent_manager)
    response = client.post(URL, {"scope": str(kent.pk), "period": "2026-H1"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "queued"
    assert body["period"] == "2026-H1"
    assert body["pdf_url"] is None
    services.report_produce(report_id=body["id"])
    detail = client.get(f"{URL}{body['id']}/").json()
    assert detail["status"] == "done"
    pdf = client.get(detail["pdf_url"])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert client.get(detail["csv_url"]).status_code == 200
    listed = client.get(URL).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


def test_any_dates_and_bad_input(kent_manager: User) -> None:
    kent = Organisation.objects.get(name="Kent")
    client = api_for(kent_manager)
    response = client.post(
        URL, {"scope": str(kent.pk), "start": "2026-05-01", "end": "2026-05-31"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["period"] == "2026-05-01_2026-05-31"
    assert (
        client.post(URL, {"scope": str(kent.pk), "period": "2026-H9"}, format="json").status_code
        == 400
    )
    assert (
        client.post(URL, {"scope": "nowhere", "period": "2026-H1"}, format="json").status_code
        == 400
    )
    refused = client.post(URL, {"scope": "national", "period": "2026-H1"}, format="json")
    assert refused.status_code == 403
    assert "scope" in refused.json()["detail"]


def test_a_force_manager_cannot_see_another_forces_report(
    kent_manager: User, durham_manager: User
) -> None:
    report = services.report_request(
        actor=kent_manager,
        organisation=Organisation.objects.get(name="Kent"),
        period=Period.parse("2026-H1"),
    )
    services.report_produce(report_id=report.pk)
    client = api_for(durham_manager)
    for suffix in ("", "pdf/", "csv/"):
        assert client.get(f"{URL}{report.pk}/{suffix}").status_code == 404
    assert client.post(f"{URL}{report.pk}/retry/").status_code == 404
    assert client.get(URL).json()["results"] == []


@pytest.mark.parametrize("who", ["officer", "prosecutor", "panel_member"])
def test_non_managers_cannot_reach_reports(personas: Personas, who: str) -> None:
    report = ProgressReport.objects.create(
        scope_kind="national",
        period_start="2026-04-01",
        period_end="2026-09-30",
        status=ReportStatus.DONE,
    )
    client = api_for(getattr(personas, who))
    assert client.get(URL).status_code == 403
    assert (
        client.post(URL, {"scope": "national", "period": "2026-H1"}, format="json").status_code
        == 403
    )
    assert client.get(f"{URL}{report.pk}/").status_code == 404
    assert client.get(f"{URL}{report.pk}/pdf/").status_code == 404


def test_without_credentials(db: object) -> None:
    assert APIClient().get(URL).status_code in (401, 403)


def test_a_national_manager_publishes(personas: Personas) -> None:
    client = api_for(personas.manager)
    body = client.post(URL, {"scope": "national", "period": "2026-H1"}, format="json").json()
    services.report_produce(report_id=body["id"])
    response = client.post(f"{URL}{body['id']}/publish/")
    assert response.status_code == 200
    assert response.json()["published_at"]


@pytest.mark.parametrize("period", ["0001-H1", "0002-H1", "9999-H2"])
def test_a_period_outside_the_years_is_refused_in_words(kent_manager: User, period: str) -> None:
    kent = Organisation.objects.get(name="Kent")
    response = api_for(kent_manager).post(
        URL, {"scope": str(kent.pk), "period": period}, format="json"
    )
    assert response.status_code == 400
    next_year = timezone.localdate().year + 1
    assert response.json() == {"period": [f"Give a period from 2000 to {next_year}, like 2026-H1"]}
    assert not ProgressReport.objects.exists()


def test_dates_outside_the_years_are_refused_in_words(kent_manager: User) -> None:
    kent = Organisation.objects.get(name="Kent")
    client = api_for(kent_manager)
    response = client.post(
        URL, {"scope": str(kent.pk), "start": "0001-01-01", "end": "2026-05-31"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"start": [ANY_DATES_MESSAGE.format(timezone.localdate().year + 1)]}
    response = client.post(
        URL, {"scope": str(kent.pk), "start": "2026-05-01", "end": "9999-12-31"}, format="json"
    )
    assert response.status_code == 400
    assert "end" in response.json()
    assert not ProgressReport.objects.exists()


ANY_DATES_MESSAGE = "Give a period from 2000 to {}, like 1/4/2026"
