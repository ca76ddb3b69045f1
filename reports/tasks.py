"""The reports' Celery tasks, on the ``reports`` queue (CELERY_TASK_ROUTES).

Thin: each takes ids or a date and calls a service. Producing a report is
safe to deliver twice (``reports.services.report_produce`` claims it). The
time limits stay below the report's lease (``REPORT_LEASE``), so a report
is taken over only when its worker has really gone.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from reports import services
from reports.figures import dashboard_figures_warm


@shared_task(acks_late=True, soft_time_limit=8 * 60, time_limit=10 * 60)
def report_produce_task(report_id: int) -> bool:
    return services.report_produce(report_id=report_id)


@shared_task(acks_late=True)
def reports_schedule_task() -> int:
    """Beat, on the first day after a half-year closes: every scope's report."""
    return services.reports_schedule(today=timezone.localdate())


@shared_task(acks_late=True, soft_time_limit=4 * 60, time_limit=5 * 60)
def dashboard_figures_warm_task() -> int:
    """Beat, every 10 minutes: managers' dashboards read warm figures."""
    return dashboard_figures_warm()
