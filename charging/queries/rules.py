"""Who may raise, pass on, resolve and withdraw a file-quality query, read from
the user's ``Standing`` on the case and the query's status.

Each rule returns why the user may not (the sentence the service raises), or
None when they may: the services raise it, and the pages offer a button only
when its rule returns None.
"""

from __future__ import annotations

from cases.models import CaseFile, CaseStatus
from charging.queries.models import FileQualityQuery, QueryStatus
from charging.standing import Standing, status_of

# A file-quality query is about a file CPS holds.
QUERY_CASE_STATUSES = frozenset({CaseStatus.WITH_CPS, CaseStatus.ACTION_PLAN})


def _move_refusal(query: FileQualityQuery, status: str, doing: str) -> str | None:
    if query.can_move_to(status):
        return None
    return f"This query is {status_of(query)}: it cannot be {doing}"


def query_raise_refusal(st: Standing, case: CaseFile) -> str | None:
    if not st.case_prosecutor:
        return "Only the prosecutor allocated the case can raise a file-quality query"
    if case.status not in QUERY_CASE_STATUSES:
        return f"A file-quality query is about a file with CPS; this case is {status_of(case)}"
    return None


def query_resolve_refusal(st: Standing, query: FileQualityQuery) -> str | None:
    """The force's SPOC or supervisor while it is with them or the OIC; the
    OIC once it has been passed to them."""
    if query.status == QueryStatus.OPEN and st.is_oic and not st.force_supervisor:
        return "This query is with the force's SPOC: it comes to you if they pass it on"
    if not (st.force_supervisor or st.is_oic):
        return (
            "Only a SPOC or supervisor of the force, or the officer in the case once it is "
            "passed to them, can resolve the query"
        )
    return _move_refusal(query, QueryStatus.RESOLVED, "resolved")


def query_pass_refusal(st: Standing, query: FileQualityQuery) -> str | None:
    if not st.force_supervisor:
        return "Only a SPOC or supervisor of the force can pass the query on"
    return _move_refusal(query, QueryStatus.WITH_OIC, "passed to the officer in the case")


def query_withdraw_refusal(st: Standing, query: FileQualityQuery) -> str | None:
    """The prosecutor who raised it, or the case's prosecutor."""
    if query.raised_by_id != st.user_id and not st.case_prosecutor:
        return "Only the prosecutor who raised the query can withdraw it"
    return _move_refusal(query, QueryStatus.WITHDRAWN, "withdrawn")
