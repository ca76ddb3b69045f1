"""Sweeps and senders side by side: real threads, each with its own database
connection, so PostgreSQL's locks and unique index do the work, not the
test's transaction. These tests commit, so they reload the reference data
that the flush after each one removes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection, transaction

from cases import reminders
from cases.models import CaseFile
from cases.reminders import SweepResult, reminders_send
from rasso.notifications.models import EmailOutbox, Notification, OutboxStatus, Reminder
from rasso.notifications.services import email_outbox_send
from tests.cases.factories import case_create
from tests.conftest import Personas, load_reference_data
from tests.notifications.conftest import THURSDAY, deadline_on

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference(transactional_db: Any) -> None:
    # Autouse, so it runs before ``personas`` needs Kent.
    load_reference_data()


def at_the_same_time(*actions: Callable[[], object]) -> list[object]:
    """Run each action in its own thread (and database connection), released
    together; return what each returned or raised, in order."""
    outcomes: list[object] = [None] * len(actions)
    start = threading.Barrier(len(actions))

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            outcomes[index] = action()
        except Exception as error:  # noqa: BLE001 - handed back to the test to assert on
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a thread is stuck (a lock never released?)"
    return outcomes


def test_two_sweeps_at_once_send_each_reminder_once(
    personas: Personas, eager_tasks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = case_create(personas.officer)
    other = case_create(personas.colleague)
    for number in range(24):
        deadline_on(case if number % 2 else other, THURSDAY, owner=personas.officer)
    # Each batch holds its transaction open a little longer, so the two
    # sweeps' transactions certainly overlap.
    recipients = reminders._reminder_recipients

    def slowly(*args: Any) -> Any:
        time.sleep(0.05)
        return recipients(*args)

    monkeypatch.setattr(reminders, "_reminder_recipients", slowly)

    def sweep() -> SweepResult:
        return reminders_send(today=THURSDAY, batch_size=5)

    outcomes = at_the_same_time(sweep, sweep, sweep)

    assert all(isinstance(outcome, SweepResult) for outcome in outcomes), outcomes
    assert sum(outcome.reminders for outcome in outcomes) == 24  # type: ignore[attr-defined]
    assert Reminder.objects.count() == 24
    assert Notification.objects.count() == 24
    # Each e-mail went once, queued when its batch committed.
    assert EmailOutbox.objects.filter(status=OutboxStatus.SENT).count() == 24
    assert len(mail.outbox) == 24
    assert len({message.extra_headers["Message-ID"] for message in mail.outbox}) == 24
    # And a sweep afterwards has nothing left to do.
    assert reminders_send(today=THURSDAY).reminders == 0


def test_an_email_another_worker_is_sending_is_left_to_it(
    personas: Personas, settings: Any
) -> None:
    case = case_create(personas.officer)
    deadline_on(case, THURSDAY, owner=personas.officer)
    reminders_send(today=THURSDAY)
    row = EmailOutbox.objects.get()
    holding = threading.Event()
    release = threading.Event()

    def other_worker() -> None:
        # A worker that claimed the row and is talking to the mail server.
        try:
            with transaction.atomic():
                EmailOutbox.objects.select_for_update().get(pk=row.pk)
                holding.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        started = time.monotonic()
        assert email_outbox_send(outbox_id=row.pk) is False
        # Skipped at once, not waited for.
        assert time.monotonic() - started < 2
        assert mail.outbox == []
    finally:
        release.set()
        thread.join(timeout=10)

    assert email_outbox_send(outbox_id=row.pk) is True
    assert email_outbox_send(outbox_id=row.pk) is False
    assert len(mail.outbox) == 1


def test_a_batch_of_locked_cases_does_not_end_the_sweep(
    personas: Personas, eager_tasks: None
) -> None:
    """The first batch's deadlines all belong to a case a user is changing:
    they are left for the next sweep, and the sweep goes on to the rest."""
    busy = case_create(personas.officer)
    free = case_create(personas.officer)
    earlier = [
        deadline_on(busy, THURSDAY - timedelta(days=1), owner=personas.officer) for _ in range(2)
    ]
    later = [deadline_on(free, THURSDAY, owner=personas.officer) for _ in range(2)]
    locked = threading.Event()
    release = threading.Event()

    def a_user_edits_the_busy_case() -> None:
        with transaction.atomic():
            CaseFile.objects.select_for_update().get(pk=busy.pk)
            locked.set()
            release.wait(timeout=30)

    def sweep() -> SweepResult:
        assert locked.wait(timeout=10)
        try:
            return reminders_send(today=THURSDAY, batch_size=2)
        finally:
            release.set()

    _, result = at_the_same_time(a_user_edits_the_busy_case, sweep)
    assert isinstance(result, SweepResult), result
    assert set(Reminder.objects.values_list("deadline_id", flat=True)) == {d.pk for d in later}
    # The next sweep, with the case free, sends the rest.
    assert reminders_send(today=THURSDAY).reminders == len(earlier)
