"""A progress report in a real browser.

The national manager finds the performance dashboard from "your work", asks
for the national report for 2026-H1, and watches the reports list (the page
asks the report's status while it is queued) until it is ready; downloads the
PDF; publishes it. A member of the public then downloads it from /progress/
without signing in.

The report is produced in this process, as the Celery task would produce it
(``report_produce_task`` run eagerly): the worker itself has a test of its
own (tests/reports/test_worker.py). Queuing to Redis is switched off so no
developer's worker takes the task.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from rasso.accounts.models import Organisation, OrganisationKind, Role
from rasso.accounts.services import membership_create, user_create
from reports import services
from reports.models import ProgressReport
from reports.tasks import report_produce_task
from tests.conftest import load_reference_data
from tests.e2e.conftest import BrowserProblems

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MANAGER_EMAIL = "priya.shah@joib.example"
MANAGER_PASSWORD = "Meadow-Lantern-Copper-91"


@pytest.fixture
def national_manager(transactional_db: None) -> None:
    load_reference_data()
    user = user_create(
        actor=None, email=MANAGER_EMAIL, full_name="Priya Shah", password=MANAGER_PASSWORD
    )
    membership_create(
        actor=None,
        user=user,
        organisation=Organisation.objects.get(kind=OrganisationKind.NATIONAL),
        role=Role.MANAGER,
    )


@pytest.fixture
def no_queue(monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "_queue", lambda report: None)


def test_a_manager_asks_for_a_report_downloads_and_publishes_it(
    page: Page, problems: BrowserProblems, national_manager: None, no_queue: None
) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(MANAGER_EMAIL)
    page.get_by_label("Password").fill(MANAGER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")

    page.get_by_role("navigation").get_by_role("link", name="Performance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("England and Wales")
    expect(page.get_by_role("table", name="Key figures")).to_be_visible()
    problems.assert_clean(page, "the dashboard")

    page.get_by_role("button", name="Ask for a report").click()
    page.get_by_label("Report on").select_option("national")
    page.get_by_label("April to September 2026 (2026-H1)").check()
    page.get_by_role("button", name="Ask for the report").click()
    expect(page.get_by_text("Your report is queued")).to_be_visible()
    expect(page.get_by_test_id("reports")).to_contain_text("Queued")
    expect(page.get_by_test_id("refreshing")).to_be_visible()

    # The worker's turn; the page asks, and shows the report ready.
    report = ProgressReport.objects.get()
    assert report_produce_task.apply(args=(report.pk,)).get() is True
    expect(page.get_by_test_id("reports")).to_contain_text("Ready", timeout=15_000)
    expect(page.get_by_test_id("refreshing")).to_have_count(0)

    with page.expect_download() as download_info:
        page.locator(f'a[href="/reports/{report.pk}/report.pdf"]').click()
    download = download_info.value
    assert download.suggested_filename == "rasso-progress-national-2026-H1.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    # A link that downloads ends its navigation as "aborted": not a fault.
    problems.clear()

    page.locator(f'form[action="/reports/{report.pk}/publish/"] button').click()
    expect(page.get_by_text("The report is published")).to_be_visible()
    page.get_by_label("Signed in as").get_by_role("button", name="Sign out").click()

    # Anyone, without signing in.
    page.goto("/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Progress on rape and serious sexual offences"
    )
    problems.assert_clean(page, "the public progress page")
    with page.expect_download() as download_info:
        page.get_by_test_id("published").get_by_role("link", name=re.compile("^PDF")).click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
