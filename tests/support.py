"""Helpers the tests share: whether a service accepts, a signed-in client, a
page's HTML and query count, and the browser tests' steps (sign in, the menu, a case's tabs, the
success banner). Personas and factories stay in ``tests/conftest.py`` and
``tests/<app>/factories.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from rasso.accounts.models import User
from rasso.accounts.rules import two_factor_required
from rasso.core.errors import DomainError


class _Undo(Exception):
    """Raised inside the savepoint to roll back a service that succeeded."""


def accepted(service: Callable[..., object], **arguments: Any) -> bool:
    """Whether ``service(**arguments)`` succeeds (a page's button should be
    offered exactly then), leaving nothing behind either way."""
    try:
        with transaction.atomic():
            service(**arguments)
            raise _Undo
    except _Undo:
        return True
    except DomainError:
        return False


def client_for(user: User) -> Client:
    """A client signed in as ``user``, with the second factor given when they
    owe one (an administrator always does)."""
    client = Client()
    client.force_login(user)
    if two_factor_required(user):
        second_factor_given(client, user)
    return client


def second_factor_given(client: Client, user: User) -> None:
    """Mark ``client``'s session as having given ``user``'s authenticator code
    (as django-otp's own login does), enrolling them first if need be."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def html_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def refusal_of(response: Any) -> str:
    """The page of a rule's refusal (403), whose words say why."""
    assert response.status_code == 403, response.status_code
    return str(response.content.decode())


def queries_for(client: Client, url: str, assert_max: Any, limit: int) -> int:
    """How many queries a GET of ``url`` makes, failing above ``limit``
    (``assert_max`` is pytest-django's ``django_assert_max_num_queries``)."""
    with assert_max(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# -- in the browser ---------------------------------------------------------


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")


def sign_out(page: Page) -> None:
    page.get_by_label("Signed in as").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def go_to(page: Page, menu_item: str) -> None:
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name=menu_item, exact=True).click()


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Case").get_by_role("link", name=name, exact=True).click()


def success(page: Page) -> str:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    return banner.locator(".govuk-notification-banner__heading").inner_text()
