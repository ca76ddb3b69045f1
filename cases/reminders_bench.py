"""How long the reminder sweep takes over a large deadline table.

``bench_reminder_sweep()`` runs in the database Django is connected to (the
benchmark's, which already holds cases): it adds open deadlines to its
cases, 1,000 of them due and the rest not, times the sweep, and takes every
row away again. The sweep reads only what is due, through the partial index
``deadline_open_due``, so its time must not grow with the undue deadlines:
it is measured with 50,000 deadlines and again with 500,000.

Everything happens in one transaction that is rolled back at the end, and
each timed sweep in a savepoint rolled back after it: no reminder,
notification or e-mail outlives the benchmark, and none is queued (the
tasks queued on commit never see a commit). The sweep's own commits are
savepoints here; a commit costs a WAL flush, a millisecond or two, three
times per sweep of 1,000.

The sweep's "today" is in 2001, before any real case's deadline, so the
database's own deadlines are never due and only the benchmark's are swept.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction

from cases.models import CaseFile, Deadline
from cases.reminders import (
    _CLAIM_SQL,
    DUE_SOON_WORKING_DAYS,
    REMINDER_BATCH_SIZE,
    reminders_send,
)
from cases.workdays import add_working_days

BENCH_TODAY = date(2001, 6, 4)  # a Monday
DUE = 1_000
SMALL_TABLE = 50_000
LARGE_TABLE = 500_000
RUNS = 5
TARGET_MS = 2_000
SOURCE = "bench:reminders"

# Deadlines spread over the cases in the database, owed by each case's OIC
# and force, as the real ones are; written in the server, not row by row.
_INSERT_SQL = f"""
INSERT INTO {Deadline._meta.db_table}
    (case_id, kind, description, due_on, owner_id, owner_organisation_id, source, status,
     opened_at)
SELECT c.id, 'bail_review', 'Bail return or released-under-investigation review',
       %(first)s::date + (g %% %(span)s), c.oic_id, c.force_id, %(source)s, 'open', now()
FROM generate_series(0, %(count)s - 1) AS g
JOIN (
    SELECT id, oic_id, force_id, (row_number() OVER (ORDER BY id)) - 1 AS n
    FROM {CaseFile._meta.db_table}
) AS c ON c.n = g %% %(cases)s
"""  # noqa: S608  (table names from the models; every value is a parameter)


def _insert(count: int, first: date, span_days: int, cases: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_SQL,
            {"first": first, "span": span_days, "count": count, "source": SOURCE, "cases": cases},
        )
        cursor.execute(f"ANALYZE {Deadline._meta.db_table}")


def _sweep_times() -> tuple[list[float], dict[str, int]]:
    times: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(RUNS):
        with transaction.atomic():
            started = time.perf_counter()
            result = reminders_send(today=BENCH_TODAY)
            times.append((time.perf_counter() - started) * 1000)
            counts = {
                "reminders": result.reminders,
                "notifications": result.notifications,
                "emails": result.emails,
            }
            # Undo this run's reminders: the next run finds the same work.
            transaction.set_rollback(True)
    return times, counts


def _plan_uses_index(horizon: date) -> bool:
    """Whether the sweep's claim reads the deadlines through the partial index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN " + _CLAIM_SQL,
            {"today": BENCH_TODAY, "horizon": horizon, "limit": REMINDER_BATCH_SIZE, "now": None},
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return "deadline_open_due" in plan


def bench_reminder_sweep() -> dict[str, Any]:
    """The sweep's median time over 1,000 due deadlines among 50,000 and
    among 500,000 open ones. Needs cases in the database; leaves nothing."""
    cases = CaseFile.objects.count()
    if cases == 0:
        return {"skipped": "no cases in the database: seed it first"}
    horizon = add_working_days(BENCH_TODAY, DUE_SOON_WORKING_DAYS)
    with transaction.atomic():
        started = time.perf_counter()
        # Due: from two days overdue to due soon (all within the horizon).
        _insert(DUE, BENCH_TODAY - timedelta(days=2), 5, cases)
        # Not due: from the day after the horizon to ten years on.
        _insert(SMALL_TABLE - DUE, horizon + timedelta(days=1), 3650, cases)
        small_times, counts = _sweep_times()
        _insert(LARGE_TABLE - SMALL_TABLE, horizon + timedelta(days=1), 3650, cases)
        setup_seconds = time.perf_counter() - started
        large_times, large_counts = _sweep_times()
        uses_index = _plan_uses_index(horizon)
        transaction.set_rollback(True)
    small = statistics.median(small_times)
    large = statistics.median(large_times)
    return {
        "due_deadlines": DUE,
        "open_deadlines": LARGE_TABLE,
        "sweep_median_ms": round(large, 1),
        "sweep_runs_ms": [round(t, 1) for t in large_times],
        "at_50000_open_deadlines_median_ms": round(small, 1),
        "growth_500000_over_50000": round(large / small, 2) if small else None,
        "reminders_per_sweep": large_counts["reminders"],
        "notifications_per_sweep": large_counts["notifications"],
        "emails_per_sweep": large_counts["emails"],
        "same_work_at_both_sizes": counts == large_counts,
        "plan_uses_deadline_open_due": uses_index,
        "target_ms": TARGET_MS,
        "meets_target": large < TARGET_MS,
        "setup_seconds_incl_50000_runs": round(setup_seconds, 1),
        "cases_in_database": cases,
    }
