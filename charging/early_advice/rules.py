"""Who may ask for, allocate, give, acknowledge, withdraw and follow up early
advice, read from the user's ``Standing`` on the case and the request's status."""

from __future__ import annotations

from cases.models import CaseFile, CaseStatus
from charging.early_advice.models import EarlyAdviceRequest, EarlyAdviceStatus
from charging.standing import Standing

# Early advice is for any stage before a charging decision.
ADVICE_CASE_STATUSES = frozenset(
    {
        CaseStatus.DRAFT,
        CaseStatus.INVESTIGATION,
        CaseStatus.WITH_CPS,
        CaseStatus.ACTION_PLAN,
    }
)


def may_request_advice(st: Standing, case: CaseFile) -> bool:
    return st.works_on_case and case.status in ADVICE_CASE_STATUSES


def may_allocate_advice(st: Standing, request: EarlyAdviceRequest) -> bool:
    return st.area_spoc and request.can_move_to(EarlyAdviceStatus.ALLOCATED)


def may_advise(st: Standing, request: EarlyAdviceRequest) -> bool:
    return request.status == EarlyAdviceStatus.ALLOCATED and request.prosecutor_id == st.user_id


def may_acknowledge(st: Standing, request: EarlyAdviceRequest) -> bool:
    return st.works_on_case and request.can_move_to(EarlyAdviceStatus.ACKNOWLEDGED)


def may_withdraw_advice(st: Standing, request: EarlyAdviceRequest) -> bool:
    return st.works_on_case and request.can_move_to(EarlyAdviceStatus.WITHDRAWN)


def may_follow_up(st: Standing, request: EarlyAdviceRequest, case: CaseFile) -> bool:
    return may_request_advice(st, case) and request.status in (
        EarlyAdviceStatus.ADVISED,
        EarlyAdviceStatus.ACKNOWLEDGED,
    )
