"""The reminder sweep: for each open case deadline that is due soon, due
today or overdue, one reminder per stage to whoever owes it (and, overdue,
to their supervisor or SPOC), as in-app notifications and e-mails.

It lives beside the deadlines it reads; ``rasso.notifications`` only writes
the notifications and e-mails it decides on. Safe to run at any time, twice,
or side by side with itself (see ``_CLAIM_SQL``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import deadline_kind_label
from cases.identity import CaseTexts
from cases.models import CaseFile, Deadline
from cases.workdays import add_working_days
from rasso.accounts.models import Membership, OrganisationKind, Role
from rasso.notifications import services as notifying
from rasso.notifications.emails import (
    STAGE_PHRASES,
    ReminderLine,
    reminder_body,
    reminder_subject,
)
from rasso.notifications.models import (
    STAGE_KINDS,
    EmailFrequency,
    NotificationPreference,
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
    # A deadline's description may be free text (a clinic action's wording):
    # a notification names no complainant, whoever it is for (DESIGN: every
    # notification is pseudonymous), so it reads through the case's scrubber.
    # One query, for the complainants of the batch's cases.
    texts = CaseTexts(None).prepare(d.case for d in deadlines.values())
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
            f"Case {line.case_reference}: {texts.read(deadline.case, deadline.description)} "
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
    email_ids = notifying.emails_insert(emails, now)
    notifying.notifications_insert(
        [(*row[:9], None if row[9] is None else email_ids[row[9]]) for row in notifications], now
    )
    notifying.email_outbox_queue(email_ids)
    return SweepResult(reminders=len(claimed), notifications=len(notifications), emails=len(emails))


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
