"""Who may review a case's retention, hold it or delete it, and when: each
rule returns its refusal reason or None (the service raises the reason; the
page offers the action exactly when there is none).

Retention is the force's: its police supervisors and SPOCs act on it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from cases.models import CaseFile, CaseStatus, RetentionCategory, Suspect
from cases.retention.models import LegalHold
from cases.retention.schedule import HOLD_GUARD_DAYS, period
from cases.rules import is_police_supervisor_of
from rasso.accounts.models import User


def manage_refusal(user: User, case: CaseFile) -> str | None:
    if is_police_supervisor_of(user, case.force_id):
        return None
    return "Only a supervisor or SPOC of the case's force can review its retention"


def review_refusal(user: User, case: CaseFile, today: date) -> str | None:
    """Retain (or delete) a case: a supervisor, once its review is due."""
    if refusal := manage_refusal(user, case):
        return refusal
    if case.retention_review_on is None:
        return "An open case has no retention review"
    if case.retention_review_on > today:
        due = case.retention_review_on
        return f"This case is not due for a retention review until {due:%-d %B %Y}"
    return None


def kept_until(case: CaseFile) -> date | None:
    """Group 1: the day the youngest person convicted would be 100 (the
    table's age), before which the case is never deleted; ``date.max`` when a
    date of birth is not recorded (kept, as the guidance says, until it is)."""
    if case.retention_category != RetentionCategory.CONVICTION:
        return None
    age = period(RetentionCategory.CONVICTION, case.force_id).keep_until_age
    if not age:
        return None
    births = list(Suspect.objects.filter(case=case).values_list("date_of_birth", flat=True))
    if not births or any(born is None for born in births):
        return date.max
    youngest = max(b for b in births if b is not None)
    try:
        return youngest.replace(year=youngest.year + age)
    except ValueError:  # born on 29 February
        return date(youngest.year + age, 3, 1)


def delete_refusal(user: User, case: CaseFile, today: date, hold: LegalHold | None) -> str | None:
    """Delete a case at its review: not under a legal hold, and (group 1) not
    before the person convicted would be 100."""
    if refusal := review_refusal(user, case, today):
        return refusal
    if hold is not None:
        return f"The case is under a legal hold and cannot be deleted: {hold.reason}"
    until = kept_until(case)
    if until == date.max:
        return (
            "A case with a conviction is kept until the person convicted would be 100, "
            "and a suspect's date of birth is not recorded: retain it"
        )
    if until is not None and today < until:
        return (
            "A case with a conviction is kept until the person convicted would be 100, "
            f"on {until:%-d %B %Y}: retain it"
        )
    return None


def hold_place_refusal(user: User, case: CaseFile, hold: LegalHold | None) -> str | None:
    if refusal := manage_refusal(user, case):
        return refusal
    if hold is not None:
        return "The case is already under a legal hold"
    return None


def hold_liftable_on(hold: LegalHold) -> date:
    return timezone.localtime(hold.placed_at + timedelta(days=HOLD_GUARD_DAYS)).date()


def hold_lift_refusal(
    user: User, case: CaseFile, hold: LegalHold | None, now: datetime
) -> str | None:
    """Lift a hold: not within the guard period after it was placed."""
    if refusal := manage_refusal(user, case):
        return refusal
    if hold is None:
        return "The case is not under a legal hold"
    if now < hold.placed_at + timedelta(days=HOLD_GUARD_DAYS):
        return (
            f"A legal hold cannot be lifted within {HOLD_GUARD_DAYS} days of being placed: "
            f"it can be lifted from {hold_liftable_on(hold):%-d %B %Y}"
        )
    return None


def created_in_error_refusal(user: User, case: CaseFile) -> str | None:
    """Close a case as created in error: a supervisor or SPOC of the force,
    while the police still hold it (a draft or under investigation)."""
    if not is_police_supervisor_of(user, case.force_id):
        return "Only a supervisor or SPOC of the case's force can close it as created in error"
    if not case.can_move_to(CaseStatus.CREATED_IN_ERROR):
        return "Only a draft or a case under investigation can be closed as created in error"
    return None
