"""Every write of notifications, reminders and the e-mail outbox.

The reminder sweep (``reminders_send``) and the outbox (``email_outbox_send``)
run on the workers and are safe to run at any time, twice, or side by side;
the services behind the notifications page act for the signed-in user.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from celery import current_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile, Deadline
from cases.services import CaseError
from cases.workdays import add_working_days
from rasso.accounts.models import Membership, OrganisationKind, Role, User
from rasso.audit.services import audit_record
from rasso.notifications.emails import (
    STAGE_PHRASES,
    ReminderLine,
    deadline_kind_label,
    digest_body,
    digest_subject,
    reminder_body,
    reminder_subject,
)
from rasso.notifications.models import (
    KIND_STAGES,
    STAGE_KINDS,
    EmailFrequency,
    EmailOutbox,
    Notification,
    NotificationPreference,
    OutboxStatus,
    Reminder,
    ReminderStage,
)

logger = logging.getLogger(__name__)

# "Due soon" is due within this many working days.
DUE_SOON_WORKING_DAYS = 3
# Deadlines reminded per transaction: a killed worker loses at most one
# batch's work (rolled back, so redone by the next sweep), and no
# transaction holds its locks for long.
REMINDER_BATCH_SIZE = 500
# Outbox retries: 1, 2, 4, ... minutes after each failure, at most an hour apart.
RETRY_FIRST_DELAY = timedelta(minutes=1)
RETRY_LONGEST_DELAY = timedelta(hours=1)

# Who owes an organisation's deadline when no one person does, and who hears
# that a deadline of the organisation is overdue.
ORGANISATION_OWNER_ROLES: dict[str, tuple[str, ...]] = {
    OrganisationKind.POLICE_FORCE: (Role.POLICE_SPOC,),
    OrganisationKind.CPS_AREA: (Role.CPS_SPOC,),
}
ESCALATION_ROLES: dict[str, tuple[str, ...]] = {
    OrganisationKind.POLICE_FORCE: (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC),
    OrganisationKind.CPS_AREA: (Role.CPS_SPOC,),
}


# -- the reminder sweep -----------------------------------------------------

# The stage a deadline has reached today (only deadlines due by the horizon
# are asked): overdue, due today, or due soon.
_STAGE_SQL = """
    CASE WHEN d.due_on < %(today)s THEN 'overdue'
         WHEN d.due_on = %(today)s THEN 'due_today'
         ELSE 'due_soon' END
"""

# One statement claims a batch and writes its reminder rows:
# - it reads only open deadlines due by the horizon, through the partial
#   index deadline_open_due (status = 'open', due_on): the cost follows what
#   is due, not the size of the table; a deadline already reminded at its
#   present stage is left out by the unique index on (deadline, stage);
# - only the present stage is considered, so a sweep after downtime sends
#   the latest stage a deadline has reached, never the ones it slept through;
# - FOR KEY SHARE ... SKIP LOCKED on the deadline and its case: a deadline
#   being met (or its case being changed) right now is left to the next
#   sweep instead of waited for, so the sweep never waits on a user's
#   transaction (nor deadlocks with one: the reminder's and notification's
#   foreign keys need these very locks);
# - ON CONFLICT DO NOTHING is the exactly-once: a second sweep running at
#   the same moment waits on the first's uncommitted rows, then skips them;
#   rows are inserted in deadline order so two sweeps cannot wait on each
#   other. RETURNING names only the reminders this transaction wrote.
_CLAIM_SQL = f"""
WITH candidate AS MATERIALIZED (
    SELECT d.id, d.case_id, d.due_on, {_STAGE_SQL} AS stage
    FROM {Deadline._meta.db_table} d
    JOIN {CaseFile._meta.db_table} c ON c.id = d.case_id
    WHERE d.status = 'open' AND d.due_on <= %(horizon)s
      AND NOT EXISTS (
          SELECT 1 FROM {Reminder._meta.db_table} r
          WHERE r.deadline_id = d.id AND r.stage = {_STAGE_SQL}
      )
    ORDER BY d.due_on, d.id
    LIMIT %(limit)s
    -- The deadline and its case, or neither: a row a user is changing right
    -- now is skipped (for the next sweep) before the LIMIT counts it, so a
    -- batch is never emptied by rows it could not take.
    FOR KEY SHARE OF d, c SKIP LOCKED
)
INSERT INTO {Reminder._meta.db_table} (deadline_id, stage, due_on, sent_at)
SELECT id, stage, due_on, %(now)s FROM candidate
ORDER BY id
ON CONFLICT (deadline_id, stage) DO NOTHING
RETURNING id, deadline_id, stage
"""  # noqa: S608  (table names from the models; every value is a parameter)


@dataclass
class SweepResult:
    reminders: int = 0
    notifications: int = 0
    emails: int = 0


def reminders_send(
    *, today: date | None = None, batch_size: int = REMINDER_BATCH_SIZE
) -> SweepResult:
    """Send the reminders that are due: for each open deadline due within
    ``DUE_SOON_WORKING_DAYS`` working days (or today, or overdue), one
    reminder for the stage it has reached, to whoever owes it; an overdue
    one also to the owner's supervisor or SPOC.

    For the workers (no acting user). Exactly once per (deadline, stage):
    safe to run at any time, twice, or side by side with itself; a worker
    killed mid-sweep loses only its current batch, which the next sweep
    sends. Each batch is one transaction holding its reminder rows, their
    notifications and their outbox e-mails."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    total = SweepResult()
    while True:
        batch = _reminders_batch_send(today=today, horizon=horizon, batch_size=batch_size)
        if batch.reminders == 0:
            # Nothing left that this sweep may take (what another sweep
            # holds right now is that sweep's to send).
            return total
        total.reminders += batch.reminders
        total.notifications += batch.notifications
        total.emails += batch.emails


