"""Browser fixtures for the end-to-end tests.

One headless Chromium for the whole run (Debian's /usr/bin/chromium: no browser
is ever downloaded), and a fresh browser context (cookies, storage) per test,
pointed at pytest-django's live server. Every page records what the browser
complained about: console errors and warnings, uncaught script errors,
Content-Security-Policy violations and failed requests, so that a test can
assert that a page loaded cleanly; and every page a test asserts clean is also
checked by axe-core against WCAG 2.2 A and AA.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connections
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer
from pytest_django.plugin import DjangoDbBlocker

from rasso.accounts.models import Organisation, OrganisationKind, Role, User
from rasso.accounts.services import membership_create, user_create

# Playwright's sync API runs an event loop in this thread; Django would refuse
# database access from it (the test's own set-up) without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000

OFFICER_EMAIL = "dc.alex.morgan@kent.police.example"
OFFICER_NAME = "DC Alex Morgan"
OFFICER_PASSWORD = "Lantern-Orchard-Kestrel-58"
ADMIN_EMAIL = "sam.okafor@rasso-admin.example"
ADMIN_NAME = "Sam Okafor"
ADMIN_PASSWORD = "Quarry-Lighthouse-Tandem-73"

# No page links an icon, so Chromium asks for /favicon.ico, at a time of its
# choosing; the 404 is a known gap in the base template, not a page's fault.
IGNORED_PATHS = ("/favicon.ico",)

ABORTED = "net::ERR_ABORTED"

CSP_PREFIX = "[csp-violation] "
# Chromium logs a violation as "Refused to ...", naming the directive but not the
# file; this listener adds the directive, the blocked resource and where it came
# from. Playwright injects init scripts itself, so the policy cannot block it.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
  const sample = event.sample ? ` (sample: ${event.sample})` : '';
  console.info(
    `%s${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`
      + ` on ${event.documentURI}${where}${sample}`
  );
});
""".replace("%s", CSP_PREFIX)


# axe-core, from the project's own node_modules (package.json, installed by
# `npm ci` in `make frontend`): read from disk, never fetched from a CDN.
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA, as axe-core tags its rules.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """
(tags) => axe.run(document, {
  runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations'],
}).then((results) => results.violations.map((violation) => ({
  id: violation.id,
  impact: violation.impact,
  help: violation.help,
  helpUrl: violation.helpUrl,
  targets: violation.nodes.map((node) => node.target.join(' ')),
})))
"""
# Pages we do not own, and the rules set aside on them (a path matches by its
# start), each with its reason. Every other rule still applies there.
AXE_EXCLUSIONS: dict[str, tuple[str, ...]] = {
    # Swagger UI (drf-spectacular-sidecar) draws the API reference in script:
    # its operation summaries are buttons holding links and copy buttons
    # (nested-interactive), with small targets (target-size), its parameter
    # selects have no label (select-name), its code examples scroll without
    # taking the focus (scrollable-region-focusable), and its colours (the
    # method badges, the grey text) are below 4.5:1 (color-contrast). They are
    # its markup and stylesheet, not ours to fix without forking it; our
    # template (templates/drf_spectacular/swagger_ui.html) sets the page's
    # language, and every other rule applies.
    "/api/docs/": (
        "color-contrast",
        "nested-interactive",
        "scrollable-region-focusable",
        "select-name",
        "target-size",
    ),
    # Django's admin, for administrators only: its filter sidebar lists
    # choices as links on lines closer than 24px (target-size); the rest of
    # it passes.
    "/admin/": ("target-size",),
}


def _ignored(url: str) -> bool:
    return urlsplit(url).path in IGNORED_PATHS


