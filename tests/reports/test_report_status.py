"""A report being produced, on the dashboard: the page never refreshes itself
(WCAG 2.2.1); its script asks the report's status, which only those who may
see the report can read, and without JavaScript "Check again" reloads the list."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rasso.accounts.middleware import LAST_SEEN_AT
from rasso.accounts.models import Organisation, User
from reports import services
from reports.metrics import Period
from reports.models import ProgressReport, ReportStatus
from tests.conftest import Personas
from tests.support import client_for

H1 = Period.parse("2026-H1")
JSON = {"Accept": "application/json"}


@pytest.fixture
def queued(kent_manager: User) -> ProgressReport:
    return services.report_request(
        actor=kent_manager, organisation=Organisation.objects.get(name="Kent"), period=H1
    )


def check_again(page: str) -> str:
    form = re.search(r'<form method="get" action="/reports/#reports"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    return form.group(1)


def test_the_dashboard_never_refreshes_itself_and_offers_check_again(
    kent_manager: User, queued: ProgressReport
) -> None:
    client = client_for(kent_manager)
    response = client.get(reverse("reports:dashboard") + "?period=2026-H1")
    page = response.content.decode()
    assert not response.has_header("Refresh")
    assert "http-equiv" not in page
    assert 'data-testid="refreshing"' in page
    assert 'aria-live="polite" data-report-announcement' in page
    assert f'data-report-status-url="{reverse("reports:status", args=[queued.pk])}"' in page
    assert "src/report-status.mjs" in page
    # "Check again" (a GET of the same list, keeping the page's query) for
    # those without JavaScript: its value differs each time, so its address is
    # never the page's own, which the browser would only scroll to.
    form = check_again(page)
    assert '<input type="hidden" name="period" value="2026-H1">' in form
    assert "govuk-button--secondary" in form and "Check again" in form
    checked = re.search(r'name="checked" value="(\d+)"', form)
    assert checked is not None
    time.sleep(0.002)
    again = client.get(reverse("reports:dashboard") + f"?period=2026-H1&checked={checked[1]}")
    form = check_again(again.content.decode())
    assert f'name="checked" value="{checked[1]}"' not in form
    assert form.count('name="checked"') == 1 and form.count('name="period"') == 1

    services.report_produce(report_id=queued.pk)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-testid="refreshing"' not in page and "Check again" not in page
    assert "data-report-status-url" not in page
    assert reverse("reports:pdf", args=[queued.pk]) in page


def test_the_status_of_a_report_being_produced_and_then_ready(
    kent_manager: User, queued: ProgressReport
) -> None:
    client = client_for(kent_manager)
    status = client.get(reverse("reports:status", args=[queued.pk]), headers=JSON)
    assert status.status_code == 200
    body = status.json()
    assert body["status"] == ReportStatus.QUEUED and body["in_progress"] is True
    assert body["message"] == f"Report number {queued.pk} is queued."
    assert "Queued" in body["row"] and "data-report-status-url" in body["row"]

    services.report_produce(report_id=queued.pk)
    body = client.get(reverse("reports:status", args=[queued.pk]), headers=JSON).json()
    assert body["status"] == ReportStatus.DONE and body["in_progress"] is False
    assert body["status_label"] == "Ready"
    ready = f"Report number {queued.pk} is ready: its PDF and CSV are in the list."
    assert body["message"] == ready
    row = body["row"].strip()
    assert row.startswith(f'<tr class="govuk-table__row" data-report="{queued.pk}">')
    assert reverse("reports:pdf", args=[queued.pk]) in row
    assert reverse("reports:csv", args=[queued.pk]) in row


def test_the_status_of_a_failed_report_says_why(
    kent_manager: User, queued: ProgressReport, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "report_render", broken)
    services.report_produce(report_id=queued.pk)
    body = client_for(kent_manager).get(reverse("reports:status", args=[queued.pk]), headers=JSON)
    assert body.json()["status"] == ReportStatus.FAILED
    assert services.FAILED_MESSAGE in body.json()["message"]
    assert "boom" not in body.content.decode()
    # The new row offers "Try again", with the page's CSRF token.
    assert reverse("reports:retry", args=[queued.pk]) in body.json()["row"]
    assert "csrfmiddlewaretoken" in body.json()["row"]


@pytest.mark.parametrize(
    "who", ["officer", "prosecutor", "panel_member", "cps_spoc", "supervisor", "administrator"]
)
def test_outsiders_cannot_read_a_reports_status(
    personas: Personas, queued: ProgressReport, who: str
) -> None:
    response = client_for(getattr(personas, who)).get(
        reverse("reports:status", args=[queued.pk]), headers=JSON
    )
    assert response.status_code == 404


def test_another_forces_manager_cannot_read_a_reports_status(
    queued: ProgressReport, durham_manager: User
) -> None:
    client = client_for(durham_manager)
    assert client.get(reverse("reports:status", args=[queued.pk]), headers=JSON).status_code == 404
    assert client.get(reverse("reports:status", args=[queued.pk + 1000])).status_code == 404


def test_the_national_manager_reads_it_and_an_areas_manager_does_not(
    personas: Personas, area_manager: User, queued: ProgressReport
) -> None:
    # A report is on its own scope: the Area's manager sees the Area's reports.
    url = reverse("reports:status", args=[queued.pk])
    assert client_for(personas.manager).get(url, headers=JSON).status_code == 200
    assert client_for(area_manager).get(url, headers=JSON).status_code == 404


def test_signed_out_the_status_answers_401(queued: ProgressReport) -> None:
    response = Client().get(reverse("reports:status", args=[queued.pk]), headers=JSON)
    assert response.status_code == 401
    assert "report" not in response.content.decode().lower()


def test_the_status_is_read_only(kent_manager: User, queued: ProgressReport) -> None:
    client = client_for(kent_manager)
    assert client.post(reverse("reports:status", args=[queued.pk])).status_code == 405


def test_asking_the_status_is_not_activity(kent_manager: User, queued: ProgressReport) -> None:
    client = client_for(kent_manager)
    client.get(reverse("home"))
    session = client.session
    session[LAST_SEEN_AT] = before = time.time() - 10 * 60
    session.save()
    assert client.get(reverse("reports:status", args=[queued.pk]), headers=JSON).status_code == 200
    assert client.session[LAST_SEEN_AT] == before
    # A page is.
    client.get(reverse("reports:dashboard"))
    assert client.session[LAST_SEEN_AT] > before


def test_the_status_query_count_is_bounded(
    kent_manager: User, queued: ProgressReport, django_assert_max_num_queries: Any
) -> None:
    client = client_for(kent_manager)
    client.get(reverse("home"))
    # Session and user (2), memberships (1), the report with its organisation
    # and requester (1), and the read audit's row (1).
    with django_assert_max_num_queries(5):
        assert (
            client.get(reverse("reports:status", args=[queued.pk]), headers=JSON).status_code == 200
        )