@transaction.atomic
def _reminders_batch_send(*, today: date, horizon: date, batch_size: int) -> SweepResult:
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _CLAIM_SQL, {"today": today, "horizon": horizon, "limit": batch_size, "now": now}
        )
        claimed: list[tuple[int, int, str]] = cursor.fetchall()
    if not claimed:
        return SweepResult()
    deadlines = {
        d.pk: d
        for d in Deadline.objects.filter(pk__in=[deadline_id for _, deadline_id, _ in claimed])
        .select_related("case", "owner")
        .only(
            "id",
            "kind",
            "description",
            "due_on",
            "owner_organisation_id",
            "case__id",
            "case__urn",
            "case__force_id",
            "case__cps_area_id",
            "owner__id",
            "owner__is_active",
        )
    }
    recipients = _reminder_recipients(
        [(deadlines[deadline_id], stage) for _, deadline_id, stage in claimed]
    )
    everyone = {user_id for users in recipients.values() for user_id in users}
    digest_users = set(
        NotificationPreference.objects.filter(
            user_id__in=everyone, email_frequency=EmailFrequency.DAILY_DIGEST
        ).values_list("user_id", flat=True)
    )
    # Every case's deadlines page has the same address but for the case's id.
    link_pattern = reverse("cases:deadlines", args=[0]).replace("/0/", "/{}/", 1)
    emails: list[tuple[int, str, str]] = []  # recipient, subject, body
    # recipient, kind, case, URN, what, text, due on, link, reminder, e-mail (its index)
    notifications: list[tuple[int, str, int, str, str, str, date, str, int, int | None]] = []
    for reminder_id, deadline_id, stage in claimed:
        deadline = deadlines[deadline_id]
        line = ReminderLine(
            case_reference=deadline.case.urn,
            what=deadline_kind_label(deadline.kind),
            due_on=deadline.due_on,
            stage=stage,
            link=link_pattern.format(deadline.case_id),
        )
        # Written once for everyone told of this deadline at this stage.
        subject, body = reminder_subject(line), reminder_body(line)
        text = (
            f"Case {line.case_reference}: {deadline.description} "
            f"{STAGE_PHRASES[stage]} (due {deadline.due_on:%-d %B %Y})"
        )[:300]
        for user_id in recipients[(deadline_id, stage)]:
            email = None
            if user_id not in digest_users:
                email = len(emails)
                emails.append((user_id, subject, body))
            notifications.append(
                (
                    user_id,
                    STAGE_KINDS[stage],
                    deadline.case_id,
                    line.case_reference,
                    line.what,
                    text,
                    line.due_on,
                    line.link,
                    reminder_id,
                    email,
                )
            )
    unowned = [d for (_, d, stage) in claimed if not recipients[(d, stage)]]
    if unowned:
        # Recorded as reminded all the same (a later member is not told of
        # an old stage); an administrator should give the organisation a SPOC.
        logger.warning("Reminders with nobody to tell, for deadlines %s", unowned)
    email_ids = _emails_insert(emails, now)
    _notifications_insert(
        [(*row[:9], None if row[9] is None else email_ids[row[9]]) for row in notifications], now
    )
    email_outbox_queue(email_ids)
    return SweepResult(reminders=len(claimed), notifications=len(notifications), emails=len(emails))


