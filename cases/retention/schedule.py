"""The retention schedule: which MoPI category a case's outcome puts it in,
and when it is next reviewed.

The periods are one table (``RetentionPeriod``, loaded by a migration with
the defaults below), which a force may override (``ForceRetentionPeriod``),
both in the admin; nothing else writes a number of months.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from cases.models import CONVICTIONS, CaseFile, CaseStatus, RetentionCategory

# A legal hold cannot be lifted within this many days of being placed.
HOLD_GUARD_DAYS = 30


@dataclass(frozen=True)
class Period:
    review_after_months: int
    keep_until_age: int | None = None


# The defaults the migration loads (after the MoPI guidance): a conviction for
# a serious sexual offence is group 1, reviewed every 10 years and kept until
# the person convicted would be 100; any other sexual offence case, NFA
# included, is group 2, reviewed after 10 clear years; a case created in
# error is reviewed after 6 months.
DEFAULT_PERIODS: dict[str, Period] = {
    RetentionCategory.CONVICTION: Period(120, keep_until_age=100),
    RetentionCategory.OTHER_SEXUAL_OFFENCE: Period(120),
    RetentionCategory.CREATED_IN_ERROR: Period(6),
}

# The statuses that end a case: each puts it in a category from that day.
CLOSED = frozenset(
    {
        CaseStatus.POLICE_NFA,
        CaseStatus.CPS_NFA,
        CaseStatus.FINALISED,
        CaseStatus.CREATED_IN_ERROR,
    }
)


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months (31 January + 1 month is the
    last day of February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period(category: str, force_id: int | None = None) -> Period:
    """The period of ``category`` for the force: its own, else the table's
    default, else the code's (a table emptied by mistake still retains)."""
    from cases.retention.models import ForceRetentionPeriod, RetentionPeriod

    default = RetentionPeriod.objects.filter(category=category).first()
    base = (
        Period(default.review_after_months, default.keep_until_age)
        if default is not None
        else DEFAULT_PERIODS[category]
    )
    if force_id is not None:
        months = (
            ForceRetentionPeriod.objects.filter(force_id=force_id, category=category)
            .values_list("review_after_months", flat=True)
            .first()
        )
        if months is not None:
            return Period(months, base.keep_until_age)
    return base


def category_of(case: CaseFile) -> str:
    """The category a closed case's outcome puts it in ('' while open)."""
    if case.status == CaseStatus.CREATED_IN_ERROR:
        return RetentionCategory.CREATED_IN_ERROR
    if case.status == CaseStatus.FINALISED and case.court_result in CONVICTIONS:
        return RetentionCategory.CONVICTION
    if case.status in CLOSED:
        return RetentionCategory.OTHER_SEXUAL_OFFENCE
    return ""


def outcome_apply(case: CaseFile, outcome_on: date) -> list[str]:
    """Set the case's retention from its status, the outcome dated
    ``outcome_on`` (the NFA decision, the court result, the day it was found
    created in error); a reopened case has none again. For the services that
    change the status: the fields changed, to save with theirs."""
    category = category_of(case)
    if category:
        review_on = add_months(outcome_on, period(category, case.force_id).review_after_months)
        values: dict[str, object] = {
            "retention_category": category,
            "retention_from": outcome_on,
            "retention_review_on": review_on,
        }
    else:
        values = {"retention_category": "", "retention_from": None, "retention_review_on": None}
    changed = [name for name, value in values.items() if getattr(case, name) != value]
    for name in changed:
        setattr(case, name, values[name])
    return changed
