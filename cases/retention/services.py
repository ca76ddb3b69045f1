"""Every change of a case's retention: reviews (retain or delete), legal
holds, closing a case as created in error, and the beat task's notices.

Each service takes the acting user, checks the rule (``cases.retention.rules``)
and raises its refusal, locks the case, and writes the timeline and the
audit log. Free text (reasons) is kept on its row, never in the audit log,
which holds no one's identity.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermission

from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus, Document
from cases.retention import rules, schedule
from cases.retention.models import LegalHold, PendingFileRemoval, RetentionNotice, RetentionReview
from cases.retention.purge import case_rows_delete
from cases.services import _lock, _move, _record, deadline_cancel, document_storage
from rasso.accounts.models import Membership, Role, User
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, Forbidden
from rasso.notifications.models import EmailOutbox, Notification, NotificationKind

logger = logging.getLogger(__name__)

REASON_REQUIRED = "Enter the reason"


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(REASON_REQUIRED, problems={"reason": REASON_REQUIRED})
    return reason[:2000]


def active_hold(case: CaseFile) -> LegalHold | None:
    return LegalHold.objects.filter(case=case, lifted_at__isnull=True).first()


# -- reviews ------------------------------------------------------------------


@transaction.atomic
def case_retain(*, actor: User, case: CaseFile, review_on: date, reason: str) -> CaseFile:
    """A supervisor or SPOC of the force, at a case's review, keeps it: a new
    review date (after today) and the reason, on the case's history."""
    case = _lock(case)
    today = timezone.localdate()
    if refusal := rules.review_refusal(actor, case, today):
        raise Forbidden(refusal)
    reason = _reason(reason)
    if review_on <= today:
        message = "The next review date must be in the future"
        raise DomainError(message, problems={"review_on": message})
    # review_refusal: a case under review has a date.
    previous: date = case.retention_review_on  # type: ignore[assignment]
    RetentionReview.objects.create(
        case=case,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        previous_review_on=previous,
        next_review_on=review_on,
        reason=reason,
    )
    case.retention_review_on = review_on
    case.save(update_fields=["retention_review_on", "updated_at"])
    _record(
        case,
        actor,
        "retention_retained",
        f"Retained at its retention review: next review on {review_on:%-d %B %Y}",
        previous=previous.isoformat(),
        review_on=review_on.isoformat(),
    )
    return case


def next_review_default(case: CaseFile, today: date) -> date:
    """What the retain form offers: the category's period again, from today."""
    category = case.retention_category or schedule.category_of(case)
    if not category:
        return today
    return schedule.add_months(today, schedule.period(category, case.force_id).review_after_months)


# -- legal holds --------------------------------------------------------------


@transaction.atomic
def legal_hold_place(*, actor: User, case: CaseFile, reason: str) -> LegalHold:
    """A supervisor or SPOC of the force suspends the case's deletion."""
    case = _lock(case)
    if refusal := rules.hold_place_refusal(actor, case, active_hold(case)):
        raise Forbidden(refusal)
    hold = LegalHold.objects.create(
        case=case, reason=_reason(reason), placed_by=actor, placed_at=timezone.now()
    )
    _record(case, actor, "legal_hold_placed", "Legal hold placed", hold=hold.pk)
    return hold


@transaction.atomic
def legal_hold_lift(*, actor: User, case: CaseFile, reason: str) -> LegalHold:
    """A supervisor or SPOC of the force lifts the hold, once the guard
    period after it was placed has passed."""
    case = _lock(case)
    hold = active_hold(case)
    if refusal := rules.hold_lift_refusal(actor, case, hold, timezone.now()):
        raise Forbidden(refusal)
    if hold is None:  # hold_lift_refusal has refused it already
        raise DomainError("The case is not under a legal hold")
    hold.lift_reason = _reason(reason)
    hold.lifted_by = actor
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lift_reason", "lifted_by", "lifted_at"])
    _record(case, actor, "legal_hold_lifted", "Legal hold lifted", hold=hold.pk)
    return hold


