"""Who may raise, pass on, resolve and withdraw a file-quality query, read from
the user's ``Standing`` on the case and the query's status."""

from __future__ import annotations

from cases.models import CaseFile, CaseStatus
from charging.queries.models import FileQualityQuery, QueryStatus
from charging.standing import Standing

# A file-quality query is about a file CPS holds.
QUERY_CASE_STATUSES = frozenset({CaseStatus.WITH_CPS, CaseStatus.ACTION_PLAN})


def may_raise_query(st: Standing, case: CaseFile) -> bool:
    return st.case_prosecutor and case.status in QUERY_CASE_STATUSES


def may_resolve_query(st: Standing, query: FileQualityQuery) -> bool:
    """The force's SPOC or supervisor while it is with them or the OIC; the
    OIC once it has been passed to them."""
    if query.status == QueryStatus.OPEN:
        return st.force_supervisor
    if query.status == QueryStatus.WITH_OIC:
        return st.force_supervisor or st.is_oic
    return False


def may_pass_query_to_oic(st: Standing, query: FileQualityQuery) -> bool:
    return st.force_supervisor and query.can_move_to(QueryStatus.WITH_OIC)


def may_withdraw_query(st: Standing, query: FileQualityQuery) -> bool:
    return (query.raised_by_id == st.user_id or st.case_prosecutor) and query.can_move_to(
        QueryStatus.WITHDRAWN
    )
