"""Two-factor sign-in in a real browser, as production runs it (DJANGO_DEBUG
off: everyone owes a second factor): enrolment on first sign-in, signing in
with the app's code and with a recovery code, and the lock-out after a wrong
code. The codes are computed from the secret the set-up page shows, as a
phone would."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from rasso.accounts.models import User
from rasso.accounts.totp import code_for
from tests.e2e.conftest import OFFICER_EMAIL, OFFICER_PASSWORD, BrowserProblems

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def required(settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED = True


def password_step(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Email address").fill(OFFICER_EMAIL)
    page.get_by_label("Password").fill(OFFICER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def code_step(page: Page, code: str) -> None:
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_enrol_sign_in_with_a_code_and_with_a_recovery_code(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    password_step(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.locator(".rasso-qr-code svg")).to_be_visible()
    problems.assert_clean(page, "two-factor set-up")
    secret = page.get_by_test_id("totp-key").inner_text()

    code_step(page, "12")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    page.wait_for_timeout(1100)  # the wait a wrong code costs
    code_step(page, code_for(secret))
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    sign_out(page)

    # Next time: password, then the code of the moment (the one just used is spent).
    password_step(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    problems.assert_clean(page, "the security code page")
    code_step(page, code_for(secret, drift=1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    sign_out(page)

    # Without the phone: a recovery code, once.
    password_step(page)
    page.get_by_text("I do not have my phone").click()
    code_step(page, codes[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_text("You signed in with a recovery code. You have 9 left")).to_be_visible()
    sign_out(page)


def test_a_wrong_code_locks_the_next_try_out(page: Page, officer: User) -> None:
    password_step(page)
    secret = page.get_by_test_id("totp-key").inner_text()
    code_step(page, code_for(secret))
    page.get_by_role("link", name="Continue").click()
    sign_out(page)

    password_step(page)
    right = code_for(secret, drift=1)
    code_step(page, "000000" if right != "000000" else "111111")
    code_step(page, right)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Too many wrong codes")
    # Still locked out of every page until a code is accepted.
    page.goto("/cases/")
    expect(page).to_have_url(re.compile(r"/sign-in/two-factor/\?next="))
