"""Who may record a charging decision, and apply the Full Code Test to a
Threshold Test charge: the case's allocated prosecutor, at the right stage.

Each rule returns why the user may not (the sentence the service raises), or
None when they may: the services raise it, and the pages offer the button
only when its rule returns None. Given the version of the case the user
decided on, a rule also says when that version is stale (``STALE_VERSION``),
after who may act and before the case's status: the second of two
prosecutors deciding at once is told that someone else changed the case, not
merely its status.
"""

from __future__ import annotations

from cases.models import CaseFile, CaseStatus
from charging.decisions.models import CpsDecision
from charging.standing import Standing, status_of

STALE_VERSION = (
    "The case has changed since you opened it (another decision or a new submission). "
    "Nothing has been recorded: reload the case, then decide again."
)


def decision_refusal(st: Standing, case: CaseFile, version: int | None = None) -> str | None:
    if not st.deciding_prosecutor:
        return "Only the prosecutor allocated the case can record its charging decision"
    if version is not None and version != case.version:
        return STALE_VERSION
    if case.status != CaseStatus.WITH_CPS:
        return f"A charging decision is for a case with CPS; this case is {status_of(case)}"
    return None


def full_test_refusal(
    st: Standing, decision: CpsDecision, case: CaseFile, version: int | None = None
) -> str | None:
    """The allocated prosecutor, on a charged case whose charge on the
    Threshold Test still owes its Full Code Test (``CpsDecision.full_test_owed``)."""
    if not st.deciding_prosecutor:
        return "Only the prosecutor allocated the case can apply the Full Code Test"
    if version is not None and version != case.version:
        return STALE_VERSION
    if not decision.threshold_charge:
        return "The Full Code Test is applied here only to a charge on the Threshold Test"
    if not decision.full_test_owed:
        return "The Full Code Test has already been applied to this charge"
    if case.status != CaseStatus.CHARGED:
        return (
            "The Full Code Test after a Threshold Test charge is for a charged case; this "
            f"case is {status_of(case)}"
        )
    return None