# A sweep writes thousands of rows: straight from Python lists through
# unnest(), one statement each, without a model instance per row (which
# cost more than the database's own work). The e-mails' ids are drawn from
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


def _emails_insert(rows: list[tuple[int, str, str]], now: datetime) -> list[int]:
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


def _notifications_insert(rows: list[tuple[Any, ...]], now: datetime) -> None:
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


def _reminder_recipients(items: list[tuple[Deadline, str]]) -> dict[tuple[int, str], list[int]]:
    """Who hears of each (deadline, stage), active users only, each once.

    The owner if the deadline names one, else the holders of the owning
    organisation's owner roles (its supervisors, if it has no SPOC); when
    overdue, also the supervisors and SPOCs of the organisation the deadline
    belongs to (its owner organisation, or else the force or Area where the
    owner works on the case). Three queries, however many deadlines."""
    # Where each owner without an owner organisation works on the case.
    owner_orgs: dict[int, set[int]] = defaultdict(set)
    lone_owners = {
        d.owner_id for d, _ in items if d.owner_organisation_id is None and d.owner_id is not None
    }
    if lone_owners:
        for user_id, organisation_id in Membership.objects.filter(
            user_id__in=lone_owners
        ).values_list("user_id", "organisation_id"):
            owner_orgs[user_id].add(organisation_id)

    def escalation_org(deadline: Deadline) -> int | None:
        if deadline.owner_organisation_id is not None:
            return deadline.owner_organisation_id
        works_in = owner_orgs.get(deadline.owner_id or 0, set())
        for candidate in (deadline.case.force_id, deadline.case.cps_area_id):
            if candidate in works_in:
                return candidate
        return None

    organisations: set[int] = set()
    for deadline, stage in items:
        if deadline.owner_id is None and deadline.owner_organisation_id is not None:
            organisations.add(deadline.owner_organisation_id)
        if stage == ReminderStage.OVERDUE:
            org = escalation_org(deadline)
            if org is not None:
                organisations.add(org)
    # (organisation, role) -> active members holding it
    holders: dict[tuple[int, str], list[int]] = defaultdict(list)
    kinds: dict[int, str] = {}
    if organisations:
        roles = {role for group in ESCALATION_ROLES.values() for role in group}
        for user_id, organisation_id, role, kind in (
            Membership.objects.filter(
                organisation_id__in=organisations, role__in=roles, user__is_active=True
            )
            .order_by("organisation_id", "role", "user_id")
            .values_list("user_id", "organisation_id", "role", "organisation__kind")
        ):
            holders[(organisation_id, role)].append(user_id)
            kinds[organisation_id] = kind

    def members(organisation_id: int, roles: Iterable[str]) -> list[int]:
        return [user for role in roles for user in holders.get((organisation_id, role), [])]

    result: dict[tuple[int, str], list[int]] = {}
    for deadline, stage in items:
        people: list[int] = []
        if deadline.owner_id is not None:
            if deadline.owner is not None and deadline.owner.is_active:
                people.append(deadline.owner_id)
        elif deadline.owner_organisation_id is not None:
            kind = kinds.get(deadline.owner_organisation_id, "")
            people += members(
                deadline.owner_organisation_id, ORGANISATION_OWNER_ROLES.get(kind, ())
            )
            if not people:
                people += members(deadline.owner_organisation_id, ESCALATION_ROLES.get(kind, ()))
        if stage == ReminderStage.OVERDUE:
            org = escalation_org(deadline)
            if org is not None:
                people += members(org, ESCALATION_ROLES.get(kinds.get(org, ""), ()))
        result[(deadline.pk, stage)] = list(dict.fromkeys(people))
    return result


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
        .filter(recipient_id__in=users, email=None, created_at__lte=before)
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
        raise CaseError("This is not your notification")
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
        raise CaseError("Choose how often you want e-mails")
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
