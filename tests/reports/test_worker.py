"""A report really produced by a Celery worker through Redis."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun, task_retry
from django.db import connections
from kombu import Queue

from rasso.celery import app
from reports import services
from reports.metrics import Period
from reports.models import ProgressReport, ProgressReportFile, ReportStatus
from reports.tasks import report_produce_task


@pytest.fixture
def worker_queue(transactional_db: Any, reference_data: Any) -> Iterator[str]:
    # A queue of the test's own, so no developer's worker takes the task.
    queue = f"test-reports-{uuid.uuid4().hex}"

    def close_connections(**kwargs: Any) -> None:
        connections.close_all()

    task_postrun.connect(close_connections, weak=False)
    try:
        with start_worker(app, pool="solo", queues=[queue], perform_ping_check=False):
            yield queue
    finally:
        task_postrun.disconnect(close_connections)
        # A retry waiting for its countdown went back to the queue when the
        # worker stopped: nobody will take it, so drop it.
        with app.connection_for_write() as connection:
            Queue(queue).bind(connection.default_channel).purge()


class TaskWatch:
    """Records when the worker has finished (or retried) one task."""

    def __init__(self, task_id: str) -> None:
        self.task_id = task_id
        self.done = threading.Event()
        self.retval: Any = None
        self.retry_in: Any = None

    def postrun(self, task_id: str, retval: Any = None, **kwargs: Any) -> None:
        if task_id == self.task_id:
            self.retval = retval
            self.done.set()

    def retry(self, request: Any, reason: Any = None, **kwargs: Any) -> None:
        if request.id == self.task_id:
            self.retry_in = reason.when
            self.done.set()


@pytest.fixture
def watch() -> Iterator[TaskWatch]:
    watching = TaskWatch(uuid.uuid4().hex)
    task_postrun.connect(watching.postrun, weak=False)
    task_retry.connect(watching.retry, weak=False)
    try:
        yield watching
    finally:
        task_postrun.disconnect(watching.postrun)
        task_retry.disconnect(watching.retry)


@pytest.mark.django_db(transaction=True)
def test_a_worker_produces_a_report(worker_queue: str, watch: TaskWatch) -> None:
    period = Period.parse("2026-H1")
    report = ProgressReport.objects.create(
        scope_kind="national", period_start=period.start, period_end=period.end
    )
    report_produce_task.apply_async(args=(report.pk,), queue=worker_queue)
    deadline = time.monotonic() + 90
    while True:
        report.refresh_from_db()
        if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
            break
        assert time.monotonic() < deadline, f"the worker did not finish: {report.status}"
        time.sleep(0.2)
    assert report.status == ReportStatus.DONE, report.error
    assert ProgressReportFile.objects.filter(report=report).count() == 1
    # Delivered again: the worker runs it, and nothing is redone.
    report_produce_task.apply_async(args=(report.pk,), queue=worker_queue, task_id=watch.task_id)
    assert watch.done.wait(60), "the worker did not run the second delivery"
    assert watch.retval is False
    assert watch.retry_in is None
    report.refresh_from_db()
    assert report.attempts == 1
    assert ProgressReportFile.objects.filter(report=report).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_redelivery_inside_a_live_lease_retries_when_it_runs_out(
    worker_queue: str, watch: TaskWatch
) -> None:
    period = Period.parse("2026-H1")
    report = ProgressReport.objects.create(
        scope_kind="national", period_start=period.start, period_end=period.end
    )
    # A first worker claimed the report and was killed; Celery puts its
    # message straight back, inside the dead claim's lease.
    assert services._claim(report.pk) == 1
    report_produce_task.apply_async(args=(report.pk,), queue=worker_queue, task_id=watch.task_id)
    assert watch.done.wait(60), "the worker did not run the redelivery"
    lease = services.REPORT_LEASE.total_seconds()
    margin = services.LEASE_MARGIN.total_seconds()
    assert watch.retry_in is not None, "the redelivery was acked without a retry"
    assert lease < watch.retry_in <= lease + margin + 1
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.RUNNING, 1)
