"""Timings of the reports' work, in the database it is called in.

``bench_reports()`` times the national half-year metrics, the PDF render and
the manager dashboard page (the median of a few runs each), for the half-year
holding the most recent charging decisions (all of the demo's, which
``seed_demo`` stamps "now"). It reads and renders; it writes one manager
user and membership (created once, kept) so that the page is the real one.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from rasso.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from reports import metrics
from reports.documents import report_context, report_pdf
from reports.metrics import Period, Scope

RUNS = 5
BENCH_MANAGER = "bench.national.manager@reports.example"


def _median_ms(work: Callable[[], Any], runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def _manager() -> User:
    user = User.objects.filter(email=BENCH_MANAGER).first()
    if user is None:
        user = User.objects.create_user(BENCH_MANAGER, None, full_name="Bench Manager")
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    Membership.objects.get_or_create(user=user, organisation=national, role=Role.MANAGER)
    return user


def bench_reports() -> dict[str, Any]:
    """Milliseconds, medians of a few runs: ``metrics_ms`` (every figure for
    the half-year and the one before, national), ``pdf_ms`` (figures, charts
    and the WeasyPrint render of the national report), ``dashboard_cold_ms``
    (the page with its figures' cache empty) and ``dashboard_ms`` (the page
    as managers get it, figures cached)."""
    period = Period.half_containing(timezone.localdate())
    scope = Scope.national()
    metrics_ms = _median_ms(lambda: metrics.scope_figures(scope, period))
    pdf_ms = _median_ms(lambda: report_pdf(report_context(scope, period)), runs=3)

    # As a browser would come: an allowed host, over HTTPS.
    client = Client(HTTP_HOST="localhost", secure=True)
    client.force_login(_manager())
    url = f"/reports/?period={period.half_name}"

    def cold() -> None:
        cache.clear()
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"the dashboard answered {response.status_code}")

    dashboard_cold_ms = _median_ms(cold, runs=3)
    client.get(url)
    dashboard_ms = _median_ms(lambda: client.get(url))
    return {
        "period": period.name,
        "metrics_ms": metrics_ms,
        "pdf_ms": pdf_ms,
        "dashboard_cold_ms": dashboard_cold_ms,
        "dashboard_ms": dashboard_ms,
    }
