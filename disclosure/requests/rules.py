"""Who may do what to a victim information request.

- The officers of the case (the OIC, and the officers of the force granted
  it: ``cases.rules.works_on_case``) draft, submit, send, record the reply
  and its review, tell the complainant, and withdraw.
- A police supervisor of the case's force (the senior officer of the Code of
  Practice, not a SPOC) approves a counselling request and overrides the
  credibility flag, or returns the request to the officer; never one they
  drafted themselves.
- The prosecutor on the case (a prosecutor of its Area entitled to the
  complainant's identity: allocated the case, or granted it for early
  advice) agrees, asks for changes or rejects.
- On a closed case (``CLOSED_CASE_STATUSES``) none of them takes a request
  any nearer the holder; the officers may still withdraw it, tell the
  complainant, and record and review what the holder sends.

Each rule returns why the user may not (the sentence the service raises), or
None when they may: the services raise it, and the pages offer a button only
when its rule returns None.
"""

from __future__ import annotations

from cases import rules as case_rules
from cases.models import CaseFile, CaseStatus
from disclosure.requests.models import (
    REQUEST_EDITABLE,
    REQUEST_NOTICE_STATUSES,
    RequestStatus,
    VictimInformationRequest,
)
from rasso.accounts.models import Role, User

# A closed case asks nobody for anything more: no request is drafted,
# changed, approved, decided or sent on it. What was sent before it closed
# may still be withdrawn, and the material that arrives recorded and
# reviewed (the holder's reply is owed all the same).
CLOSED_CASE_STATUSES = frozenset(
    {
        CaseStatus.FINALISED,
        CaseStatus.POLICE_NFA,
        CaseStatus.CPS_NFA,
        CaseStatus.CREATED_IN_ERROR,
    }
)
CLOSED_CASE = "The case is closed: no information can be asked for on it"


def _closed_refusal(case: CaseFile) -> str | None:
    return CLOSED_CASE if case.status in CLOSED_CASE_STATUSES else None


def status_of(request: VictimInformationRequest) -> str:
    """The request's status as a refusal words it ("awaiting the prosecutor")."""
    label = request.get_status_display()
    return label[:1].lower() + label[1:]


def _move_refusal(request: VictimInformationRequest, status: str, doing: str) -> str | None:
    if request.can_move_to(status):
        return None
    return f"This request is {status_of(request)}: it cannot be {doing}"


def _officer_refusal(user: User, case: CaseFile, doing: str) -> str | None:
    if case_rules.works_on_case(user, case):
        return None
    return f"Only the officers of the case can {doing}"


def is_police_supervisor(user: User, case: CaseFile) -> bool:
    """A police supervisor of the case's force: a SPOC is not the senior
    officer the Code of Practice means."""
    return case_rules.has_role(user, Role.POLICE_SUPERVISOR, case.force_id)


def is_case_prosecutor(user: User, case: CaseFile) -> bool:
    """The prosecutor who advises or decides on the case: a prosecutor of its
    Area entitled to the complainant's identity (allocated the case, or
    granted it with an early-advice request)."""
    return case_rules.has_role(
        user, Role.PROSECUTOR, case.cps_area_id
    ) and case_rules.may_see_complainant_identity(user, case)


# -- the officers -------------------------------------------------------------


def request_create_refusal(user: User, case: CaseFile) -> str | None:
    if refusal := _officer_refusal(user, case, "ask for a complainant's information"):
        return refusal
    return _closed_refusal(case)


def request_edit_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    if refusal := _officer_refusal(user, case, "change the request"):
        return refusal
    if refusal := _closed_refusal(case):
        return refusal
    if request.status not in REQUEST_EDITABLE:
        return f"This request is {status_of(request)}: only a draft can be changed"
    return None


def request_submit_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    if refusal := _officer_refusal(user, case, "submit the request"):
        return refusal
    if refusal := _closed_refusal(case):
        return refusal
    # A draft only: one awaiting approval may move on to CPS, but by the
    # supervisor's hand, and a second click must not submit it again.
    if request.status != RequestStatus.DRAFT:
        return f"This request is {status_of(request)}: it has been submitted"
    return None


def request_notice_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    """Tell the complainant, record why notice is delayed or withheld, record
    their view."""
    if refusal := _officer_refusal(user, case, "record notice to the complainant"):
        return refusal
    if request.status not in REQUEST_NOTICE_STATUSES:
        return f"This request is {status_of(request)}: nothing more is recorded on it"
    return None


def request_notice_give_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    """Record the notice given, or why it is delayed or withheld: once."""
    if refusal := request_notice_refusal(user, case, request):
        return refusal
    if request.notice_given_on is not None:
        return "Notice of this request to the complainant has already been recorded"
    return None


def request_send_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    if refusal := _officer_refusal(user, case, "send the request"):
        return refusal
    if refusal := _closed_refusal(case):
        return refusal
    return _move_refusal(request, RequestStatus.SENT, "sent")


def request_receive_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    if refusal := _officer_refusal(user, case, "record the material received"):
        return refusal
    return _move_refusal(request, RequestStatus.RECEIVED, "marked as received")


def request_review_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    if refusal := _officer_refusal(user, case, "review the material received"):
        return refusal
    return _move_refusal(request, RequestStatus.REVIEWED, "reviewed")


def request_withdraw_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    if refusal := _officer_refusal(user, case, "withdraw the request"):
        return refusal
    return _move_refusal(request, RequestStatus.WITHDRAWN, "withdrawn")


# -- the supervisor -----------------------------------------------------------


def _supervisor_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    if not is_police_supervisor(user, case):
        return "Only a police supervisor of the force can approve the request"
    if refusal := _closed_refusal(case):
        return refusal
    if request.status != RequestStatus.AWAITING_APPROVAL:
        return f"This request is {status_of(request)}: it is not awaiting a supervisor"
    if request.created_by_id == user.pk:
        return "Another supervisor must approve a request you drafted"
    return None


def request_approve_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    """The senior officer's approval a counselling request needs."""
    if refusal := _supervisor_refusal(user, case, request):
        return refusal
    if not request.is_counselling:
        return "Only a request for counselling or therapy records needs a senior officer's approval"
    if request.approved_by_id is not None:
        return "This request has already been approved"
    return None


def request_override_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    """Override the credibility flag, with reasons."""
    if refusal := _supervisor_refusal(user, case, request):
        return refusal
    if not request.credibility_flagged:
        return "This request is not flagged: there is nothing to override"
    if request.override_by_id is not None:
        return "The flag on this request has already been overridden"
    return None


def request_return_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    """Return it to the officer instead of approving it."""
    return _supervisor_refusal(user, case, request)


# -- the prosecutor -----------------------------------------------------------


def request_cps_decide_refusal(
    user: User, case: CaseFile, request: VictimInformationRequest
) -> str | None:
    if not is_case_prosecutor(user, case):
        return "Only the prosecutor on the case can decide on the request"
    if refusal := _closed_refusal(case):
        return refusal
    if request.status != RequestStatus.AWAITING_CPS:
        return f"This request is {status_of(request)}: it is not awaiting the prosecutor"
    return None
