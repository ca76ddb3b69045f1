"""What the reminder stories share: a case, deadlines on fixed dates, a sweep.

Dates are fixed, in late May 2026, around the Spring bank holiday (Monday 25
May), so "within 3 working days" is tested against a real holiday from the
BankHoliday table.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from cases import services as case_services
from cases.models import CaseFile, Deadline
from rasso.accounts.models import Organisation, User
from rasso.celery import app
from tests.cases.factories import case_create

FRIDAY_BEFORE_HOLIDAY = date(2026, 5, 22)
BANK_HOLIDAY = date(2026, 5, 25)
# Three working days after Friday 22 May, skipping Monday 25 May.
THURSDAY = date(2026, 5, 28)
FRIDAY = date(2026, 5, 29)


def deadline_on(
    case: CaseFile,
    due_on: date,
    *,
    owner: User | None = None,
    organisation: Organisation | None = None,
    kind: str = "bail_review",
    description: str = "Bail return or released-under-investigation review",
) -> Deadline:
    return case_services.deadline_open(
        case=case,
        kind=kind,
        description=description,
        due_on=due_on,
        owner=owner,
        owner_organisation=organisation,
    )


@pytest.fixture
def case(personas: Any) -> CaseFile:
    return case_create(personas.officer)


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks queued on commit run at once, in the test's process: for tests
    about the database, not the broker (tests/notifications/test_worker.py
    runs them through Redis)."""
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False
