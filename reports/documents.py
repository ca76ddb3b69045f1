"""A report's files: the PDF (WeasyPrint) and a CSV of the same figures, for
each kind of report: the progress report, and the scrutiny panels' annual
summary of themes and learning.

What goes in is figures and their definitions only, with the suppression
rule applied (``reports.metrics.displayed``): never a case reference, a
name, or any text typed into a case or by a panel.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from rasso.core.pdf import pdf_render
from reports import charts, metrics
from reports.metrics import Period, Scope
from reports.models import ReportKind

Progress = Callable[[str], None]

# WeasyPrint's font subsetting logs every table of every font at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _quiet(stage: str) -> None:
    return None


@dataclass(frozen=True)
class ReportFiles:
    pdf: bytes
    csv: str


def report_context(scope: Scope, period: Period, progress: Progress = _quiet) -> dict[str, Any]:
    """What the PDF template and the dashboard show: figures, trend, charts."""
    progress("Computing the figures")
    figures, series = metrics.report_figures(scope, period, trend=4)
    progress("Drawing the charts")
    drawn = charts.report_charts(series)
    trend_keys = ["charged", "cps_nfa", "charge_rate", "police_nfa", "tell_on_time"]
    return {
        "template": "reports/report_pdf.html",
        "scope": scope,
        "period": period,
        "previous_period": figures.previous_period,
        "figures": figures,
        "results": figures.results,
        "key_rows": [figure_row(r) for r in figures.key_results],
        "report_sections": _sections(figures, drawn),
        "charts": drawn,
        "trend_periods": [p for p, _ in series],
        "trend_rows": [
            {
                "label": metrics.FIGURES_BY_KEY[key].label,
                "values": [
                    metrics.displayed(metrics.FIGURES_BY_KEY[key], v[key]) for _, v in series
                ],
            }
            for key in trend_keys
        ],
        "definitions": metrics.FIGURES,
        "suppression_rule": metrics.SUPPRESSION_RULE,
        "produced_on": timezone.localdate(),
    }


def _sections(
    figures: metrics.ScopeFigures, drawn: dict[str, charts.Chart]
) -> list[dict[str, Any]]:
    """One section per area of the joint action plan, in its order."""
    rows = {section: [figure_row(r) for r in results] for section, results in figures.by_section()}
    S = metrics.Section
    return [
        {
            "title": "Supporting victims",
            "intro": "Keeping complainants informed, complainants' support for the case, "
            "and reviews of decisions to take no further action.",
            "tables": [(S.VICTIMS, rows[S.VICTIMS])],
            "charts": [],
        },
        {
            "title": "Casework quality",
            "intro": "How cases reach CPS, the charging decisions made on them, and the "
            "quality of the files: action plans and file-quality queries.",
            "tables": [
                (S.REFERRALS, rows[S.REFERRALS]),
                (S.DECISIONS, rows[S.DECISIONS]),
                (S.QUALITY, rows[S.QUALITY]),
            ],
            "charts": [drawn["decisions"], drawn["referrals"]],
        },
        {
            "title": PRIVACY_TITLE,
            "intro": PRIVACY_INTRO,
            "tables": privacy_tables(figures),
            "charts": [],
        },
        {
            "title": COLLABORATION_TITLE,
            "intro": COLLABORATION_INTRO,
            "tables": collaboration_tables(figures),
            "charts": [],
        },
    ]


PRIVACY_TITLE = "Right to privacy"
PRIVACY_INTRO = (
    "Requests by the police for a complainant's records held by a third party (a GP, a "
    "counselling service, social services, a school), each made under the statutory tests "
    "and the Code of Practice: how many and of whom, how specific they were, whether the "
    "complainant was told first, the safeguards on counselling records and on rationales "
    "resting on credibility, the prosecutor's agreement, and how long the material took to "
    "come; and the extraction of information from devices by their user's agreement: how "
    "many users agreed, refused, or withdrew their agreement. Counts only: nothing written "
    "on a request or an extraction is reported."
)


def privacy_tables(figures: metrics.ScopeFigures) -> list[tuple[str, list[dict[str, str]]]]:
    """The right-to-privacy section's tables, as the PDF and the dashboard
    show them: (caption, rows), already suppressed."""
    S = metrics.Section
    results = dict(figures.by_section())
    return [
        (section, [figure_row(r) for r in results[section]]) for section in (S.REQUESTS, S.DEVICES)
    ]


COLLABORATION_TITLE = "Collaboration: clinics and scrutiny panels"
COLLABORATION_INTRO = (
    "Cases discussed by police and CPS together at RASSO (triage) clinics, and what was "
    "agreed; and what scrutiny panels found when they reviewed decisions: how many, how many "
    "were found reasonable, their scores, the themes they named and their referrals. Counts "
    "only: nothing the panels wrote about a case is reported."
)


def collaboration_tables(figures: metrics.ScopeFigures) -> list[tuple[str, list[dict[str, str]]]]:
    """The collaboration section's tables, as the PDF and the dashboard show
    them: (caption, rows), already suppressed."""
    S = metrics.Section
    results = dict(figures.by_section())
    return [
        (section, [figure_row(r) for r in results[section]]) for section in (S.CLINICS, S.PANELS)
    ]


def figure_row(result: metrics.FigureResult) -> dict[str, str]:
    """One figure as a table row shows it, the suppression rule applied."""
    return {
        "key": result.figure.key,
        "label": result.figure.label,
        "current": metrics.displayed(result.figure, result.current),
        "previous": metrics.displayed(result.figure, result.previous),
        "change": metrics.displayed_change(result),
    }


def panel_summary_context(
    scope: Scope, period: Period, progress: Progress = _quiet
) -> dict[str, Any]:
    """The scrutiny panels' summary (a financial year, national): their
    figures only, compared with the year before. Counts, shares and
    averages: the panels' own words (good practice, learning points,
    responses, key messages) are written about single cases and may name
    someone, so none of them is read here."""
    progress("Computing the figures")
    figures, _ = metrics.report_figures(scope, period, trend=2)
    results = [r for r in figures.results if r.figure.section == metrics.Section.PANELS]

    by_kind = ("panel_score_", "panel_theme_")
    overall = [figure_row(r) for r in results if not r.figure.key.startswith(by_kind)]
    scores = [figure_row(r) for r in results if r.figure.key.startswith("panel_score_")]
    themes = [figure_row(r) for r in results if r.figure.key.startswith("panel_theme_")]
    return {
        "template": "reports/panel_summary_pdf.html",
        "scope": scope,
        "period": period,
        "previous_period": figures.previous_period,
        "figures": figures,
        "results": results,
        "tables": [
            ("Decisions reviewed and referrals", overall),
            ("Average scores, from 1 to 5", scores),
            ("Themes named in the panels' findings", themes),
        ],
        "charts": {},
        "definitions": [r.figure for r in results],
        "suppression_rule": metrics.SUPPRESSION_RULE,
        "produced_on": timezone.localdate(),
    }


CONTEXTS: dict[str, Callable[[Scope, Period, Progress], dict[str, Any]]] = {
    ReportKind.PROGRESS: report_context,
    ReportKind.PANELS: panel_summary_context,
}


def report_pdf(context: dict[str, Any], progress: Progress = _quiet) -> bytes:
    progress("Laying out the PDF")
    html = render_to_string(context["template"], context)
    # The charts are data: URLs drawn here: the only ones the PDF may embed.
    drawn = [chart.data_uri for chart in context.get("charts", {}).values()]
    # PDF/UA-1: a tagged PDF, with its language and title, for screen readers.
    return pdf_render(html, allowed_data_urls=drawn, pdf_variant="pdf/ua-1", custom_metadata=True)


CSV_HEADER = [
    "section",
    "figure",
    "period",
    "value",
    "previous period",
    "previous value",
    "change",
    "definition",
]


def report_csv(context: dict[str, Any], progress: Progress = _quiet) -> str:
    """The same figures as the PDF, suppressed the same way, one per row."""
    progress("Writing the CSV")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scope", context["scope"].name])
    writer.writerow(["suppression", context["suppression_rule"]])
    writer.writerow(CSV_HEADER)
    figures: metrics.ScopeFigures = context["figures"]
    results: list[metrics.FigureResult] = context["results"]
    for result in results:
        writer.writerow(
            [
                result.figure.section,
                result.figure.label,
                figures.period.short_label,
                metrics.displayed(result.figure, result.current),
                figures.previous_period.short_label,
                metrics.displayed(result.figure, result.previous),
                metrics.displayed_change(result),
                result.figure.definition,
            ]
        )
    return out.getvalue()


def report_render(
    scope: Scope,
    period: Period,
    progress: Progress = _quiet,
    *,
    kind: str = ReportKind.PROGRESS,
) -> ReportFiles:
    """The PDF and the CSV of one report of ``kind``, stage by stage."""
    context = CONTEXTS[kind](scope, period, progress)
    pdf = report_pdf(context, progress)
    return ReportFiles(pdf=pdf, csv=report_csv(context, progress))
