"""The e-mail outbox and the daily digest: every e-mail sent, each once.

The mail server is another organisation's system, so a fake one stands in for
it when it must fail; everything on our side (the database, the services)
is real.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from cases.models import CaseFile
from cases.reminders import reminders_send
from rasso.accounts.models import User
from rasso.audit.models import AuditEvent
from rasso.notifications.models import (
    EmailFrequency,
    EmailOutbox,
    Notification,
    NotificationPreference,
    OutboxStatus,
)
from rasso.notifications.services import (
    digests_send,
    email_outbox_send_due,
    notification_preference_set,
    retry_delay,
)
from tests.cases.factories import case_create
from tests.conftest import Personas
from tests.notifications.conftest import FRIDAY, THURSDAY, deadline_on

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_that_fails_leaves_the_email_pending_until_it_accepts(
    personas: Personas, case: CaseFile, settings: Any
) -> None:
    deadline_on(case, THURSDAY, owner=personas.officer)
    reminders_send(today=THURSDAY)
    row = EmailOutbox.objects.get()
    now = timezone.now()

    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.RefusingBackend"
    assert email_outbox_send_due(now=now) == 0
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING
    assert row.attempts == 1
    assert row.last_error == "SMTPServerDisconnected"
    assert row.next_attempt_at == now + timedelta(minutes=1)
    # Not tried again before its time.
    assert email_outbox_send_due(now=now + timedelta(seconds=30)) == 0
    row.refresh_from_db()
    assert row.attempts == 1
    # Tried again, and failing again, it waits longer.
    assert email_outbox_send_due(now=now + timedelta(minutes=1)) == 0
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at == now + timedelta(minutes=3)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = now + timedelta(minutes=5)
    assert email_outbox_send_due(now=later) == 1
    assert email_outbox_send_due(now=later) == 0
    assert email_outbox_send_due(now=later + timedelta(days=1)) == 0

    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert row.sent_at is not None
    assert row.attempts == 3
    message = mail.outbox[0]
    assert message.to == [personas.officer.email]
    # The same Message-ID on every attempt: a repeat is recognisable.
    assert message.extra_headers["Message-ID"] == f"<rasso-outbox-{row.pk}@127.0.0.1>"


def test_the_wait_between_attempts_doubles_up_to_an_hour() -> None:
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]
    assert retry_delay(7) == timedelta(hours=1)
    assert retry_delay(500) == timedelta(hours=1)


def test_an_email_to_someone_who_left_is_not_sent(personas: Personas, case: CaseFile) -> None:
    deadline_on(case, THURSDAY, owner=personas.officer)
    reminders_send(today=THURSDAY)
    User.objects.filter(pk=personas.officer.pk).update(is_active=False)

    assert email_outbox_send_due() == 0
    assert mail.outbox == []
    assert EmailOutbox.objects.get().status == OutboxStatus.DROPPED


def test_queued_on_commit_the_email_goes_at_once(
    personas: Personas,
    case: CaseFile,
    django_capture_on_commit_callbacks: Any,
    eager_tasks: None,
) -> None:
    deadline_on(case, THURSDAY, owner=personas.officer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reminders_send(today=THURSDAY)
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    # The retry sweep finds nothing left to send.
    assert email_outbox_send_due() == 0
    assert len(mail.outbox) == 1


# -- the daily digest --------------------------------------------------------


def test_a_digest_user_gets_one_email_a_day_with_everything(
    personas: Personas, case: CaseFile
) -> None:
    notification_preference_set(actor=personas.officer, email_frequency=EmailFrequency.DAILY_DIGEST)
    other = case_create(personas.officer)
    deadline_on(case, THURSDAY, owner=personas.officer, description="Tell C1 of the arrest")
    deadline_on(other, FRIDAY, owner=personas.officer, kind="tell_complainant_enhanced")

    reminders_send(today=THURSDAY)
    # No e-mail of their own for the officer; the supervisor is not told
    # until something is overdue.
    assert EmailOutbox.objects.count() == 0
    assert Notification.objects.filter(recipient=personas.officer, email=None).count() == 2

    assert digests_send() == 1
    assert digests_send() == 0
    digest = EmailOutbox.objects.get()
    assert digest.recipient == personas.officer
    assert digest.subject == "RASSO joint casework: 2 notifications today"
    assert case.urn in digest.body
    assert other.urn in digest.body
    assert "Bail return or released-under-investigation review is due today" in digest.body
    assert "Tell the complainant (enhanced rights) is due soon" in digest.body
    # The descriptions stay in the application.
    assert "Tell C1" not in digest.body
    assert set(Notification.objects.values_list("email", flat=True)) == {digest.pk}

    assert email_outbox_send_due() == 1
    assert len(mail.outbox) == 1


def test_everyone_elses_emails_are_not_in_a_digest(personas: Personas, case: CaseFile) -> None:
    deadline_on(case, THURSDAY, owner=personas.officer)
    reminders_send(today=THURSDAY)

    assert digests_send() == 0
    assert EmailOutbox.objects.count() == 1


def test_changing_to_every_email_still_sends_what_was_waiting(
    personas: Personas, case: CaseFile
) -> None:
    notification_preference_set(actor=personas.officer, email_frequency=EmailFrequency.DAILY_DIGEST)
    deadline_on(case, THURSDAY, owner=personas.officer)
    reminders_send(today=THURSDAY)
    notification_preference_set(actor=personas.officer, email_frequency=EmailFrequency.EVERY)

    assert digests_send() == 1
    assert "1 notification today" in EmailOutbox.objects.get().subject


def test_the_choice_is_audited_and_checked(personas: Personas) -> None:
    from rasso.core.errors import DomainError

    notification_preference_set(actor=personas.officer, email_frequency=EmailFrequency.DAILY_DIGEST)
    notification_preference_set(actor=personas.officer, email_frequency=EmailFrequency.DAILY_DIGEST)
    assert (
        NotificationPreference.objects.get(user=personas.officer).email_frequency
        == EmailFrequency.DAILY_DIGEST
    )
    events = AuditEvent.objects.filter(action="notifications.preference")
    assert events.count() == 1
    assert events.get().detail == {"email_frequency": {"from": "every", "to": "daily_digest"}}

    with pytest.raises(DomainError):
        notification_preference_set(actor=personas.officer, email_frequency="hourly")
