"""Time limits a user can see coming, in a real browser (WCAG 2.2.1).

The idle sign-out: with JavaScript, a GOV.UK timeout warning shortly before it,
whose "Stay signed in" keeps the session and which, ignored, ends on the
sign-in page saying why; without JavaScript the sign-in page says why. The
limits are made short for these tests (settings, which the live server reads
on every request), never waited out at their real length.

A report being produced: the dashboard never reloads itself; with JavaScript
it asks the report's status and announces it when ready, without it "Check
again" reloads the list. The report is produced in this process, as the
Celery task would produce it, as in test_reports_journey.py (the worker has a
test of its own: tests/reports/test_worker.py).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from rasso.accounts.middleware import LAST_SEEN_AT
from rasso.accounts.models import Organisation, OrganisationKind, Role, User
from rasso.accounts.services import membership_create, user_create
from reports import services, views
from reports.metrics import Period
from reports.models import ProgressReport
from reports.tasks import report_produce_task
from tests.conftest import load_reference_data
from tests.e2e.conftest import (
    CSP_LISTENER,
    OFFICER_EMAIL,
    OFFICER_PASSWORD,
    TIMEOUT_MS,
    BrowserProblems,
)
from tests.support import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IDLE_SECONDS = 10
WARNING_SECONDS = 6
WARNING = "You're about to be signed out"
WHY = f"You were signed out because you did nothing for {IDLE_SECONDS} seconds."

MANAGER_EMAIL = "priya.shah@joib.example"
MANAGER_PASSWORD = "Meadow-Lantern-Copper-91"


@pytest.fixture
def short_timeout(settings: Any) -> None:
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=IDLE_SECONDS)
    settings.SESSION_IDLE_WARNING = timedelta(seconds=WARNING_SECONDS)


@pytest.fixture
def no_script_page(live_server: LiveServer, browser: Browser) -> Iterator[Page]:
    """A browser with JavaScript switched off."""
    context: BrowserContext = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    yield context.new_page()
    context.close()


def session_of(page: Page) -> Any:
    """The server's side of the browser's session."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=key)


def idle_for(page: Page, seconds: float) -> None:
    """As if the browser had sent nothing for ``seconds``."""
    session = session_of(page)
    session[LAST_SEEN_AT] = time.time() - seconds
    session.save()


# -- the idle sign-out ------------------------------------------------------------


def test_the_warning_comes_before_the_sign_out_and_stay_signed_in_keeps_the_session(
    page: Page, problems: BrowserProblems, officer: User, short_timeout: None
) -> None:
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    # The session was last active no later than now: its first limit ends by then.
    first_limit = time.monotonic() + IDLE_SECONDS
    dialog = page.get_by_role("dialog", name=WARNING)
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=IDLE_SECONDS * 1000)
    expect(dialog).to_contain_text(
        re.compile(r"For your security, we will sign you out in \d seconds?\.")
    )
    expect(dialog).to_contain_text("Anything you have not saved will be lost.")
    # For screen readers, a polite live region (the visible countdown is hidden from them).
    expect(dialog.locator('[aria-live="polite"]')).to_have_text(
        re.compile(r"we will sign you out in \d seconds?\.")
    )
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    expect(dialog.get_by_role("button", name="Sign out")).to_be_visible()
    problems.assert_clean(page, "the timeout warning")

    stay.click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    # Past the first limit: still signed in, because "Stay signed in" began another.
    page.wait_for_timeout(max(0, first_limit + 0.5 - time.monotonic()) * 1000)
    page.goto("/cases/")
    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")

    # Escape keeps the user signed in too, and the focus returns to the page.
    expect(dialog).to_be_visible(timeout=IDLE_SECONDS * 1000)
    before = session_of(page)[LAST_SEEN_AT]
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    deadline = time.monotonic() + 5
    while session_of(page)[LAST_SEEN_AT] == before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert session_of(page)[LAST_SEEN_AT] > before
    problems.assert_clean(page, "staying signed in")


def test_ignoring_the_warning_signs_out_and_the_sign_in_page_says_why(
    page: Page, officer: User, short_timeout: None
) -> None:
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    page.goto("/cases/?sort=urn")
    dialog = page.get_by_role("dialog", name=WARNING)
    expect(dialog).to_be_visible(timeout=IDLE_SECONDS * 1000)

    expect(page).to_have_url(
        re.compile(r"/sign-in/\?next=%2Fcases%2F%3Fsort%3Durn$"), timeout=IDLE_SECONDS * 1000
    )
    expect(page.get_by_text(WHY)).to_be_visible()
    expect(page.get_by_text("Anything you saved before then has been kept.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    # Signing in again goes back to where they were.
    page.get_by_label("Email address").fill(OFFICER_EMAIL)
    page.get_by_label("Password").fill(OFFICER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/cases/\?sort=urn$"))


def test_sign_out_in_the_warning_signs_out(page: Page, officer: User, short_timeout: None) -> None:
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    dialog = page.get_by_role("dialog", name=WARNING)
    expect(dialog).to_be_visible(timeout=IDLE_SECONDS * 1000)
    dialog.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text(WHY)).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))


