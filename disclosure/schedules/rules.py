"""Who may do what with unused material.

- The officers of the case (the OIC, and the officers of the force granted
  it, the disclosure officer among them: ``cases.rules.works_on_case``)
  draft and serve the schedules (MG6C, MG6D) or their signed nil returns,
  the disclosure officer's report (MG6E) and the disclosure management
  document (DMD), and make their later editions. An item may schedule the
  relevant part of third-party material: a victim information request of
  the case, its material received and reviewed for relevance.
- The prosecutor on the case (``disclosure.requests.rules.is_case_prosecutor``)
  reviews each item, sends a schedule back as insufficient, agrees the DMD,
  and records each disclosure and the defence statement.

Nothing changes once the case is closed (finalised, no further action, or
created in error: ``CLOSED_CASE_STATUSES``): its unused material is read,
never added to. A charged case is not closed: disclosure goes on to trial.

Seeing any of it is ``disclosure.schedules.selectors`` (the case's entitled
police and prosecutor only). Each rule returns why the user may not, or
None: the services raise it and the pages offer a button only when it is None.
"""

from __future__ import annotations

from cases import rules as case_rules
from cases.models import CaseFile
from disclosure.requests.models import RequestStatus, VictimInformationRequest
from disclosure.requests.rules import CLOSED_CASE_STATUSES, is_case_prosecutor
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    EditionStatus,
    ManagementDocument,
    Schedule,
)
from rasso.accounts.models import User


def _status_of(document: Schedule | DisclosureOfficerReport | ManagementDocument) -> str:
    label = document.get_status_display()
    return label[:1].lower() + label[1:]


CLOSED_REFUSAL = "The case is closed: its unused material can no longer be changed"


def _closed_refusal(case: CaseFile) -> str | None:
    # Read on the case row the service has locked: a case closed a moment
    # ago refuses the change it would otherwise have let through.
    return CLOSED_REFUSAL if case.status in CLOSED_CASE_STATUSES else None


# Every rule starts with one of these two: who may act is said first, then
# whether the case is still open.
def _officer_refusal(user: User, case: CaseFile, doing: str) -> str | None:
    if not case_rules.works_on_case(user, case):
        return f"Only the officers of the case can {doing}"
    return _closed_refusal(case)


def _prosecutor_refusal(user: User, case: CaseFile, doing: str) -> str | None:
    if not is_case_prosecutor(user, case):
        return f"Only the prosecutor on the case can {doing}"
    return _closed_refusal(case)


def _draft_refusal(
    document: Schedule | DisclosureOfficerReport | ManagementDocument, doing: str
) -> str | None:
    if document.status == EditionStatus.DRAFT:
        return None
    return f"This edition is {_status_of(document)}: {doing} only on a draft (make a new edition)"


# -- the officers -------------------------------------------------------------


def schedule_start_refusal(user: User, case: CaseFile) -> str | None:
    """Start a schedule, or the next edition of one (one draft at a time: the
    service refuses a second)."""
    return _officer_refusal(user, case, "prepare the schedules of unused material")


def schedule_edit_refusal(user: User, case: CaseFile, schedule: Schedule) -> str | None:
    """Add or change an item."""
    if refusal := _officer_refusal(user, case, "change a schedule"):
        return refusal
    if refusal := _draft_refusal(schedule, "items are changed"):
        return refusal
    if schedule.nil_return:
        return "This is a nil return: it has no items"
    return None


def schedule_item_from_request_refusal(
    user: User, case: CaseFile, schedule: Schedule, request: VictimInformationRequest
) -> str | None:
    """Add an item from third-party material: only the relevant part of
    material received and reviewed for relevance, on the case's own
    request, and once on a schedule (its edition's items include those
    carried from the last)."""
    if refusal := schedule_edit_refusal(user, case, schedule):
        return refusal
    if request.case_id != case.pk:
        return "This victim information request is not of this case"
    if request.status != RequestStatus.REVIEWED:
        return (
            "This request's material has not been reviewed for relevance: only the part "
            "found relevant is scheduled"
        )
    if not request.relevant:
        return "None of this request's material was found relevant: there is nothing to schedule"
    number = schedule.items.filter(from_request=request).values_list("number", flat=True).first()
    if number is not None:
        return f"This material is already item {number} on this schedule"
    return None


def schedule_serve_refusal(user: User, case: CaseFile, schedule: Schedule) -> str | None:
    if refusal := _officer_refusal(user, case, "serve a schedule"):
        return refusal
    return _draft_refusal(schedule, "a schedule is served")


def schedule_nil_return_refusal(user: User, case: CaseFile, schedule: Schedule) -> str | None:
    """Sign a nil return instead of listing items: on an empty draft."""
    if refusal := schedule_serve_refusal(user, case, schedule):
        return refusal
    if schedule.items.exists():
        return "This schedule lists items: it cannot be a nil return"
    return None


def report_start_refusal(user: User, case: CaseFile) -> str | None:
    """Start the MG6E, or its next edition."""
    return _officer_refusal(user, case, "prepare the disclosure officer's report")


def dmd_start_refusal(user: User, case: CaseFile) -> str | None:
    """Draft the DMD, or its next edition."""
    return _officer_refusal(user, case, "prepare the disclosure management document")


def report_edit_refusal(user: User, case: CaseFile, report: DisclosureOfficerReport) -> str | None:
    if refusal := _officer_refusal(user, case, "change the disclosure officer's report"):
        return refusal
    return _draft_refusal(report, "entries are changed")


def report_serve_refusal(user: User, case: CaseFile, report: DisclosureOfficerReport) -> str | None:
    if refusal := _officer_refusal(user, case, "serve the disclosure officer's report"):
        return refusal
    return _draft_refusal(report, "the report is served")


def dmd_edit_refusal(user: User, case: CaseFile, dmd: ManagementDocument) -> str | None:
    if refusal := _officer_refusal(user, case, "change the disclosure management document"):
        return refusal
    return _draft_refusal(dmd, "the document is changed")


def dmd_serve_refusal(user: User, case: CaseFile, dmd: ManagementDocument) -> str | None:
    if refusal := _officer_refusal(user, case, "send the disclosure management document"):
        return refusal
    return _draft_refusal(dmd, "the document is sent")


# -- the prosecutor -----------------------------------------------------------


def item_review_refusal(user: User, case: CaseFile, schedule: Schedule) -> str | None:
    if refusal := _prosecutor_refusal(user, case, "review the items of a schedule"):
        return refusal
    if schedule.status != EditionStatus.SERVED:
        return f"This edition is {_status_of(schedule)}: only a served schedule is reviewed"
    return None


def schedule_send_back_refusal(user: User, case: CaseFile, schedule: Schedule) -> str | None:
    if refusal := _prosecutor_refusal(user, case, "send a schedule back"):
        return refusal
    if not schedule.can_move_to(EditionStatus.RETURNED):
        return f"This edition is {_status_of(schedule)}: it cannot be sent back"
    if schedule.nil_return:
        return "A nil return has no items to send back"
    return None


def dmd_agree_refusal(user: User, case: CaseFile, dmd: ManagementDocument) -> str | None:
    if refusal := _prosecutor_refusal(user, case, "agree the disclosure management document"):
        return refusal
    if not dmd.can_move_to(EditionStatus.AGREED):
        return f"This edition is {_status_of(dmd)}: it cannot be agreed"
    return None


def disclosure_record_refusal(user: User, case: CaseFile) -> str | None:
    """Record material disclosed to the defence, or the defence statement."""
    return _prosecutor_refusal(user, case, "record disclosure to the defence")
