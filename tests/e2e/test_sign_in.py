"""Signing in, out and failing to, in a real browser; and that the pages load
cleanly under the Content Security Policy (no violation, no script error)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from rasso.accounts.models import User
from rasso.accounts.totp import code_for
from tests.e2e.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    OFFICER_EMAIL,
    OFFICER_NAME,
    OFFICER_PASSWORD,
    BrowserProblems,
)

# Transactional, since the live server reads the database from its own thread.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIGN_IN_HEADING = "Sign in to RASSO joint casework"
SIGN_IN_PATH = re.compile(r"/sign-in/(\?.*)?$")


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_officer_signs_in_and_sees_their_dashboard(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    page.goto("/")
    # Signed out, the dashboard sends the officer to sign in first.
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    expect(page).to_have_title("Sign in - RASSO joint casework")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    page.get_by_label("Email address").fill(OFFICER_EMAIL.upper())
    page.get_by_label("Password").fill(OFFICER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page).to_have_title("Your work - RASSO joint casework")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    identity = page.get_by_label("Signed in as")
    expect(identity.get_by_test_id("user-name")).to_have_text(OFFICER_NAME)
    expect(identity.get_by_test_id("user-organisation")).to_have_text("Kent")
    expect(identity.get_by_role("button", name="Sign out")).to_be_visible()

    role = page.get_by_role("region", name=re.compile(r"^Investigator\b"))
    expect(role.get_by_role("heading", level=2)).to_have_text(re.compile(r"Investigator\s+Kent"))
    expect(role.locator(".govuk-summary-list__key")).to_have_text(
        [
            "Your cases",
            "Action plans due",
            "Advice received",
            "Queries to answer",
            "Complainant updates owed",
        ]
    )
    expect(page.get_by_role("link", name="Your work")).to_have_attribute("aria-current", "page")
    problems.assert_clean(page, "the dashboard")


def test_wrong_password_shows_the_error_summary_and_stays_on_sign_in(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    sign_in(page, OFFICER_EMAIL, "Not-The-Right-Password-1")

    expect(page).to_have_url(SIGN_IN_PATH)
    expect(page).to_have_title("Error: Sign in - RASSO joint casework")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary.get_by_role("alert")).to_contain_text(
        "Enter a correct email address and password"
    )
    # GOV.UK Frontend's error summary component moves focus to it: the
    # page's JavaScript module ran under the policy.
    expect(summary).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_value(OFFICER_EMAIL)
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_label("Signed in as")).to_have_count(0)
    problems.assert_clean(page, "the sign-in page with an error")


def test_sign_out_returns_to_the_sign_in_page(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")

    page.get_by_label("Signed in as").get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(SIGN_IN_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    expect(page.get_by_label("Signed in as")).to_have_count(0)
    # The session is gone: the dashboard asks to sign in again.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    problems.assert_clean(page, "the sign-in page after signing out")


def test_sign_in_page_loads_cleanly_with_the_stylesheet_applied(
    page: Page, problems: BrowserProblems
) -> None:
    page.goto("/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_HEADING)
    problems.assert_clean(page, "the sign-in page")

    # js-enabled.js (the GOV.UK template's first script, as a file) ran...
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    # ...and so did the app.mjs module, which initialises each component.
    expect(page.get_by_role("button", name="Sign in")).to_have_attribute(
        "data-govuk-button-init", ""
    )

    def style(selector: str, prop: str) -> str:
        value = page.locator(selector).first.evaluate(
            "(element, prop) => getComputedStyle(element).getPropertyValue(prop)", prop
        )
        assert isinstance(value, str)
        return value

    # GOV.UK Frontend sets the typeface per class (body itself keeps the
    # browser's default), so these read it where the text is.
    assert "arial" in style("h1", "font-family").lower()
    assert "arial" in style(".govuk-label", "font-family").lower()
    assert "arial" in style(".govuk-body", "font-family").lower()
    header = style(".govuk-generic-header", "background-color")
    assert header not in {"rgba(0, 0, 0, 0)", "transparent"}, header
    assert header == "rgb(11, 12, 12)", header
    assert style(".govuk-button", "background-color") not in {"rgba(0, 0, 0, 0)", "transparent"}
    assert style(".govuk-width-container", "max-width") == "960px"


def open_api_docs(page: Page, problems: BrowserProblems) -> None:
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    problems.clear()
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("RASSO joint casework API")


def test_api_docs_render_from_the_sidecar_without_script_errors(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    open_api_docs(page, problems)
    # The list of operations is long enough for Swagger UI to draw it as the
    # reader scrolls: the last tag's operations appear once scrolled to.
    last = page.get_by_text("/api/v1/organisations/", exact=True).first
    for _ in range(200):
        if last.count():
            break
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(50)
    last.scroll_into_view_if_needed()
    expect(last).to_be_visible()
    # Swagger UI comes from the installed sidecar package, never a CDN.
    expect(page.locator('script[src*="/static/drf_spectacular_sidecar/"]')).to_have_count(2)
    expect(page.locator('link[rel="stylesheet"][href*="/drf_spectacular_sidecar/"]')).to_have_count(
        1
    )
    problems.settle(page)

    problems.assert_clean(page, "/api/docs/")


def test_api_docs_filter_finds_an_operation_by_its_tag(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    open_api_docs(page, problems)
    page.get_by_placeholder("Filter by tag").fill("organisations")
    expect(page.get_by_text("/api/v1/organisations/", exact=True).first).to_be_visible()
    problems.assert_clean(page, "/api/docs/ filtered by tag")


def test_api_docs_open_an_operation_from_its_link(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    # Deep in the virtualised list, well past what is drawn at first.
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    problems.clear()
    page.goto("/api/docs/#/cases/cases_schedules_list")
    operation = page.locator("#operations-cases-cases_schedules_list")
    expect(operation).to_be_visible()
    expect(operation).to_contain_text("Every edition of the case's MG6C and MG6D")
    problems.settle(page)
    # Swagger UI warns of its own link format whenever an operation's id holds
    # an underscore (every id drf-spectacular writes), then opens it: only that
    # warning is set aside.
    problems.console[:] = [line for line in problems.console if "deep link whitespace" not in line]
    problems.assert_clean(page, "/api/docs/ opened at an operation")


def test_api_docs_have_no_csp_violations(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    open_api_docs(page, problems)
    problems.assert_clean(page, "/api/docs/")


def test_admin_loads_cleanly(page: Page, problems: BrowserProblems, administrator: User) -> None:
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
    expect(page.locator("#site-name")).to_have_text("RASSO joint casework administration")
    problems.assert_clean(page, "the admin sign-in page")

    page.locator("#id_username").fill(ADMIN_EMAIL)
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # An administrator always sets up a second factor, on first sign-in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    problems.assert_clean(page, "two-factor set-up")
    secret = page.get_by_test_id("totp-key").inner_text()
    page.get_by_label("Security code").fill(code_for(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Site administration")
    expect(page.get_by_role("link", name="Users")).to_be_visible()
    problems.assert_clean(page, "the admin index")

    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Select user to change")
    expect(page.locator("#result_list")).to_contain_text(ADMIN_EMAIL)
    problems.assert_clean(page, "the admin's user list")
