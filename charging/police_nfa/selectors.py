"""Every read of police NFA proposals, built on the case's visibility: a
proposal on a case the user may not see does not exist for them (404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus
from rasso.accounts.models import Viewer


def proposals_visible(user: Viewer) -> QuerySet[PoliceNfaProposal]:
    return PoliceNfaProposal.objects.visible_to(user)


_PROPOSAL_RELATED = ("case", "proposed_by", "decided_by")


def proposal_get(user: Viewer, pk: int, case_pk: int | None = None) -> PoliceNfaProposal:
    qs = proposals_visible(user).select_related(*_PROPOSAL_RELATED, "case__force")
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    try:
        return qs.get(pk=pk)
    except PoliceNfaProposal.DoesNotExist:
        raise Http404("No such proposal") from None


def case_proposals(case_pk: int) -> QuerySet[PoliceNfaProposal]:
    return (
        PoliceNfaProposal.objects.filter(case_id=case_pk)
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at", "-id")
    )


def proposals_list(user: Viewer) -> QuerySet[PoliceNfaProposal]:
    return (
        proposals_visible(user).select_related(*_PROPOSAL_RELATED).order_by("-proposed_at", "-id")
    )


def case_nfa_awaiting(case_pk: int) -> bool:
    """Whether a proposal on the case awaits a supervisor (one at a time)."""
    return PoliceNfaProposal.objects.filter(
        case_id=case_pk, status=PoliceNfaStatus.PROPOSED
    ).exists()
