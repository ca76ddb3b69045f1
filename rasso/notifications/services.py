"""Every write of notifications and the e-mail outbox.

Notifications are generic: a recipient, what it is about (a reference, a
sentence, a link), written in bulk by whoever decides to tell someone (the
reminder sweep over case deadlines, in ``cases.reminders``). The outbox
(``email_outbox_send``) runs on the workers and is safe to run at any time,
twice, or side by side; the services behind the notifications page act for
the signed-in user.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from celery import current_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from rasso.accounts.models import User
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError
from rasso.notifications.emails import (
    ReminderLine,
    digest_body,
    digest_subject,
    two_factor_reset_body,
    two_factor_reset_subject,
)
from rasso.notifications.models import (
    KIND_STAGES,
    EmailFrequency,
    EmailOutbox,
    Notification,
    NotificationPreference,
    OutboxStatus,
    ReminderStage,
)

logger = logging.getLogger(__name__)

# Outbox retries: 1, 2, 4, ... minutes after each failure, at most an hour apart.
RETRY_FIRST_DELAY = timedelta(minutes=1)
RETRY_LONGEST_DELAY = timedelta(hours=1)


# A reminder sweep writes thousands of rows: straight from Python lists
# through unnest(), one statement each, without a model instance per row
# (which cost more than the database's own work). The e-mails' ids are drawn from
# their sequence first, so each notification names its own e-mail.
_IDS_SQL = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
_EMAILS_INSERT_SQL = f"""
INSERT INTO {EmailOutbox._meta.db_table}
    (id, recipient_id, subject, body, status, attempts, next_attempt_at, last_error, created_at)
SELECT id, recipient_id, subject, body, 'pending', 0, %(now)s, '', %(now)s
FROM unnest(%(ids)s::bigint[], %(recipients)s::bigint[], %(subjects)s::text[], %(bodies)s::text[])
    AS e(id, recipient_id, subject, body)
"""  # noqa: S608  (table names from the models; every value is a parameter)
_NOTIFICATIONS_INSERT_SQL = f"""
INSERT INTO {Notification._meta.db_table}
    (recipient_id, kind, case_id, case_reference, what, text, due_on, link, reminder_id,
     email_id, created_at)
SELECT recipient_id, kind, case_id, case_reference, what, text, due_on, link, reminder_id,
       email_id, %(now)s
FROM unnest(
    %(recipients)s::bigint[], %(kinds)s::text[], %(cases)s::bigint[], %(references)s::text[],
    %(whats)s::text[], %(texts)s::text[], %(due_ons)s::date[], %(links)s::text[],
    %(reminders)s::bigint[], %(emails)s::bigint[]
) AS n(recipient_id, kind, case_id, case_reference, what, text, due_on, link, reminder_id,
       email_id)
