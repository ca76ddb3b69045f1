"""Every change to a police NFA proposal: proposed, approved (the case moves to
police NFA and each complainant is to be told) or sent back with a reason.
One transaction each, the proposal's and the case's rows locked, with the case
timeline and the audit log."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cases.models import (
    CaseFile,
    CaseStatus,
)
from cases.services import KeyEvent, case_set_status
from charging.casework import case_locked, record_event, refuse, tell_complainants
from charging.police_nfa import rules
from charging.police_nfa.models import HomeOfficeOutcome, PoliceNfaProposal, PoliceNfaStatus
from charging.standing import standing
from rasso.accounts.models import (
    User,
)
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError


def _proposal_locked(proposal: PoliceNfaProposal) -> PoliceNfaProposal:
    return PoliceNfaProposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def police_nfa_propose(
    *, actor: User, case: CaseFile, outcome_code: str, rationale: str
) -> PoliceNfaProposal:
    """An officer working on a case under investigation proposes to take no
    further action, with its Home Office outcome code and the rationale, for
    a police supervisor of the force to approve. The case does not move yet."""
    case = case_locked(case)
    awaiting = PoliceNfaProposal.objects.filter(case=case, status=PoliceNfaStatus.PROPOSED)
    refuse(rules.nfa_propose_refusal(standing(actor, case), case, awaiting=awaiting.exists))
    if outcome_code not in HomeOfficeOutcome.values:
        raise DomainError("Choose the Home Office outcome")
    rationale = rationale.strip()
    if not rationale:
        raise DomainError("Give the rationale for no further action")
    proposal = PoliceNfaProposal.objects.create(
        case=case, outcome_code=outcome_code, rationale=rationale, proposed_by=actor
    )
    record_event(
        case,
        actor,
        proposal,
        "police_nfa_proposed",
        f"No further action proposed (outcome {outcome_code})",
        proposal=proposal.pk,
    )
    return proposal


def _decidable(actor: User, proposal: PoliceNfaProposal) -> tuple[PoliceNfaProposal, CaseFile]:
    proposal = _proposal_locked(proposal)
    case = case_locked(CaseFile(pk=proposal.case_id))
    refuse(rules.nfa_decide_refusal(standing(actor, case), proposal))
    return proposal, case


@transaction.atomic
def police_nfa_approve(*, actor: User, proposal: PoliceNfaProposal) -> PoliceNfaProposal:
    """A police supervisor of the force approves the proposal: the case moves
    to police NFA and the OIC owes each complainant the news."""
    proposal, case = _decidable(actor, proposal)
    proposal.status = PoliceNfaStatus.APPROVED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    case = case_set_status(
        actor=actor,
        case=case,
        status=CaseStatus.POLICE_NFA,
        description=f"No further action approved (Home Office outcome {proposal.outcome_code})",
    )
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    tell_complainants(case, actor, KeyEvent.POLICE_NFA)
    audit_record(
        actor=actor,
        action="charging.police_nfa_approved",
        obj=proposal,
        detail={"case": case.pk, "outcome": proposal.outcome_code},
    )
    return proposal


@transaction.atomic
def police_nfa_send_back(
    *, actor: User, proposal: PoliceNfaProposal, reason: str
) -> PoliceNfaProposal:
    """A police supervisor of the force sends the proposal back with a
    reason; the investigation goes on."""
    proposal, case = _decidable(actor, proposal)
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the proposal is sent back")
    proposal.status = PoliceNfaStatus.SENT_BACK
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.send_back_reason = reason
    proposal.save(update_fields=["status", "decided_by", "decided_at", "send_back_reason"])
    record_event(
        case,
        actor,
        proposal,
        "police_nfa_sent_back",
        "Proposal of no further action sent back",
        proposal=proposal.pk,
    )
    return proposal
