"""Charts drawn on the server as SVG (pygal), for the dashboard and the PDF.

Each chart is an ``<img>`` with a data: URL: no script (pygal's tooltip
script is switched off), nothing fetched, so the page's Content Security
Policy stays strict, and WeasyPrint draws the same SVG into the PDF. Every
chart has a text alternative, and its numbers are in a table beside it.
A suppressed value is not drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygal
from pygal.style import Style

from reports.metrics import FIGURES_BY_KEY, Period, Value, plotted

# GOV.UK colours: blue, orange, turquoise, pink, green.
CHART_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b8", "#f47738", "#28a197", "#d53880", "#00703c"),
    font_family="Arial, Helvetica, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=16,
    value_font_size=12,
)


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    data_uri: str


def _config(chart: pygal.graph.graph.Graph, title: str, periods: Sequence[Period]) -> None:
    chart.title = title
    chart.x_labels = [p.short_label for p in periods]


def trend_chart(
    title: str,
    keys: Sequence[str],
    series: Sequence[tuple[Period, dict[str, Value]]],
    *,
    percent: bool = False,
) -> Chart:
    """A bar chart (counts) or a line chart (shares, as percentages) of the
    figures ``keys`` over the periods of ``series``."""
    periods = [period for period, _ in series]
    kind = pygal.Line if percent else pygal.Bar
    chart = kind(
        style=CHART_STYLE,
        js=[],
        width=760,
        height=360,
        legend_at_bottom=True,
        print_values=False,
        include_x_axis=True,
        truncate_legend=-1,
        value_formatter=(lambda v: f"{v:.0f}%") if percent else (lambda v: f"{v:,.0f}"),
    )
    if percent:
        chart.range = (0, 100)
    _config(chart, title, periods)
    described = []
    for key in keys:
        figure = FIGURES_BY_KEY[key]
        points = []
        for _, values in series:
            number = plotted(values[key])
            points.append(None if number is None else (number * 100 if percent else number))
        chart.add(figure.label, points)
        described.append(figure.label.lower())
    alt = (
        f"{title}: {', '.join(described)} for each period from "
        f"{periods[0].short_label} to {periods[-1].short_label}. The figures are in the "
        f"table that follows."
    )
    return Chart(title=title, alt=alt, data_uri=chart.render_data_uri())


def report_charts(series: Sequence[tuple[Period, dict[str, Value]]]) -> dict[str, Chart]:
    """The charts of a report and of the dashboard, by the section they illustrate."""
    return {
        "decisions": trend_chart(
            "Charging decisions and police no further action",
            ["charged", "cps_nfa", "police_nfa"],
            series,
        ),
        "rates": trend_chart(
            "Charge rate and complainants told on time",
            ["charge_rate", "tell_on_time"],
            series,
            percent=True,
        ),
        "referrals": trend_chart(
            "Early advice, submissions and action plans",
            ["ea_requests", "submissions", "plans_issued"],
            series,
        ),
    }
