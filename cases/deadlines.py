"""The timings that open deadlines, in one table.

Services ask ``due_date(kind, ...)``; nothing else writes a number of days.
A CPS Area may override a default in the admin (``DeadlineTiming``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cases.workdays import add_working_days


@dataclass(frozen=True)
class Timing:
    description: str
    days: int
    working_days: bool


class DeadlineKind:
    CHARGING_DECISION = "charging_decision"
    EARLY_ADVICE = "early_advice"
    TELL_COMPLAINANT_ENHANCED = "tell_complainant_enhanced"
    TELL_COMPLAINANT = "tell_complainant"
    REGULAR_UPDATE = "regular_update"
    FILE_QUALITY_QUERY = "file_quality_query"
    BAIL_REVIEW = "bail_review"
    REVIEW_ACKNOWLEDGE = "review_acknowledge"
    REVIEW_COMPLETE = "review_complete"


DEFAULT_TIMINGS: dict[str, Timing] = {
    DeadlineKind.CHARGING_DECISION: Timing("Charging decision", 28, working_days=False),
    DeadlineKind.EARLY_ADVICE: Timing("Early advice", 21, working_days=False),
    DeadlineKind.TELL_COMPLAINANT_ENHANCED: Timing(
        "Tell the complainant (enhanced rights)", 1, working_days=True
    ),
    DeadlineKind.TELL_COMPLAINANT: Timing("Tell the complainant", 5, working_days=True),
    DeadlineKind.REGULAR_UPDATE: Timing("Regular update to the complainant", 28, False),
    DeadlineKind.FILE_QUALITY_QUERY: Timing("Answer a file-quality query", 2, working_days=True),
    # The Victims' Right to Review: acknowledged within 10 working days and
    # completed within 30 of the request (the police scheme's timings; the
    # CPS aims for the same completion).
    DeadlineKind.REVIEW_ACKNOWLEDGE: Timing(
        "Acknowledge a request for a review", 10, working_days=True
    ),
    DeadlineKind.REVIEW_COMPLETE: Timing("Complete a review", 30, working_days=True),
}


def timing(kind: str, cps_area_id: int | None = None) -> Timing:
    default = DEFAULT_TIMINGS[kind]
    if cps_area_id is not None:
        from cases.models import DeadlineTiming

        override = (
            DeadlineTiming.objects.filter(cps_area_id=cps_area_id, kind=kind)
            .values_list("days", flat=True)
            .first()
        )
        if override is not None:
            return Timing(default.description, override, default.working_days)
    return default


def due_date(kind: str, start: date, cps_area_id: int | None = None) -> date:
    t = timing(kind, cps_area_id)
    if t.working_days:
        return add_working_days(start, t.days)
    return start + timedelta(days=t.days)


# Kinds of deadline opened outside cases.deadlines' table of timings.
_OTHER_KIND_LABELS = {
    "bail_review": "Bail return or released-under-investigation review",
}


def deadline_kind_label(kind: str) -> str:
    """What is due, in words made only from the code: never free text."""
    if kind in DEFAULT_TIMINGS:
        return DEFAULT_TIMINGS[kind].description
    if kind in _OTHER_KIND_LABELS:
        return _OTHER_KIND_LABELS[kind]
    # A kind is an identifier the code chose ("action_plan", "clinic_action").
    return kind.replace("_", " ").strip().capitalize() or "A deadline"
