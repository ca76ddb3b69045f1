"""Who may propose no further action (an officer working on a case under
investigation), and who may decide on a proposal (a police supervisor of the
force who did not make it).

Each rule returns why the user may not (the sentence the service raises), or
None when they may: the services raise it, and the pages offer a button only
when its rule returns None.
"""

from __future__ import annotations

from collections.abc import Callable

from cases.models import CaseFile, CaseStatus
from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus
from charging.standing import Standing, status_of


def nfa_propose_refusal(
    st: Standing, case: CaseFile, *, awaiting: Callable[[], bool]
) -> str | None:
    """``awaiting``: whether the case has a proposal awaiting a supervisor (one
    at a time), asked only of an officer who might propose, so a page read by
    anyone else costs no query for it."""
    if not st.works_on_case:
        return "Only an officer working on the case can propose no further action"
    if case.status != CaseStatus.INVESTIGATION:
        return (
            "No further action is proposed on a case under investigation; this case is "
            f"{status_of(case)}"
        )
    if awaiting():
        return "A proposal of no further action is already awaiting a supervisor"
    return None


def nfa_decide_refusal(st: Standing, proposal: PoliceNfaProposal) -> str | None:
    """Approve or send back: a police supervisor of the force, who did not propose it."""
    if not st.police_supervisor:
        return "Only a police supervisor of the force can decide on the proposal"
    if proposal.status != PoliceNfaStatus.PROPOSED:
        return f"This proposal is {status_of(proposal)}: it has already been decided"
    if proposal.proposed_by_id == st.user_id:
        return "Another supervisor must decide on a proposal you made"
    return None
