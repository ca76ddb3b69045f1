"""A report really produced by a Celery worker through Redis."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from rasso.celery import app
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


@pytest.mark.django_db(transaction=True)
def test_a_worker_produces_a_report(worker_queue: str) -> None:
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
    # Delivered again: nothing is redone.
    report_produce_task.apply_async(args=(report.pk,), queue=worker_queue)
    time.sleep(2)
    report.refresh_from_db()
    assert report.attempts == 1
