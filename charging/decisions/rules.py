"""Who may record a charging decision, and apply the Full Code Test to a
Threshold Test charge: the case's allocated prosecutor, at the right stage."""

from __future__ import annotations

from typing import Any

from cases.models import CaseFile, CaseStatus
from charging.decisions.models import CpsDecision
from charging.standing import is_deciding_prosecutor


def may_decide(user: Any, case: CaseFile) -> bool:
    return case.status == CaseStatus.WITH_CPS and is_deciding_prosecutor(user, case)


def may_apply_full_test(user: Any, decision: CpsDecision, case: CaseFile) -> bool:
    """The allocated prosecutor, on a charged case whose charge on the
    Threshold Test still owes its Full Code Test."""
    return (
        case.status == CaseStatus.CHARGED
        and decision.case_id == case.pk
        and decision.full_test_owed
        and is_deciding_prosecutor(user, case)
    )