# -- created in error ---------------------------------------------------------


@transaction.atomic
def case_mark_created_in_error(*, actor: User, case: CaseFile, reason: str) -> CaseFile:
    """A supervisor or SPOC of the force closes a case opened by mistake (a
    duplicate, the wrong force): its open deadlines are cancelled, and it is
    reviewed for deletion after the schedule's period (6 months)."""
    case = _lock(case)
    if refusal := rules.created_in_error_refusal(actor, case):
        raise Forbidden(refusal)
    case.created_in_error_reason = _reason(reason)
    _move(case, CaseStatus.CREATED_IN_ERROR)
    retention = schedule.outcome_apply(case, timezone.localdate())
    case.save(
        update_fields=["status", "created_in_error_reason", "version", "updated_at", *retention]
    )
    for deadline in Deadline.objects.filter(case=case, status=DeadlineStatus.OPEN):
        deadline_cancel(deadline=deadline, actor=actor, reason="the case was created in error")
    _record(case, actor, "created_in_error", "Closed as created in error")
    return case


# -- deletion -----------------------------------------------------------------

# A value cached for one case is set through ``case_cache_set``, which keeps
# the case's list of keys beside it, so that deleting the case deletes every
# one of them (``case_cache_delete``), whatever the cache backend.
_CASE_KEYS = "case:{}:keys"


def case_cache_key(case_id: int, name: str) -> str:
    return f"case:{case_id}:{name}"


def case_cache_set(case_id: int, name: str, value: object, timeout: int | None = None) -> None:
    """Cache ``value`` for the case. The list of keys lives as long as the
    longest entry may (no timeout), and a key listed twice is harmless."""
    key = case_cache_key(case_id, name)
    index = _CASE_KEYS.format(case_id)
    keys: set[str] = set(cache.get(index) or ())
    if key not in keys:
        cache.set(index, keys | {key}, None)
    cache.set(key, value, timeout)


def case_cache_delete(case_id: int) -> int:
    """Delete every cache entry of the case; how many were listed."""
    index = _CASE_KEYS.format(case_id)
    keys: set[str] = set(cache.get(index) or ())
    cache.delete_many([*keys, index])
    return len(keys)


@dataclass(frozen=True)
class Deleted:
    case_id: int
    rows: dict[str, int]
    files: int


@transaction.atomic
def case_delete(*, actor: User, case: CaseFile, confirm_urn: str) -> Deleted:
    """A supervisor or SPOC of the force deletes a case at its review: every
    row of it (every model with a foreign-key path to the case, the contact
    log through the database's own function), its files, and its cache
    entries. What remains is the audit trail, by id. Refused under a legal
    hold, before the review is due, and for a conviction before the person
    convicted would be 100. ``confirm_urn`` must repeat the case's URN."""
    case = _lock(case)
    today = timezone.localdate()
    if refusal := rules.delete_refusal(actor, case, today, active_hold(case)):
        raise Forbidden(refusal)
    if (confirm_urn or "").strip().upper().replace(" ", "") != case.urn:
        message = "Enter the case's URN to confirm its deletion"
        raise DomainError(message, problems={"confirm_urn": message})
    case_id = case.pk
    # On the audit log first: the contact log's function refuses without it.
    # The id, the category and the counts, never the URN or a name.
    audit_record(
        actor=actor,
        action="case.deleted",
        obj=case,
        detail={"retention_category": case.retention_category},
    )
    files = [
        f"documents/{name}"
        for name in Document.objects.filter(case=case).values_list("stored_name", flat=True)
    ]
    # E-mails that spoke of this case alone go with its notifications.
    emails = set(
        Notification.objects.filter(case=case, email__isnull=False).values_list(
            "email_id", flat=True
        )
    )
    rows = case_rows_delete(case_id)
    if emails:
        EmailOutbox.objects.filter(pk__in=emails, notifications__isnull=True).delete()
    # Grants through django-guardian's generic table, should any exist.
    UserObjectPermission.objects.filter(
        content_type__app_label="cases", content_type__model="casefile", object_pk=str(case_id)
    ).delete()
    PendingFileRemoval.objects.bulk_create(
        [PendingFileRemoval(path=path) for path in files], ignore_conflicts=True
    )
    audit_record(
        actor=actor,
        action="case.deleted.rows",
        object_type="cases.casefile",
        object_id=case_id,
        detail={"rows": rows, "files": len(files)},
    )
    # Files and the cache once the rows are gone for good: a deletion that
    # rolls back leaves the case whole.
    transaction.on_commit(pending_files_remove, robust=True)
    transaction.on_commit(lambda: case_cache_delete(case_id), robust=True)
    return Deleted(case_id=case_id, rows=rows, files=len(files))