"""  # noqa: S608


def emails_insert(rows: list[tuple[int, str, str]], now: datetime) -> list[int]:
    """Write these e-mails to the outbox; their ids, in order."""
    if not rows:
        return []
    recipients, subjects, bodies = (list(column) for column in zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(_IDS_SQL, [EmailOutbox._meta.db_table, len(rows)])
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            _EMAILS_INSERT_SQL,
            {
                "ids": ids,
                "recipients": recipients,
                "subjects": subjects,
                "bodies": bodies,
                "now": now,
            },
        )
    return ids


def notifications_insert(rows: list[tuple[Any, ...]], now: datetime) -> None:
    """Write these notifications: each row is (recipient, kind, the case it is
    about or None, its reference, what, text, due on, link, reminder or
    None, e-mail or None), the columns of ``_NOTIFICATIONS_INSERT_SQL``."""
    if not rows:
        return
    names = (
        "recipients", "kinds", "cases", "references", "whats", "texts", "due_ons", "links",
        "reminders", "emails",
    )  # fmt: skip
    columns: dict[str, Any] = {
        name: list(column) for name, column in zip(names, zip(*rows, strict=True), strict=True)
    }
    with connection.cursor() as cursor:
        cursor.execute(_NOTIFICATIONS_INSERT_SQL, {**columns, "now": now})


def notifications_send(*, recipients: Iterable[User], kind: str, text: str, link: str = "") -> int:
    """Tell each of ``recipients`` ``text`` in the application (no e-mail:
    the digest carries deadline reminders only). For a service that has
    decided whom to tell; returns how many were told."""
    now = timezone.now()
    rows = [
        Notification(recipient=user, kind=kind, text=text[:300], link=link, created_at=now)
        for user in recipients
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


# -- the e-mail outbox --------------------------------------------------------


def email_outbox_queue(outbox_ids: list[int]) -> None:
    """Ask a worker to send these rows once the transaction commits. If the
    broker cannot take the task, the rows are still pending and the retry
    sweep (``email_outbox_send_due``, on the beat) sends them."""
    if not outbox_ids:
        return
    from rasso.notifications.tasks import email_outbox_send_task

    # Queued from a task (the sweep, the digest), the e-mails go to the
    # queue that task came from: a worker serving one queue finishes the
    # work it started.
    delivery_info = getattr(current_task.request, "delivery_info", None) if current_task else None
    queue: str | None = (delivery_info or {}).get("routing_key")

    def publish() -> None:
        if queue:
            email_outbox_send_task.apply_async((outbox_ids,), queue=queue)
        else:
            email_outbox_send_task.delay(outbox_ids)

    transaction.on_commit(publish, robust=True)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure."""
    doublings = min(max(attempts - 1, 0), 16)
    delay: timedelta = RETRY_FIRST_DELAY * 2**doublings
    return min(delay, RETRY_LONGEST_DELAY)


def email_outbox_send(
    *,
    outbox_id: int,
    mail_connection: BaseEmailBackend | None = None,
    now: datetime | None = None,
) -> bool:
    """Send one pending e-mail whose time has come; say whether this call sent it.

    For the workers. The row is locked (``FOR UPDATE SKIP LOCKED``) while the
    mail server takes the message and marked sent in the same transaction:
    two workers never both send it, and a worker killed before the commit
    leaves it pending. So an e-mail is never lost; in the one window where
    the server accepted it and the commit did not happen, it is sent again,
    with the same Message-ID (at-least-once, recognisably so). A failure
    leaves the row pending, to be tried again after ``retry_delay``."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            EmailOutbox.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=outbox_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if row is None:
            # Sent already, not yet due again, or another worker has it now.
            return False
        recipient = row.recipient
        if not recipient.is_active:
            row.status = OutboxStatus.DROPPED
            row.save(update_fields=["status"])
            return False
        message = EmailMessage(
            subject=row.subject,
            body=row.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
            headers={"Message-ID": row.message_id},
            connection=mail_connection,
        )
        try:
            message.send()
        except Exception as error:  # noqa: BLE001  (the mail server is another system)
            row.attempts += 1
            row.next_attempt_at = now + retry_delay(row.attempts)
            row.last_error = type(error).__name__[:200]
            row.save(update_fields=["attempts", "next_attempt_at", "last_error"])
            # The class only: a mail server's message may quote the address.
            logger.warning(
                "E-mail %s not accepted (attempt %s): %s", row.pk, row.attempts, row.last_error
            )
            return False
        EmailOutbox.objects.filter(pk=row.pk, status=OutboxStatus.PENDING).update(
            status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
        return True


def email_outbox_send_many(outbox_ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Send these rows over one connection to the mail server; how many were sent."""
    mail_connection = get_connection()
    try:
        return sum(
            email_outbox_send(outbox_id=outbox_id, mail_connection=mail_connection, now=now)
            for outbox_id in outbox_ids
        )
    finally:
        mail_connection.close()


