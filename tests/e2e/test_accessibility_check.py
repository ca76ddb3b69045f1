"""The automated accessibility check (axe-core, in ``BrowserProblems.assert_clean``)
can fail: a page served by the live server, under its real Content Security
Policy, fails once it holds a known WCAG failure, and says what and where."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AXE_EXCLUSIONS, BrowserProblems

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# An image with no text alternative (WCAG 1.1.1, axe's image-alt, critical).
# data: images are allowed by the policy (img-src), so nothing else goes wrong.
IMAGE_WITHOUT_ALT = """() => {
  const image = document.createElement('img');
  image.id = 'image-without-alt';
  image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
  (document.querySelector('main') || document.body).prepend(image);
}"""


def test_a_page_with_an_image_without_alt_fails_the_check(
    page: Page, problems: BrowserProblems
) -> None:
    page.goto("/sign-in/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    problems.assert_clean(page, "the sign-in page")

    page.evaluate(IMAGE_WITHOUT_ALT)
    with pytest.raises(AssertionError) as failure:
        problems.assert_clean(page, "the sign-in page with an image without alt")
    message = str(failure.value)
    assert "Accessibility (axe-core, WCAG 2.2 A/AA) on the sign-in page with an image" in message
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "at #image-without-alt" in message
    # Running axe-core broke nothing the other checks watch (the policy, the console).
    problems.assert_no_csp_violations(page, "the sign-in page after axe-core ran")
    assert not (problems.console or problems.page_errors or problems.failed_requests)


def test_a_page_with_exclusions_still_fails_on_every_other_rule(
    page: Page, problems: BrowserProblems
) -> None:
    assert "image-alt" not in AXE_EXCLUSIONS["/admin/"]
    page.goto("/admin/login/")
    expect(page.locator("#site-name")).to_have_text("RASSO joint casework administration")
    problems.assert_clean(page, "the admin sign-in page")

    page.evaluate(IMAGE_WITHOUT_ALT)
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        problems.assert_clean(page, "the admin sign-in page with an image without alt")
