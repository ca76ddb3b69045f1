"""Asking for, producing, retrying, publishing and scheduling reports."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from rasso.accounts.models import Organisation, User
from rasso.core.errors import DomainError
from reports import services
from reports.documents import report_render
from reports.metrics import Period
from reports.models import ProgressReport, ProgressReportFile, ReportStatus, ScopeKind
from tests.conftest import Personas

H1 = Period.parse("2026-H1")


def kent() -> Organisation:
    return Organisation.objects.get(name="Kent")


def test_a_manager_asks_for_a_report_in_their_scope(kent_manager: User) -> None:
    report = services.report_request(actor=kent_manager, organisation=kent(), period=H1)
    assert report.status == ReportStatus.QUEUED
    assert report.scope_kind == ScopeKind.POLICE_FORCE
    assert (report.period_start, report.period_end) == (date(2026, 4, 1), date(2026, 9, 30))


def test_a_force_manager_cannot_ask_for_another_scope(kent_manager: User) -> None:
    with pytest.raises(DomainError, match="your own scope"):
        services.report_request(
            actor=kent_manager, organisation=Organisation.objects.get(name="Durham"), period=H1
        )
    with pytest.raises(DomainError, match="your own scope"):
        services.report_request(actor=kent_manager, organisation=None, period=H1)
    assert not ProgressReport.objects.exists()


def test_others_cannot_ask_for_reports(personas: Personas) -> None:
    for user in (personas.officer, personas.prosecutor, personas.panel_member):
        with pytest.raises(DomainError):
            services.report_request(actor=user, organisation=kent(), period=H1)


def test_a_period_that_has_not_started_is_refused(personas: Personas) -> None:
    future = Period.half_containing(timezone.localdate() + timedelta(days=200))
    with pytest.raises(DomainError, match="not started"):
        services.report_request(actor=personas.manager, organisation=None, period=future)


def test_the_task_run_twice_produces_one_pdf(personas: Personas) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)
    assert services.report_produce(report_id=report.pk) is True
    first = ProgressReportFile.objects.get(report=report)
    # Redelivered: the report is done, so nothing is redone.
    assert services.report_produce(report_id=report.pk) is False
    assert ProgressReportFile.objects.filter(report=report).count() == 1
    assert ProgressReportFile.objects.get(report=report).pdf_sha256 == first.pdf_sha256
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.attempts == 1
    assert bytes(first.pdf).startswith(b"%PDF")


def test_a_report_held_by_a_live_worker_is_left_alone(personas: Personas) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, lease_until=timezone.now() + timedelta(minutes=5), attempts=1
    )
    assert services.report_produce(report_id=report.pk) is False
    assert not ProgressReportFile.objects.filter(report=report).exists()


def test_a_task_killed_mid_way_is_completed_when_redelivered(personas: Personas) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)
    # The first worker claimed it and died: running, its lease long gone.
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, lease_until=timezone.now() - timedelta(minutes=1), attempts=1
    )
    assert services.report_produce(report_id=report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.attempts == 2
    assert ProgressReportFile.objects.filter(report=report).count() == 1


def _lease_runs_out(report: ProgressReport) -> None:
    # The clock moves past the dead claim's lease (15 minutes).
    ProgressReport.objects.filter(pk=report.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )


def test_a_redelivery_inside_a_live_lease_is_not_lost(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)
    # The first worker claims the report and is killed before it finishes.
    assert services._claim(report.pk) == 1
    # Celery puts the killed worker's message straight back: it comes while
    # the dead claim's lease still runs, so it cannot take the report...
    assert services.report_produce(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING
    # ...and asks to be retried once the lease has run out.
    wait = services.report_lease_left(report_id=report.pk)
    assert wait is not None
    assert services.REPORT_LEASE < wait <= services.REPORT_LEASE + services.LEASE_MARGIN
    # The sweep leaves a live lease alone.
    with django_capture_on_commit_callbacks() as queued:
        assert services.reports_requeue_stale(now=timezone.now()) == 0
    assert queued == []

    _lease_runs_out(report)
    assert services.report_lease_left(report_id=report.pk) is None
    with django_capture_on_commit_callbacks() as queued:
        assert services.reports_requeue_stale(now=timezone.now()) == 1
    assert len(queued) == 1
    # The requeued task (or the retry) now completes it.
    assert services.report_produce(report_id=report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.attempts == 2
    assert ProgressReportFile.objects.filter(report=report).count() == 1
    # Done: the sweep and a further retry leave it alone.
    assert services.report_lease_left(report_id=report.pk) is None
    with django_capture_on_commit_callbacks() as queued:
        assert services.reports_requeue_stale(now=timezone.now()) == 0


def test_a_queued_report_whose_task_was_lost_is_produced_by_the_sweep(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)
    # Its message never reached a worker (the broker restarted).
    with django_capture_on_commit_callbacks() as queued:
        assert services.reports_requeue_stale(now=timezone.now()) == 0
    assert queued == []
    later = timezone.now() + services.QUEUED_GRACE + timedelta(minutes=1)
    with django_capture_on_commit_callbacks() as queued:
        assert services.reports_requeue_stale(now=later) == 1
    assert len(queued) == 1
    assert services.report_produce(report_id=report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.attempts == 1


def test_a_report_that_keeps_killing_its_worker_is_given_up(personas: Personas) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        assert services._claim(report.pk) == attempt
        _lease_runs_out(report)
    # A claim more is refused; the sweep fails it with a message.
    assert services._claim(report.pk) is None
    assert services.reports_requeue_stale(now=timezone.now()) == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == services.GIVEN_UP_MESSAGE
    # A manager may try again.
    services.report_retry(actor=personas.manager, report=report)
    assert services.report_produce(report_id=report.pk) is True


def test_a_claim_overtaken_by_another_stores_nothing(personas: Personas, monkeypatch: Any) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)
    render = report_render

    def slow_render(*args: Any, **kwargs: Any) -> Any:
        # While this worker renders, its lease expires and another takes over.
        ProgressReport.objects.filter(pk=report.pk).update(attempts=5)
        return render(*args, **kwargs)

    monkeypatch.setattr(services, "report_render", slow_render)
    assert services.report_produce(report_id=report.pk) is False
    assert not ProgressReportFile.objects.filter(report=report).exists()


def test_a_failure_is_recorded_without_a_trace_and_can_be_retried(
    personas: Personas, monkeypatch: Any
) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals: Traceback")

    monkeypatch.setattr(services, "report_render", broken)
    assert services.report_produce(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == services.FAILED_MESSAGE
    assert "secret" not in report.error
    # A failed report is not taken up again until someone retries it.
    monkeypatch.undo()
    assert services.report_produce(report_id=report.pk) is False
    services.report_retry(actor=personas.manager, report=report)
    assert services.report_produce(report_id=report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.error == ""


def test_only_a_failed_report_is_retried(personas: Personas) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)
    with pytest.raises(DomainError, match="failed"):
        services.report_retry(actor=personas.manager, report=report)


def test_a_national_manager_publishes_a_finished_national_report(
    personas: Personas, kent_manager: User
) -> None:
    report = services.report_request(actor=personas.manager, organisation=None, period=H1)
    with pytest.raises(DomainError, match="finished"):
        services.report_publish(actor=personas.manager, report=report)
    services.report_produce(report_id=report.pk)
    with pytest.raises(DomainError, match="national manager"):
        services.report_publish(actor=kent_manager, report=report)
    services.report_publish(actor=personas.manager, report=report)
    report.refresh_from_db()
    assert report.published_at is not None


def test_a_force_report_cannot_be_published(personas: Personas) -> None:
    report = services.report_request(actor=personas.manager, organisation=kent(), period=H1)
    services.report_produce(report_id=report.pk)
    with pytest.raises(DomainError, match="national report"):
        services.report_publish(actor=personas.manager, report=report)


def test_the_schedule_queues_every_scope_once(personas: Personas) -> None:
    queued = services.reports_schedule(today=date(2026, 10, 1))
    scopes = Organisation.objects.filter(kind__in=["cps_area", "police_force"]).count()
    assert queued == scopes + 1
    assert set(ProgressReport.objects.values_list("period_start", "period_end")) == {
        (date(2026, 4, 1), date(2026, 9, 30))
    }
    assert services.reports_schedule(today=date(2026, 10, 1)) == 0
    assert ProgressReport.objects.count() == scopes + 1
