"""Who may propose no further action (an officer working on a case under
investigation), and who may decide on a proposal (a police supervisor of the
force who did not make it)."""

from __future__ import annotations

from typing import Any

from cases import rules as case_rules
from cases.models import CaseFile, CaseStatus
from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus
from charging.standing import Standing
from rasso.accounts.models import Role


def may_propose_nfa(st: Standing, case: CaseFile) -> bool:
    return st.works_on_case and case.status == CaseStatus.INVESTIGATION


def may_approve_nfa(user: Any, proposal: PoliceNfaProposal, case: CaseFile) -> bool:
    """A police supervisor of the force, who did not propose it."""
    return (
        proposal.status == PoliceNfaStatus.PROPOSED
        and proposal.proposed_by_id != user.pk
        and case_rules.has_role(user, Role.POLICE_SUPERVISOR, case.force_id)
    )
