"""Every change to a progress report: asking for one, producing it (the
Celery task's work), retrying a failed one, publishing a national one, and
the half-yearly schedule.

Producing a report is safe to run twice, or after a worker died half-way:
the task claims the report with one UPDATE ... WHERE status = 'queued' (or
'running' with an expired lease), a compare-and-set that only one delivery
can win; the files and the "done" status are written in one transaction
and only by the claim that still holds the report. A report that is done is
never redone.

Nothing is lost when a worker dies. Celery puts a killed worker's message
straight back on the queue, so it comes back while the dead claim's lease
still runs: that delivery asks to be retried once the lease has run out
(``report_lease_left``, reports.tasks). And every few minutes beat queues
again whatever is still waiting (``reports_requeue_stale``): a report
running with an expired lease, or one queued long ago whose message was
lost. Queuing twice is harmless: only one delivery wins the claim.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from rasso.accounts.models import Organisation, OrganisationKind, User
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, Forbidden
from reports import rules
from reports.documents import report_render
from reports.metrics import Period, Scope
from reports.models import (
    ProgressReport,
    ProgressReportFile,
    ReportKind,
    ReportStatus,
    ScopeKind,
)

logger = logging.getLogger(__name__)

# How long a claim holds a running report. Longer than the task's hard time
# limit (reports.tasks), so a live worker never loses its report to another.
REPORT_LEASE = timedelta(minutes=15)
# A delivery that finds the report held retries this long after the lease
# ends, so that the lease has surely run out by then.
LEASE_MARGIN = timedelta(seconds=30)
# A report queued this long ago and not yet taken has lost its message (a
# broker restart, a worker killed before it took the task): it is queued
# again. Longer than a busy queue usually takes to reach a report.
QUEUED_GRACE = timedelta(minutes=10)
# Claims a report may have before it is given up as failed: a report that
# kills its worker each time (out of memory) must not be retried for ever.
MAX_ATTEMPTS = 3
# The earliest period a report may cover: before the service existed there
# is nothing to count, and a typo (1026-H1) should not look like a report.
EARLIEST_START = date(2020, 4, 1)
# The longest span asked for on demand: two financial years.
LONGEST_SPAN = timedelta(days=731)

FAILED_MESSAGE = (
    "The report could not be produced because of an unexpected error. Try again; if it "
    "fails again, tell the service desk the report's number."
)
TIMED_OUT_MESSAGE = "The report took too long to produce. Try again when the service is quieter."


def report_scope(report: ProgressReport) -> Scope:
    if report.scope_kind == ScopeKind.NATIONAL or report.organisation is None:
        return Scope.national()
    return Scope.of(report.organisation)


def report_period(report: ProgressReport) -> Period:
    return Period(report.period_start, report.period_end)


def _check_period(period: Period) -> None:
    if period.end < period.start:
        raise DomainError("The end of the period must be on or after its start")
    if period.start < EARLIEST_START:
        raise DomainError("A report can cover periods from April 2020 onwards")
    if period.start > timezone.localdate():
        raise DomainError("A report cannot cover a period that has not started")
    if period.end - period.start > LONGEST_SPAN:
        raise DomainError("A report covers at most two years")


def _queue(report: ProgressReport) -> None:
    from reports.tasks import report_produce_task

    # On commit: a worker must find the report row, and a rolled-back
    # request must queue nothing.
    pk = report.pk
    # Robust: with the broker down the request still stands, and the beat's
    # sweep queues it once the broker is back.
    transaction.on_commit(lambda: report_produce_task.delay(pk), robust=True)


@transaction.atomic
def report_request(
    *, actor: User, organisation: Organisation | None, period: Period
) -> ProgressReport:
    """A manager asks for a report on ``organisation`` (None: national) for
    ``period``; it must lie within their scope. The report is queued and
    produced on the ``reports`` queue once this transaction commits."""
    if not rules.may_report_on(actor, organisation):
        raise Forbidden("You can ask for reports only within your own scope")
    _check_period(period)
    scope = Scope.of(organisation)
    report = ProgressReport.objects.create(
        scope_kind=scope.kind,
        organisation=None if scope.is_national else organisation,
        period_start=period.start,
        period_end=period.end,
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="report.requested",
        obj=report,
        detail={"scope": scope.key, "period": period.name},
    )
    _queue(report)
    return report


def year_just_closed(today: date) -> Period:
    """The latest financial year to have ended before ``today``."""
    return Period.financial_year(today.year - 1 if today.month >= 4 else today.year - 2)


@transaction.atomic
def panel_summary_request(*, actor: User, period: Period) -> ProgressReport:
    """A national manager asks for the scrutiny panels' summary of themes and
    learning for a financial year that has ended; it is produced and
    published like a national progress report."""
    if not rules.is_national_manager(actor):
        raise Forbidden("Only a national manager can ask for the scrutiny panels' summary")
    if period.year_name is None:
        raise DomainError("The scrutiny panels' summary covers a financial year")
    _check_period(period)
    if period.end >= timezone.localdate():
        raise DomainError("The scrutiny panels' summary covers a financial year that has ended")
    report = ProgressReport.objects.create(
        kind=ReportKind.PANELS,
        scope_kind=ScopeKind.NATIONAL,
        period_start=period.start,
        period_end=period.end,
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="report.requested",
        obj=report,
        detail={"kind": report.kind, "scope": "national", "period": period.name},
    )
    _queue(report)
    return report


@transaction.atomic
def report_retry(*, actor: User, report: ProgressReport) -> ProgressReport:
    """A manager who may see a failed report queues it again."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not rules.may_report_on(actor, report.organisation):
        raise Forbidden("You can retry reports only within your own scope")
    if report.status != ReportStatus.FAILED:
        raise Forbidden("Only a failed report can be tried again")
    report.status = ReportStatus.QUEUED
    report.error = ""
    report.lease_until = None
    report.save(update_fields=["status", "error", "lease_until"])
    audit_record(actor=actor, action="report.retried", obj=report)
    _queue(report)
    return report