def email_outbox_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """The retry sweep: send the pending rows whose time has come (those a
    queued task never reached, and those waiting after a failure)."""
    now = now or timezone.now()
    due = list(
        EmailOutbox.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    return email_outbox_send_many(due, now=now)


# -- the daily digest -------------------------------------------------------


def digests_send(*, before: datetime | None = None, batch_size: int = 200) -> int:
    """For the workers, once a day: one e-mail per user gathering every
    notification no e-mail has carried yet (those of users who chose a
    daily digest, and any left from before a user changed their choice).
    Each notification is carried once: it is locked while its digest is
    written and linked to it in the same transaction. Returns the number
    of digests written."""
    before = before or timezone.now()
    written = 0
    last_user = 0
    while True:
        users = list(
            Notification.objects.filter(
                email=None,
                kind__in=list(KIND_STAGES),
                created_at__lte=before,
                recipient__is_active=True,
                recipient_id__gt=last_user,
            )
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:batch_size]
        )
        if not users:
            return written
        written += _digests_batch_send(users, before)
        last_user = users[-1]


@transaction.atomic
def _digests_batch_send(users: list[int], before: datetime) -> int:
    waiting = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            recipient_id__in=users, email=None, kind__in=list(KIND_STAGES), created_at__lte=before
        )
        .order_by("recipient_id", "created_at", "id")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        by_user[notification.recipient_id].append(notification)
    now = timezone.now()
    digests = []
    for user_id, items in by_user.items():
        lines = [_line_of(notification) for notification in items]
        digests.append(
            EmailOutbox(
                recipient_id=user_id,
                subject=digest_subject(len(items)),
                body=digest_body(lines),
                created_at=now,
                next_attempt_at=now,
            )
        )
    EmailOutbox.objects.bulk_create(digests)
    for digest, items in zip(digests, by_user.values(), strict=True):
        for notification in items:
            notification.email = digest
    Notification.objects.bulk_update(waiting, ["email"])
    email_outbox_queue([digest.pk for digest in digests])
    return len(digests)


def _line_of(notification: Notification) -> ReminderLine:
    return ReminderLine(
        case_reference=notification.case_reference,
        what=notification.what or "A deadline",
        due_on=notification.due_on or notification.created_at.date(),
        stage=KIND_STAGES.get(notification.kind, ReminderStage.DUE_SOON),
        link=notification.link or reverse("notifications:list"),
    )


# -- the user's own notifications -------------------------------------------


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> bool:
    """The recipient marks one notification read; say whether it was unread.
    Only the recipient may (the view has already answered 404 to others)."""
    if notification.recipient_id != actor.pk:
        raise DomainError("This is not your notification")
    return bool(
        Notification.objects.filter(pk=notification.pk, recipient=actor, read_at=None).update(
            read_at=timezone.now()
        )
    )


@transaction.atomic
def notifications_mark_all_read(*, actor: User) -> int:
    """The user marks every notification of theirs read; how many were unread."""
    return Notification.objects.filter(recipient=actor, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(*, actor: User, email_frequency: str) -> NotificationPreference:
    """The user chooses an e-mail for every notification or a daily digest."""
    if email_frequency not in EmailFrequency.values:
        raise DomainError("Choose how often you want e-mails")
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=actor)
    previous = preference.email_frequency
    if previous == email_frequency:
        return preference
    preference.email_frequency = email_frequency
    preference.save(update_fields=["email_frequency", "updated_at"])
    audit_record(
        actor=actor,
        action="notifications.preference",
        obj=preference,
        detail={"email_frequency": {"from": previous, "to": email_frequency}},
    )
    return preference


def on_two_factor_reset(sender: Any, user: User, actor: User, **kwargs: Any) -> None:
    """Tell a user by e-mail that an administrator reset their second factor
    (received from accounts' ``two_factor_was_reset``, inside its transaction)."""
    now = timezone.now()
    ids = emails_insert([(user.pk, two_factor_reset_subject(), two_factor_reset_body(now))], now)
    email_outbox_queue(ids)
