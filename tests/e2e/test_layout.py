"""The layout of every page, in a real browser: the header's Notifications
link can be read and seen when focused, case-work pages use the whole window,
and no page is wider than the window (WCAG 1.4.10): a wide table scrolls in
its own pane instead."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from cases.models import CaseFile
from rasso.accounts.models import Organisation, Role, User
from rasso.accounts.services import membership_create, user_create
from rasso.notifications.models import Notification, NotificationKind
from tests.cases.factories import submitted_case
from tests.conftest import load_reference_data
from tests.e2e.conftest import OFFICER_EMAIL, OFFICER_PASSWORD, BrowserProblems
from tests.e2e.test_case_journey import cases_reference_data_load
from tests.support import sign_in

# Transactional, since the live server reads the database from its own thread.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SPOC_EMAIL = "ruth.hale@cps.example"
SPOC_PASSWORD = "Orchard-Copper-Lantern-62"

NARROW = 320  # a phone, or 1280 px zoomed to 400% (WCAG 1.4.10)
WIDE = 1280
GOVUK_PAGE_WIDTH = 960
FOCUS_YELLOW = "rgb(255, 221, 0)"

FOCUS_STYLE = """(element) => {
  const style = getComputedStyle(element);
  return {background: style.backgroundColor, shadow: style.boxShadow};
}"""
PAGE_WIDER_THAN_WINDOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# The outermost elements that reach past the window's right edge, for the message.
OVERFLOWING = """() => {
  const past = (e) => e.getBoundingClientRect().right > window.innerWidth + 0.5;
  return [...document.querySelectorAll('body *')]
    .filter((e) => past(e) && !past(e.parentElement))
    .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
}"""


@pytest.fixture
def case(officer: User) -> CaseFile:
    """A Kent case with CPS, waiting for a prosecutor; the forces, Areas and
    offences loaded again if an earlier test's flush removed them."""
    load_reference_data()
    cases_reference_data_load()
    return submitted_case(officer)


@pytest.fixture
def cps_spoc(kent: Organisation) -> User:
    """The CPS SPOC of South East, Kent's Area."""
    load_reference_data()
    spoc = user_create(actor=None, email=SPOC_EMAIL, full_name="Ruth Hale", password=SPOC_PASSWORD)
    membership_create(
        actor=None,
        user=spoc,
        organisation=Organisation.objects.get(name="South East"),
        role=Role.CPS_SPOC,
    )
    return spoc


def notify(user: User, count: int) -> None:
    """Unread notifications, as the reminder sweep writes them."""
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=NotificationKind.DEADLINE_OVERDUE,
            what="Charging decision",
            text=f"Reminder number {number}",
        )
        for number in range(count)
    )


def font_size(locator: Locator) -> float:
    return float(locator.evaluate("(element) => parseFloat(getComputedStyle(element).fontSize)"))


