"""Celery: configuration, and a task really run by a worker through Redis."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connections
from django.utils import timezone

from rasso.accounts.tasks import sessions_clear_expired
from rasso.celery import app


def test_configuration_is_safe_for_a_redis_broker() -> None:
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.worker_prefetch_multiplier == 1
    # A task must be killed before Redis would redeliver it to a second worker.
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.task_routes["reports.tasks.*"] == {"queue": "reports"}


def test_beat_schedule_is_static_and_names_registered_tasks() -> None:
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


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


@pytest.mark.django_db(transaction=True)
def test_worker_clears_expired_sessions(worker_queue: str) -> None:
    expired = SessionStore()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    live = SessionStore()
    live.create()

    sessions_clear_expired.apply_async(queue=worker_queue)

    deadline = time.monotonic() + 20
    while Session.objects.filter(session_key=expired.session_key).exists():
        assert time.monotonic() < deadline, "the worker did not run the task"
        time.sleep(0.1)
    assert Session.objects.filter(session_key=live.session_key).exists()
    # Running it again is harmless.
    assert sessions_clear_expired() == 0
