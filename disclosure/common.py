"""What every disclosure service shares: its refusal of bad input (every
problem at once, each against its field), a required text, and the case row
locked first (so two changes of one case's disclosure queue, in one order)."""

from __future__ import annotations

from cases.models import CaseFile
from rasso.core.errors import DomainError


def invalid(problems: dict[str, str]) -> DomainError:
    """Every problem at once, each against its field; the message is all of them."""
    return DomainError(". ".join(p.rstrip(".") for p in problems.values()), problems=problems)


def required_text(value: str, field: str, message: str) -> str:
    """``value`` stripped, or the refusal naming ``field``."""
    value = (value or "").strip()
    if not value:
        raise invalid({field: message})
    return value


def case_locked(case_id: int) -> CaseFile:
    """The case row, locked: taken before the row of anything on it."""
    return (
        CaseFile.objects.select_for_update(of=("self",))
        .select_related("force", "cps_area", "oic")
        .get(pk=case_id)
    )
