"""The manager dashboard's figures: computed once, kept in the cache.

The national figures read every case (about 2 s at 100,000 cases), too slow
to compute while a manager waits. They are half-yearly figures, so a few
minutes old is as good as new: a beat task recomputes the current half-year
of every scope a manager has (``dashboard_figures_warm``) more often than the
cache forgets them, so a manager's page reads them from the cache. Another
period, or a scope nobody manages, is computed on first asking and cached.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from rasso.accounts.models import Membership, Role
from rasso.core.cache import read_through, store
from reports import charts, metrics
from reports.documents import (
    COLLABORATION_INTRO,
    COLLABORATION_TITLE,
    PRIVACY_INTRO,
    PRIVACY_TITLE,
    collaboration_tables,
    figure_row,
    privacy_tables,
)
from reports.metrics import Period, Scope

# Longer than the warming task's interval (CELERY_BEAT_SCHEDULE), so the
# figures of the scopes managers have never go cold between two runs.
DASHBOARD_CACHE_SECONDS = 30 * 60


def _key(scope: Scope, period: Period) -> str:
    # v4: the right-to-privacy section with device extractions as well.
    return f"reports:dashboard:v4:{scope.key}:{period.name}:{timezone.localdate().isoformat()}"


def _computed(scope: Scope, period: Period) -> dict[str, Any]:
    figures, series = metrics.report_figures(scope, period, trend=4)
    beneath = metrics.breakdown_figures(scope, period)
    return {
        "key_rows": [figure_row(r) for r in figures.key_results],
        "privacy": {
            "title": PRIVACY_TITLE,
            "intro": PRIVACY_INTRO,
            "tables": privacy_tables(figures),
        },
        "collaboration": {
            "title": COLLABORATION_TITLE,
            "intro": COLLABORATION_INTRO,
            "tables": collaboration_tables(figures),
        },
        "charts": list(charts.report_charts(series).values()),
        "trend_periods": [p for p, _ in series],
        "trend_rows": [
            {
                "label": f.label,
                "values": [metrics.displayed(f, values[f.key]) for _, values in series],
            }
            for f in metrics.KEY_FIGURES
        ],
        "beneath_columns": [f.label for f in metrics.KEY_FIGURES],
        "beneath_rows": [
            {
                "name": organisation.name,
                "values": [metrics.displayed(f, values[f.key]) for f in metrics.KEY_FIGURES],
            }
            for organisation, values in beneath
        ],
        "previous_period": figures.previous_period,
    }


def dashboard_figures(scope: Scope, period: Period) -> dict[str, Any]:
    """What the dashboard shows, already suppressed: from the cache, or
    computed and cached."""
    return read_through(
        _key(scope, period), lambda: _computed(scope, period), DASHBOARD_CACHE_SECONDS
    )


def dashboard_figures_warm() -> int:
    """Recompute the current half-year's figures of every scope an active
    manager has; say how many scopes."""
    period = Period.half_containing(timezone.localdate())
    organisations = {
        m.organisation
        for m in Membership.objects.filter(role=Role.MANAGER, user__is_active=True).select_related(
            "organisation"
        )
    }
    scopes = {Scope.of(organisation) for organisation in organisations}
    for scope in scopes:
        store(_key(scope, period), _computed(scope, period), DASHBOARD_CACHE_SECONDS)
    return len(scopes)