@dataclass
class BrowserProblems:
    """What the browser reported while a test's pages loaded."""

    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if text.startswith(CSP_PREFIX):
            self.csp_violations.append(text.removeprefix(CSP_PREFIX))
        elif message.type in {"error", "warning"}:
            url = message.location.get("url", "")
            if not _ignored(url):
                self.console.append(f"{message.type}: {text} ({url})")

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def on_request_failed(self, request: Request) -> None:
        if _ignored(request.url):
            return
        if request.failure == ABORTED and not request.is_navigation_request():
            # The document that asked for it was left (a click on a link or a
            # button) before it arrived: Chromium cancels it. A file the
            # server refused shows as an HTTP status, one the policy blocked
            # as a CSP violation, so neither is hidden by this.
            return
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400 and not _ignored(response.url):
            self.failed_requests.append(
                f"{response.request.method} {response.url}: HTTP {response.status}"
            )

    def clear(self) -> None:
        self.console.clear()
        self.page_errors.clear()
        self.csp_violations.clear()
        self.failed_requests.clear()

    def settle(self, page: Page) -> None:
        """Wait until the page is quiet, so every report has arrived."""
        page.wait_for_load_state("networkidle")
        page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => resolve(0)))")

    def assert_no_csp_violations(self, page: Page, what: str) -> None:
        self.settle(page)
        refused = [line for line in self.console if "Content Security Policy" in line]
        assert not (self.csp_violations or refused), f"CSP violations on {what}:\n" + "\n".join(
            self.csp_violations + refused
        )

    def assert_clean(self, page: Page, what: str) -> None:
        """No CSP violation, script error, console error or warning, or failed
        request since the last ``clear()``, and no WCAG 2.2 A or AA failure
        that axe-core finds in the page as it is now."""
        self.assert_no_csp_violations(page, what)
        reported = self.page_errors + self.console + self.failed_requests
        assert not reported, f"Browser problems on {what}:\n" + "\n".join(reported)
        assert_accessible(page, what)


@cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A and AA violations in the page as it is now.

    The script is evaluated through Playwright (the DevTools protocol), not
    added as a <script> element: the Content Security Policy (script-src
    'self', no inline script) would rightly refuse an inline one, and the
    policy stays on, as the pages are served, for the CSP checks above.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN, AXE_TAGS)
    path = urlsplit(page.url).path
    for prefix, rules in AXE_EXCLUSIONS.items():
        if path.startswith(prefix):
            violations = [v for v in violations if v["id"] not in rules]
    return violations


def assert_accessible(page: Page, what: str) -> None:
    """Fail, listing each rule, its impact, where and what it asks, on any WCAG
    2.2 A or AA violation axe-core finds."""
    violations = axe_violations(page)
    assert not violations, f"Accessibility (axe-core, WCAG 2.2 A/AA) on {what} ({page.url}):\n" + (
        "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]\n    at "
            + "\n    at ".join(v["targets"])
            for v in violations
        )
    )


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def browser_context(live_server: LiveServer, browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    yield context
    context.close()


@pytest.fixture
def problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def page(browser_context: BrowserContext, problems: BrowserProblems) -> Page:
    page = browser_context.new_page()
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    page.on("requestfailed", problems.on_request_failed)
    page.on("response", problems.on_response)
    return page


def reference_data_load() -> None:
    """Load the forces and CPS Areas exactly as their data migration does (it
    updates what is there, so loading twice changes nothing)."""
    migration = importlib.import_module("rasso.accounts.migrations.0002_reference_data")
    migration.load(django_apps, None)


@pytest.fixture(scope="package", autouse=True)
def _reference_data_restored(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker | None
) -> Iterator[None]:
    """Put the reference data back after the last browser test.

    A transactional test (as every live-server test is) ends by emptying every
    table, reference data included, and a data migration never runs again on a
    kept (--reuse-db) database: without this, the forces and CPS Areas would be
    gone for the tests that follow, in this run and the next.
    """
    yield
    assert django_db_blocker is not None
    with django_db_blocker.unblock():
        reference_data_load()
        # Outside any test: close the connection, or the test database cannot
        # be dropped at the end of the run.
        connections.close_all()


@pytest.fixture
def kent(transactional_db: None) -> Organisation:
    """Kent Police, from the reference data; loaded again if an earlier test's
    flush removed it."""
    if not Organisation.objects.filter(name="Kent").exists():
        reference_data_load()
    kent = Organisation.objects.get(name="Kent")
    assert kent.kind == OrganisationKind.POLICE_FORCE
    return kent


@pytest.fixture
def officer(kent: Organisation) -> User:
    """An investigator in Kent, like the demo's officer."""
    user = user_create(
        actor=None, email=OFFICER_EMAIL, full_name=OFFICER_NAME, password=OFFICER_PASSWORD
    )
    membership_create(actor=None, user=user, organisation=kent, role=Role.INVESTIGATOR)
    return user


@pytest.fixture
def administrator(transactional_db: None) -> User:
    return user_create(
        actor=None,
        email=ADMIN_EMAIL,
        full_name=ADMIN_NAME,
        password=ADMIN_PASSWORD,
        is_administrator=True,
    )
