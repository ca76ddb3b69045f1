"""The header's unread count, the notifications page and the e-mail settings."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CaseFile
from rasso.accounts.models import User
from rasso.notifications.models import (
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from tests.conftest import Personas
from tests.support import client_for

pytestmark = pytest.mark.django_db

LIST = "/notifications/"


def notify(user: User, case: CaseFile | None = None, count: int = 1, **fields: Any) -> list[Any]:
    """Notifications as the sweep writes them (the sweep has tests of its own)."""
    fields.setdefault("case_reference", case.urn if case else "")
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=NotificationKind.DEADLINE_OVERDUE,
            case=case,
            what="Charging decision",
            text=f"Reminder number {number}",
            link=reverse("cases:deadlines", args=[case.pk]) if case else "",
            **fields,
        )
        for number in range(count)
    )


def unread_badge(response: Any) -> str | None:
    content: str = response.content.decode()
    marker = 'data-testid="notifications-unread">'
    if marker not in content:
        return None
    return content.split(marker, 1)[1].split("<", 1)[0]


def test_the_header_shows_how_many_are_unread(personas: Personas, case: CaseFile) -> None:
    client = client_for(personas.officer)
    assert unread_badge(client.get("/")) is None

    notify(personas.officer, case, count=3)
    notify(personas.supervisor, case, count=2)  # someone else's
    read = notify(personas.officer, case)[0]
    Notification.objects.filter(pk=read.pk).update(read_at="2026-05-01T10:00Z")

    assert unread_badge(client.get("/")) == "3"
    assert unread_badge(client_for(personas.supervisor).get("/")) == "2"


def test_the_page_lists_only_my_notifications_newest_first(
    personas: Personas, case: CaseFile
) -> None:
    mine = notify(personas.officer, case, count=3)
    notify(personas.supervisor, case, count=1, case_reference="99ZZ9999999")

    response = client_for(personas.officer).get(LIST)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('data-testid="notification"') == 3
    assert "99ZZ9999999" not in content
    assert content.index("Reminder number 2") < content.index("Reminder number 0")
    assert f'href="/cases/{case.pk}/deadlines/"' in content
    assert f"/notifications/{mine[0].pk}/read/" in content


def test_marking_one_read(personas: Personas, case: CaseFile) -> None:
    first, second = notify(personas.officer, case, count=2)
    client = client_for(personas.officer)

    response = client.post(f"/notifications/{first.pk}/read/", {"page": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert unread_badge(client.get(LIST)) == "1"
    # Marking it again changes nothing.
    read_at = first.read_at
    client.post(f"/notifications/{first.pk}/read/")
    first.refresh_from_db()
    assert first.read_at == read_at


def test_marking_all_read(personas: Personas, case: CaseFile) -> None:
    notify(personas.officer, case, count=4)
    theirs = notify(personas.supervisor, case)[0]
    client = client_for(personas.officer)

    response = client.post("/notifications/read-all/", follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "4 notifications marked as read" in response.content.decode()
    assert not Notification.objects.filter(recipient=personas.officer, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert unread_badge(response) is None


def test_someone_elses_notification_is_not_found(personas: Personas, case: CaseFile) -> None:
    theirs = notify(personas.supervisor, case)[0]

    response = client_for(personas.officer).post(f"/notifications/{theirs.pk}/read/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client_for(personas.officer).post("/notifications/999999/read/").status_code == 404


def test_marking_read_is_a_post(personas: Personas, case: CaseFile) -> None:
    mine = notify(personas.officer, case)[0]
    client = client_for(personas.officer)
    assert client.get(f"/notifications/{mine.pk}/read/").status_code == 405
    assert client.get("/notifications/read-all/").status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    for url in (LIST, "/notifications/settings/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


def test_the_page_costs_the_same_for_many_notifications(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: Any
) -> None:
    client = client_for(personas.officer)
    notify(personas.officer, case, count=5)

    def queries() -> int:
        # session, user, memberships (navigation), COUNT for the pagination,
        # the page of notifications, the unread COUNT for the header.
        with django_assert_max_num_queries(6) as captured:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(captured)

    five = queries()
    notify(personas.officer, case, count=95)
    hundred = queries()
    assert hundred == five
    page = client.get(LIST).content.decode()
    assert page.count('data-testid="notification"') == 25
    assert "Showing <b>1</b> to <b>25</b> of <b>100</b>" in page
    assert 'data-testid="notifications-unread">100<' in page


def chosen(response: Any) -> str | None:
    found = re.search(r'value="(\w+)"[^>]*\bchecked\b', response.content.decode())
    return found.group(1) if found else None


def test_choosing_a_daily_digest(personas: Personas) -> None:
    client = client_for(personas.officer)
    page = client.get("/notifications/settings/")
    assert page.status_code == 200
    assert chosen(page) == "every"

    response = client.post("/notifications/settings/", {"email_frequency": "daily_digest"})

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert (
        NotificationPreference.objects.get(user=personas.officer).email_frequency
        == EmailFrequency.DAILY_DIGEST
    )
    assert chosen(client.get("/notifications/settings/")) == "daily_digest"


def test_a_choice_that_is_not_offered_is_refused(personas: Personas) -> None:
    response = client_for(personas.officer).post(
        "/notifications/settings/", {"email_frequency": "hourly"}
    )
    assert response.status_code == 200
    assert "Choose how often you want e-mails" in response.content.decode()
    assert not NotificationPreference.objects.exists()