@transaction.atomic
def report_publish(*, actor: User, report: ProgressReport) -> ProgressReport:
    """A national manager publishes a finished national report: from then on
    anyone may download it from /progress/, without signing in."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not rules.is_national_manager(actor):
        raise Forbidden("Only a national manager can publish a report")
    if report.scope_kind != ScopeKind.NATIONAL:
        raise Forbidden("Only a national report can be published")
    if report.status != ReportStatus.DONE:
        raise Forbidden("Only a finished report can be published")
    if report.published_at is not None:
        return report
    report.published_at = timezone.now()
    report.published_by = actor
    report.save(update_fields=["published_at", "published_by"])
    audit_record(actor=actor, action="report.published", obj=report)
    return report


def _claim(report_id: int) -> int | None:
    """Take the report for this delivery: queued, or running with an expired
    lease. Returns the attempt number this claim holds, or None when another
    delivery holds it or it is done or failed."""
    now = timezone.now()
    claimed = ProgressReport.objects.filter(
        Q(status=ReportStatus.QUEUED)
        | Q(status=ReportStatus.RUNNING, lease_until__lt=now, attempts__lt=MAX_ATTEMPTS),
        pk=report_id,
    ).update(
        status=ReportStatus.RUNNING,
        started_at=now,
        lease_until=now + REPORT_LEASE,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    attempts: int = ProgressReport.objects.values_list("attempts", flat=True).get(pk=report_id)
    return attempts


def report_lease_left(*, report_id: int) -> timedelta | None:
    """How long until another delivery may take the report over: the rest of
    a live claim's lease plus a margin; None when no live claim holds it
    (done, failed, queued, or a lease already run out)."""
    now = timezone.now()
    lease_until = (
        ProgressReport.objects.filter(
            pk=report_id, status=ReportStatus.RUNNING, lease_until__gte=now
        )
        .values_list("lease_until", flat=True)
        .first()
    )
    if lease_until is None:
        return None
    return lease_until - now + LEASE_MARGIN


def _held(report_id: int, attempt: int) -> ProgressReport | None:
    """The report, locked, if this claim still holds it."""
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .filter(pk=report_id, status=ReportStatus.RUNNING, attempts=attempt)
        .select_related("organisation")
        .first()
    )


def report_produce(*, report_id: int) -> bool:
    """The task's work: claim the report, compute and render it, store the
    files and mark it done. Returns whether this call produced it. Not one
    transaction: the claim commits first, so that the work (seconds) holds
    no lock, and a second delivery sees the report running."""
    attempt = _claim(report_id)
    if attempt is None:
        logger.info("progress report %s: not queued or held elsewhere, nothing to do", report_id)
        return False
    report = ProgressReport.objects.select_related("organisation").get(pk=report_id)
    try:
        files = report_render(report_scope(report), report_period(report), kind=report.kind)
    except SoftTimeLimitExceeded:
        _fail(report_id, attempt, TIMED_OUT_MESSAGE)
        raise
    except Exception:
        # The trace goes to the server's log (figures only, never case text);
        # the user sees a plain message.
        logger.exception("progress report %s failed", report_id)
        _fail(report_id, attempt, FAILED_MESSAGE)
        return False
    with transaction.atomic():
        held = _held(report_id, attempt)
        if held is None:
            logger.warning("progress report %s: claim lost before it finished", report_id)
            return False
        try:
            with transaction.atomic():
                ProgressReportFile.objects.create(
                    report=held,
                    pdf=files.pdf,
                    csv=files.csv,
                    pdf_sha256=hashlib.sha256(files.pdf).hexdigest(),
                )
        except IntegrityError:
            # Files already stored by an earlier claim: keep those.
            logger.warning("progress report %s already had its files", report_id)
        held.status = ReportStatus.DONE
        held.finished_at = timezone.now()
        held.lease_until = None
        held.error = ""
        held.save(update_fields=["status", "finished_at", "lease_until", "error"])
        audit_record(actor=None, action="report.produced", obj=held)
    return True


def _fail(report_id: int, attempt: int, message: str) -> None:
    with transaction.atomic():
        held = _held(report_id, attempt)
        if held is None:
            return
        held.status = ReportStatus.FAILED
        held.error = message
        held.finished_at = timezone.now()
        held.lease_until = None
        held.save(update_fields=["status", "error", "finished_at", "lease_until"])
        audit_record(actor=None, action="report.failed", obj=held)


GIVEN_UP_MESSAGE = (
    "The report could not be produced: the work stopped part-way several times. Try again; "
    "if it stops again, tell the service desk the report's number."
)


@transaction.atomic
def reports_requeue_stale(*, now: datetime) -> int:
    """Beat, every few minutes: queue again each report whose task was lost.

    A report running with an expired lease lost its worker; one queued more
    than ``QUEUED_GRACE`` ago lost its message. Either is queued again (once
    this transaction commits), unless it has already had ``MAX_ATTEMPTS``
    claims: then it is failed with a message, and a manager may try again.
    A report still in the queue is queued twice, which is harmless: only one
    delivery wins the claim. Returns how many it queued."""
    expired = Q(status=ReportStatus.RUNNING, lease_until__lt=now)
    stale = expired | Q(status=ReportStatus.QUEUED, requested_at__lt=now - QUEUED_GRACE)
    queued = 0
    for report in ProgressReport.objects.select_for_update(skip_locked=True).filter(stale):
        if report.status == ReportStatus.RUNNING and report.attempts >= MAX_ATTEMPTS:
            report.status = ReportStatus.FAILED
            report.error = GIVEN_UP_MESSAGE
            report.finished_at = now
            report.lease_until = None
            report.save(update_fields=["status", "error", "finished_at", "lease_until"])
            audit_record(actor=None, action="report.failed", obj=report)
            logger.warning(
                "progress report %s: given up after %s claims", report.pk, report.attempts
            )
            continue
        _queue(report)
        queued += 1
    if queued:
        logger.info("queued %s progress reports again", queued)
    return queued


def half_just_closed(today: date) -> Period:
    """The latest half of the financial year to have ended before ``today``."""
    return Period.half_containing(today).previous()


@transaction.atomic
def reports_schedule(*, today: date) -> int:
    """Queue the report of every scope (national, each CPS Area, each force)
    for the half that has just closed, and on 1 April the scrutiny panels'
    national summary of the financial year just closed. Run by beat on the
    first day after a half closes; running it again queues nothing new (one
    scheduled report per kind, scope and period, a unique constraint).
    Returns how many it queued."""
    period = half_just_closed(today)
    scopes: list[tuple[str, str, Organisation | None, Period]] = [
        (ReportKind.PROGRESS, ScopeKind.NATIONAL, None, period)
    ]
    scopes += [
        (ReportKind.PROGRESS, org.kind, org, period)
        for org in Organisation.objects.filter(
            kind__in=[OrganisationKind.CPS_AREA, OrganisationKind.POLICE_FORCE]
        ).order_by("kind", "name")
    ]
    year = year_just_closed(today)
    if year.end == period.end:  # the second half of a financial year has just closed
        scopes.append((ReportKind.PANELS, ScopeKind.NATIONAL, None, year))
    queued = 0
    for report_kind, kind, organisation, covered in scopes:
        report, created = ProgressReport.objects.get_or_create(
            kind=report_kind,
            scope_kind=kind,
            organisation=organisation,
            period_start=covered.start,
            period_end=covered.end,
            requested_by=None,
        )
        if created:
            _queue(report)
            queued += 1
    logger.info("scheduled %s progress reports for %s", queued, period.name)
    return queued