def tab_to(page: Page, target: Locator, presses: int = 30) -> None:
    """Press Tab from the top of the page until ``target`` has the focus."""
    page.locator("body").focus()
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("(element) => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def assert_focus_visible(page: Page, target: Locator) -> None:
    """The GOV.UK focus state: yellow behind the text, a black bar beneath."""
    tab_to(page, target)
    style = target.evaluate(FOCUS_STYLE)
    assert style["background"] == FOCUS_YELLOW, style
    assert style["shadow"] != "none", style
    box = target.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0


def assert_fits(page: Page, what: str) -> None:
    overflow = page.evaluate(PAGE_WIDER_THAN_WINDOW)
    width = page.viewport_size["width"] if page.viewport_size else "?"
    assert overflow <= 0, (
        f"{what} is {overflow}px wider than a {width}px window: {page.evaluate(OVERFLOWING)}"
    )


def main_width(page: Page) -> float:
    box = page.locator("#main-content").bounding_box()
    assert box is not None
    return float(box["width"])


def test_the_notifications_link_reads_notifications_and_shows_its_focus_at_none_unread(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)

    link = page.get_by_test_id("notifications-link")
    expect(link).to_be_visible()
    expect(link).to_have_text("Notifications")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(page.get_by_test_id("notifications-unread")).to_have_count(0)
    assert font_size(link) >= 16
    # The other links of the identity bar were just as invisible.
    assert font_size(page.get_by_role("link", name="API tokens")) >= 16

    assert_focus_visible(page, link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    problems.assert_clean(page, "the notifications page")


def test_the_notifications_link_shows_five_unread_in_a_badge(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    notify(officer, 5)
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)

    link = page.get_by_role("link", name="Notifications 5 unread")
    expect(link).to_be_visible()
    assert font_size(link) >= 16
    badge = link.get_by_test_id("notifications-unread")
    expect(badge).to_be_visible()
    expect(badge).to_have_text("5 unread")  # " unread" for screen readers only
    assert font_size(badge) >= 16
    expect(badge.locator(".govuk-visually-hidden")).to_have_text(" unread")

    assert_focus_visible(page, link)
    problems.assert_clean(page, "the dashboard with five unread")


def test_the_phase_banner_is_in_the_header(page: Page, officer: User) -> None:
    page.goto("/sign-in/")
    expect(page.get_by_role("banner").locator(".govuk-phase-banner")).to_contain_text("Beta")

    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    banner = page.get_by_role("banner").locator(".govuk-phase-banner")
    expect(banner).to_be_visible()
    # Nothing of the page lies outside a landmark: the header, main or footer.
    outside = page.evaluate(
        """() => [...document.body.children]
          .filter((e) => !['HEADER', 'MAIN', 'FOOTER', 'SCRIPT'].includes(e.tagName))
          .filter((e) => !e.classList.contains('govuk-skip-link'))
          .filter((e) => !e.querySelector('main') && e.offsetHeight > 0)
          .map((e) => e.outerHTML.slice(0, 80))"""
    )
    assert outside == []


@pytest.mark.parametrize("width", [NARROW, WIDE])
def test_case_work_pages_are_no_wider_than_the_window(
    page: Page,
    problems: BrowserProblems,
    officer: User,
    cps_spoc: User,
    case: CaseFile,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    pages = {
        "the dashboard": "/",
        "the case list": "/cases/",
        "the case page": f"/cases/{case.pk}/",
        "the case's deadlines": f"/cases/{case.pk}/deadlines/",
        "the case's documents": f"/cases/{case.pk}/documents/",
    }
    for what, path in pages.items():
        page.goto(path)
        assert_fits(page, what)
        if width == WIDE:
            # The whole window, less the gutters: not GOV.UK's 960 px.
            assert main_width(page) > GOVUK_PAGE_WIDTH, what
    problems.assert_clean(page, "the case's documents")

    page.get_by_label("Signed in as").get_by_role("button", name="Sign out").click()
    sign_in(page, SPOC_EMAIL, SPOC_PASSWORD)
    page.goto("/cases/queue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready to allocate")
    expect(page.get_by_role("link", name=case.urn)).to_be_visible()
    assert_fits(page, "the CPS queue")
    if width == WIDE:
        assert main_width(page) > GOVUK_PAGE_WIDTH


def test_other_pages_keep_the_govuk_page_width(page: Page, officer: User) -> None:
    page.set_viewport_size({"width": WIDE, "height": 900})
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    page.goto("/account/api-tokens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    assert main_width(page) == GOVUK_PAGE_WIDTH


def test_a_wide_table_scrolls_in_its_own_pane(
    page: Page, problems: BrowserProblems, officer: User, case: CaseFile
) -> None:
    page.set_viewport_size({"width": NARROW, "height": 900})
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    page.goto("/cases/")

    pane = page.get_by_role("region", name="Cases")
    expect(pane.get_by_test_id("case-table")).to_be_visible()
    expect(pane).to_have_class(re.compile(r"\bmoj-scrollable-pane\b"))
    sizes = pane.evaluate("(e) => ({scroll: e.scrollWidth, client: e.clientWidth})")
    assert sizes["scroll"] > sizes["client"], f"the table fits at {NARROW}px: {sizes}"
    assert_fits(page, "the case list")

    # A keyboard user scrolls it: the pane takes the focus, shown in GOV.UK's
    # focus colours, and the arrow keys move it.
    tab_to(page, pane, presses=60)
    assert FOCUS_YELLOW in pane.evaluate("(e) => getComputedStyle(e).boxShadow")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(e) => e.scrollLeft > 0", arg=pane.element_handle())
    assert_fits(page, "the case list, scrolled")
    problems.assert_clean(page, "the case list at 320px")