def test_without_javascript_the_sign_in_page_says_why(no_script_page: Page, officer: User) -> None:
    page = no_script_page
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    # The warning needs its script: without it nothing shows.
    expect(page.get_by_test_id("timeout-warning")).to_be_hidden()
    expect(page.get_by_text(WARNING)).to_be_hidden()

    idle_for(page, 31 * 60)
    page.goto("/cases/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/cases/$"))
    expect(
        page.get_by_text("You were signed out because you did nothing for 30 minutes.")
    ).to_be_visible()
    expect(page.get_by_text("Anything you saved before then has been kept.")).to_be_visible()


# -- a report being produced ---------------------------------------------------------


@pytest.fixture
def national_manager(transactional_db: None) -> User:
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
    return user


@pytest.fixture
def queued_report(national_manager: User, monkeypatch: Any) -> ProgressReport:
    # Queuing to Redis is switched off so no developer's worker takes the task.
    monkeypatch.setattr(services, "_queue", lambda report: None)
    return services.report_request(
        actor=national_manager, organisation=None, period=Period.parse("2026-H1")
    )


def test_the_report_page_asks_and_announces_when_the_report_is_ready(
    page: Page, problems: BrowserProblems, queued_report: ProgressReport, monkeypatch: Any
) -> None:
    monkeypatch.setattr(views, "POLL_SECONDS", 1)
    sign_in(page, MANAGER_EMAIL, MANAGER_PASSWORD)
    response = page.goto("/reports/")
    assert response is not None and "refresh" not in response.headers
    expect(page.locator('meta[http-equiv="refresh" i]')).to_have_count(0)
    row = page.locator(f'tr[data-report="{queued_report.pk}"]')
    expect(row).to_contain_text("Queued")
    expect(page.get_by_test_id("refreshing")).to_contain_text("A report is being produced")
    # The page asks for itself: no button to press.
    expect(page.get_by_role("button", name="Check again")).to_be_hidden()
    announcement = page.get_by_test_id("report-announcement")
    expect(announcement).to_have_attribute("aria-live", "polite")
    expect(announcement).to_have_text("")
    # Marks this document: a reload would lose it.
    page.evaluate("() => { window.rassoNotReloaded = true }")

    assert report_produce_task.apply(args=(queued_report.pk,)).get() is True

    expect(announcement).to_have_text(
        f"Report number {queued_report.pk} is ready: its PDF and CSV are in the list.",
        timeout=15_000,
    )
    expect(row.locator(".govuk-tag")).to_have_text("Ready")
    pdf_link = row.locator(f'a[href="/reports/{queued_report.pk}/report.pdf"]')
    expect(pdf_link).to_have_text(re.compile(r"^PDF"))
    expect(page.get_by_test_id("refreshing")).to_have_count(0)
    assert page.evaluate("() => window.rassoNotReloaded") is True
    problems.assert_clean(page, "the dashboard while a report is produced")

    with page.expect_download() as download:
        pdf_link.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_without_javascript_check_again_shows_the_report_when_ready(
    no_script_page: Page, queued_report: ProgressReport
) -> None:
    page = no_script_page
    sign_in(page, MANAGER_EMAIL, MANAGER_PASSWORD)
    page.goto("/reports/?period=2026-H1")
    expect(page.locator('meta[http-equiv="refresh" i]')).to_have_count(0)
    row = page.locator(f'tr[data-report="{queued_report.pk}"]')
    expect(row).to_contain_text("Queued")
    check_again = page.get_by_role("button", name="Check again")
    expect(check_again).to_be_visible()
    expect(check_again).to_have_class(re.compile(r"\bgovuk-button--secondary\b"))

    check_again.click()
    expect(page).to_have_url(re.compile(r"/reports/\?period=2026-H1&checked=\d+#reports$"))
    expect(row).to_contain_text("Queued")
    first = page.url

    assert report_produce_task.apply(args=(queued_report.pk,)).get() is True
    # Pressed again from the list it led to: the page is loaded again, not only scrolled.
    page.get_by_role("button", name="Check again").click()
    expect(row.locator(".govuk-tag")).to_have_text("Ready")
    assert page.url != first
    expect(row.locator(f'a[href="/reports/{queued_report.pk}/report.pdf"]')).to_be_visible()
    expect(page.get_by_role("button", name="Check again")).to_have_count(0)
    expect(page.get_by_test_id("refreshing")).to_have_count(0)
