"""The reports' Celery tasks, on the ``reports`` queue (CELERY_TASK_ROUTES).

Thin: each takes ids or a date and calls a service. Producing a report is
safe to deliver twice (``reports.services.report_produce`` claims it). The
time limits stay below the report's lease (``REPORT_LEASE``), so a report
is taken over only when its worker has really gone.

A killed worker's message comes straight back (CELERY_TASK_REJECT_ON_WORKER_LOST)
while the dead claim's lease still runs: that delivery retries once the
lease has run out, and the sweep on the beat catches anything else lost.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone

from reports import services
from reports.figures import dashboard_figures_warm


# Retries only wait out a lease: a few are plenty, the sweep does the rest.
@shared_task(bind=True, acks_late=True, soft_time_limit=8 * 60, time_limit=10 * 60, max_retries=3)
def report_produce_task(self: Any, report_id: int) -> bool:
    if services.report_produce(report_id=report_id):
        return True
    # Held by a claim whose lease still runs: its worker may have died (this
    # may be its message, redelivered), so look again once the lease is out.
    wait = services.report_lease_left(report_id=report_id)
    if wait is not None:
        raise self.retry(countdown=int(wait.total_seconds()) + 1)
    return False


@shared_task(acks_late=True)
def reports_requeue_stale_task() -> int:
    """Beat, every 5 minutes: reports whose worker died or whose message was lost."""
    return services.reports_requeue_stale(now=timezone.now())


@shared_task(acks_late=True)
def reports_schedule_task() -> int:
    """Beat, on the first day after a half-year closes: every scope's report."""
    return services.reports_schedule(today=timezone.localdate())


@shared_task(acks_late=True, soft_time_limit=4 * 60, time_limit=5 * 60)
def dashboard_figures_warm_task() -> int:
    """Beat, every 10 minutes: managers' dashboards read warm figures."""
    return dashboard_figures_warm()