def pending_files_remove() -> int:
    """Remove from storage the files of deleted cases still waiting (after
    each deletion, and on the beat in case a process died in between);
    how many were removed."""
    storage = document_storage()
    removed = 0
    for pending in PendingFileRemoval.objects.order_by("id")[:1000]:
        name = pending.path.removeprefix("documents/")
        try:
            storage.delete(name)
        except OSError:
            logger.warning("A deleted case's file could not be removed yet: %s", pending.pk)
            continue
        pending.delete()
        removed += 1
    return removed


# -- the beat task ------------------------------------------------------------


@dataclass(frozen=True)
class NoticesSent:
    forces: int
    notifications: int


@transaction.atomic
def retention_notices_send(*, today: date | None = None) -> NoticesSent:
    """Tell each force's supervisors and SPOCs how many of its cases are due
    for a retention review, with a link to the list: one in-app notification
    each, at most once a day per force, however often it runs. The count
    only, never a case. For the workers (the beat, every morning)."""
    today = today or timezone.localdate()
    # One query over the review-date index: (force, how many due).
    due: dict[int, int] = dict(
        CaseFile.objects.filter(retention_review_on__lte=today)
        .values("force_id")
        .annotate(n=Count("id"))
        .values_list("force_id", "n")
    )
    if not due:
        return NoticesSent(forces=0, notifications=0)
    # The notice row is the once-a-day key: a second run (or one at the same
    # moment, which waits on the unique index) inserts nothing and tells no one.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {RetentionNotice._meta.db_table} (force_id, "on", cases_due)
            SELECT force_id, %s, n FROM unnest(%s::bigint[], %s::integer[]) AS d(force_id, n)
            ON CONFLICT (force_id, "on") DO NOTHING
            RETURNING force_id
            """,  # noqa: S608  (the table's name from the model; values are parameters)
            [today, list(due), list(due.values())],
        )
        mine = {row[0] for row in cursor.fetchall()}
    if not mine:
        return NoticesSent(forces=0, notifications=0)
    recipients = (
        Membership.objects.filter(
            organisation_id__in=mine,
            role__in=(Role.POLICE_SUPERVISOR, Role.POLICE_SPOC),
            user__is_active=True,
        )
        .values_list("user_id", "organisation_id", "organisation__name")
        .distinct()
    )
    link = reverse("cases:retention-due")
    now = timezone.now()
    notifications = []
    told: set[tuple[int, int]] = set()
    for user_id, force_id, force_name in recipients:
        if (user_id, force_id) in told:
            continue
        told.add((user_id, force_id))
        n = due[force_id]
        what = f"{n} case{'s' if n != 1 else ''} of {force_name} due for a retention review"
        notifications.append(
            Notification(
                recipient_id=user_id,
                kind=NotificationKind.RETENTION_REVIEW_DUE,
                what=what[:200],
                text=what[:300],
                due_on=today,
                link=link,
                created_at=now,
            )
        )
    Notification.objects.bulk_create(notifications)
    return NoticesSent(forces=len(mine), notifications=len(notifications))
