"""Who may ask for, allocate, give, acknowledge, withdraw and follow up early
advice, read from the user's ``Standing`` on the case and the request's status.

Each rule returns why the user may not (the sentence the service raises and
the page would show), or None when they may: the services raise it, and the
pages offer a button only when its rule returns None.
"""

from __future__ import annotations

from cases.models import CaseFile, CaseStatus
from charging.early_advice.models import EarlyAdviceRequest, EarlyAdviceStatus
from charging.standing import Standing, status_of

# Early advice is for any stage before a charging decision.
ADVICE_CASE_STATUSES = frozenset(
    {
        CaseStatus.DRAFT,
        CaseStatus.INVESTIGATION,
        CaseStatus.WITH_CPS,
        CaseStatus.ACTION_PLAN,
    }
)
# Advice that has been given, which a new request may follow up.
ADVICE_GIVEN = (EarlyAdviceStatus.ADVISED, EarlyAdviceStatus.ACKNOWLEDGED)


def _move_refusal(request: EarlyAdviceRequest, status: str, doing: str) -> str | None:
    if request.can_move_to(status):
        return None
    return f"This early-advice request is {status_of(request)}: it cannot be {doing}"


def advice_request_refusal(st: Standing, case: CaseFile) -> str | None:
    if not st.works_on_case:
        return "Only an officer working on the case can ask for early advice"
    if case.status not in ADVICE_CASE_STATUSES:
        return (
            "Early advice is for a case before its charging decision; this case is "
            f"{status_of(case)}"
        )
    return None


def advice_follow_up_refusal(
    st: Standing, earlier: EarlyAdviceRequest, case: CaseFile
) -> str | None:
    """A new request on the same case, following up advice given."""
    if reason := advice_request_refusal(st, case):
        return reason
    if earlier.case_id != case.pk:
        return "A follow-up must follow up advice on the same case"
    if earlier.status not in ADVICE_GIVEN:
        return "Only advice that has been given can be followed up"
    return None


def advice_allocate_refusal(st: Standing, request: EarlyAdviceRequest) -> str | None:
    """A CPS SPOC of the case's Area, before the advice is given (again to
    re-allocate)."""
    if not st.area_spoc:
        return "Only a CPS SPOC of the case's Area can allocate early advice"
    return _move_refusal(request, EarlyAdviceStatus.ALLOCATED, "allocated")


def advice_give_refusal(st: Standing, request: EarlyAdviceRequest) -> str | None:
    if request.prosecutor_id != st.user_id:
        return "Only the prosecutor allocated this request can give the advice"
    return _move_refusal(request, EarlyAdviceStatus.ADVISED, "answered")


def advice_acknowledge_refusal(st: Standing, request: EarlyAdviceRequest) -> str | None:
    if not st.works_on_case:
        return "Only an officer working on the case can acknowledge the advice"
    return _move_refusal(request, EarlyAdviceStatus.ACKNOWLEDGED, "acknowledged")


def advice_withdraw_refusal(st: Standing, request: EarlyAdviceRequest) -> str | None:
    if not st.works_on_case:
        return "Only an officer working on the case can withdraw the request"
    return _move_refusal(request, EarlyAdviceStatus.WITHDRAWN, "withdrawn")
