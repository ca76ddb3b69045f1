"""Closed cases in the shapes retention's stories need, and the clock."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cases.models import CaseFile
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from tests.cases.factories import complete_case
from tests.conftest import Personas


def police_nfa_case(personas: Personas) -> CaseFile:
    """A case the supervisor closed with a police NFA (group 2)."""
    case = complete_case(personas.officer)
    proposal = police_nfa_propose(
        actor=personas.officer,
        case=case,
        outcome_code="15",
        rationale="The evidence does not meet the threshold for a referral.",
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    case.refresh_from_db()
    return case


def due(case: CaseFile, days_ago: int = 1) -> CaseFile:
    """Move the case's review date into the past (the years gone by)."""
    CaseFile.objects.filter(pk=case.pk).update(
        retention_review_on=timezone.localdate() - timedelta(days=days_ago)
    )
    case.refresh_from_db()
    return case


def years_later(day: date, years: int) -> date:
    return day.replace(year=day.year + years)
