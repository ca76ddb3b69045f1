"""Every read of charging decisions, built on the case's visibility: a decision
on a case the user may not see does not exist for them (404). Each decision
comes with its charges, offences and suspects in one query for the page."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from cases.models import CaseFile, CaseOffence, Suspect
from charging.decisions.models import Charge, CpsDecision
from rasso.accounts.models import Viewer


def decisions_visible(user: Viewer) -> QuerySet[CpsDecision]:
    return CpsDecision.objects.visible_to(user)


def _with_charges(qs: QuerySet[CpsDecision]) -> QuerySet[CpsDecision]:
    """Decisions with their charges, offences and suspects: one query for the
    charges of the whole page, however many decisions and charges."""
    return qs.select_related(
        "case", "decided_by", "full_test_deadline", "applies_full_test_to", "full_code_test"
    ).prefetch_related(
        Prefetch(
            "charges",
            queryset=Charge.objects.select_related("offence__offence", "suspect").order_by("id"),
        )
    )


def case_decisions(case_pk: int) -> QuerySet[CpsDecision]:
    """A case's decisions, newest first: the history stays."""
    return _with_charges(CpsDecision.objects.filter(case_id=case_pk)).order_by("-decided_at", "-id")


def decisions_list(user: Viewer) -> QuerySet[CpsDecision]:
    return _with_charges(decisions_visible(user)).order_by("-decided_at", "-id")


def decision_get(user: Viewer, pk: int, case_pk: int | None = None) -> CpsDecision:
    qs = _with_charges(decisions_visible(user))
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    try:
        return qs.get(pk=pk)
    except CpsDecision.DoesNotExist:
        raise Http404("No such charging decision") from None


def case_charge_choices(case: CaseFile) -> tuple[list[CaseOffence], list[Suspect]]:
    """The offences and suspects a decision may charge."""
    return (
        list(case.offences.select_related("offence").order_by("id")),
        list(case.suspects.order_by("id")),
    )
