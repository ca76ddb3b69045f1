"""The reminder sweep run by a real Celery worker through Redis: the e-mails
it queues on commit go out through the same worker, each once."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.utils import timezone

from cases import services as case_services
from cases.tasks import reminders_sweep
from rasso.celery import app
from rasso.notifications.models import EmailOutbox, Notification, OutboxStatus, Reminder
from rasso.notifications.tasks import email_outbox_retry, email_outbox_send_task
from tests.cases.factories import case_create
from tests.conftest import Personas, load_reference_data, org
from tests.notifications.conftest import deadline_on

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference(transactional_db: Any) -> None:
    # Autouse, so it runs before ``personas`` needs Kent.
    load_reference_data()


@pytest.fixture
def worker_queue(transactional_db: Any) -> Iterator[str]:
    # A queue of the test's own, so a developer's running worker never takes
    # the task and this worker never takes theirs.
    queue = f"test-{uuid.uuid4().hex}"

    # The worker runs tasks in a thread of its own, with its own database
    # connection: close it after each task, or the test database cannot be
    # dropped at the end of the run.
    def close_connections(**kwargs: Any) -> None:
        connections.close_all()

    task_postrun.connect(close_connections, weak=False)
    try:
        with start_worker(app, pool="solo", queues=[queue], perform_ping_check=False):
            yield queue
    finally:
        task_postrun.disconnect(close_connections)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"the worker did not {what}"
        time.sleep(0.1)


@pytest.fixture
def finished_tasks() -> Iterator[list[str]]:
    """The names of the tasks the worker has finished, in order."""
    finished: list[str] = []

    def record(sender: Any = None, **kwargs: Any) -> None:
        finished.append(sender.name)

    task_postrun.connect(record, weak=False)
    try:
        yield finished
    finally:
        task_postrun.disconnect(record)


def test_the_worker_sends_each_stage_once(
    personas: Personas, worker_queue: str, finished_tasks: list[str]
) -> None:
    today = timezone.localdate()
    case = case_create(personas.officer)
    due_today = deadline_on(case, today, owner=personas.officer, organisation=org("Kent"))
    overdue = deadline_on(
        case, today - timedelta(days=10), owner=personas.officer, organisation=org("Kent")
    )
    met = deadline_on(case, today, owner=personas.officer)
    case_services.deadline_meet(deadline=met, actor=personas.officer)

    reminders_sweep.apply_async(queue=worker_queue)

    # Due today to the officer; overdue to the officer and their supervisor,
    # sent by the task the sweep queued on commit (on the sweep's own queue).
    wait_for(lambda: email_outbox_send_task.name in finished_tasks, "send the e-mails")
    assert finished_tasks == [reminders_sweep.name, email_outbox_send_task.name]
    assert len(mail.outbox) == 3
    assert set(Reminder.objects.values_list("deadline_id", "stage")) == {
        (due_today.pk, "due_today"),
        (overdue.pk, "overdue"),
    }
    assert Notification.objects.count() == 3
    assert not Reminder.objects.filter(deadline=met).exists()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        [personas.officer.email, personas.officer.email, personas.supervisor.email]
    )

    # The sweep again, and the retry sweep: nothing new, nothing twice.
    reminders_sweep.apply_async(queue=worker_queue)
    email_outbox_retry.apply_async(queue=worker_queue)
    wait_for(lambda: finished_tasks.count(email_outbox_retry.name) == 1, "run the second sweep")
    assert finished_tasks.count(reminders_sweep.name) == 2
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 3
    assert EmailOutbox.objects.filter(status=OutboxStatus.SENT).count() == 3
    assert len(mail.outbox) == 3
