"""The retention schedule: which MoPI category a case's outcome puts it in,
and when it is next reviewed.

The periods are one table (``RetentionPeriod``, loaded by a migration with
the defaults below), which a force may override (``ForceRetentionPeriod``),
both in the admin; nothing else writes a number of months.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from cases.models import CONVICTIONS, CaseFile, CaseStatus, CourtResult, RetentionCategory

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


def closed_cases_date() -> int:
    """Give every closed case without a review date one, its last change
    standing for the outcome's date, a finalised case with no recorded result
    taken as a conviction (kept the longest): for cases written in bulk
    without the services (``seed_demo``). How many were dated."""
    from django.db import connection

    months = {str(category): period(category).review_after_months for category in DEFAULT_PERIODS}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH closed AS (
                SELECT id,
                       CASE WHEN status = 'created_in_error' THEN %(in_error)s
                            WHEN status = 'finalised' AND court_result <> ALL(%(acquittals)s)
                                THEN %(conviction)s
                            ELSE %(other)s END AS category,
                       (updated_at AT TIME ZONE %(zone)s)::date AS outcome_on
                FROM cases_casefile
                WHERE status = ANY(%(closed)s) AND retention_review_on IS NULL
            )
            UPDATE cases_casefile c
            SET retention_category = closed.category,
                retention_from = closed.outcome_on,
                retention_review_on = (closed.outcome_on
                    + make_interval(months => (%(months)s::jsonb ->> closed.category)::int))::date
            FROM closed WHERE c.id = closed.id
            """,
            {
                # Plain strings: psycopg adapts no subclass of str in a list.
                "in_error": str(RetentionCategory.CREATED_IN_ERROR),
                "conviction": str(RetentionCategory.CONVICTION),
                "other": str(RetentionCategory.OTHER_SEXUAL_OFFENCE),
                "acquittals": [str(r) for r in CourtResult.values if r not in CONVICTIONS],
                "zone": settings.TIME_ZONE,
                "closed": sorted(str(status) for status in CLOSED),
                "months": json.dumps(months),
            },
        )
        dated: int = cursor.rowcount
        return dated
