"""Who may do what to a device extraction, and the words the user is given.

- The officers of the case (the OIC, and the officers of the force granted
  it: ``cases.rules.works_on_case``) do everything: draft the request, give
  the user the written notice, record their agreement or refusal, the
  extraction, its review, a withdrawal of agreement and the device's return.
- The prosecutor on the case (``disclosure.requests.rules.is_case_prosecutor``)
  reads it, and acts on none of it: the agreement is between the police and
  the device's user.
- On a closed case (``CLOSED_CASE_STATUSES``) nothing more is sought from a
  device: no draft is made or changed, no notice given, no agreement taken,
  nothing extracted. A refusal and a withdrawal of agreement are still
  recorded (they are the user's), what was extracted still reviewed, and the
  device returned.

Each rule returns why the user may not (the sentence the service raises), or
None when they may: the services raise it, and the pages offer a button only
when its rule returns None.
"""

from __future__ import annotations

from cases import rules as case_rules
from cases.models import CaseFile
from disclosure.devices.models import (
    EXTRACTION_EDITABLE,
    DeviceExtraction,
    ExtractionStatus,
)
from disclosure.requests.rules import CLOSED_CASE_STATUSES
from rasso.accounts.models import User

# The written notice the device's user is given, with what is sought and why
# (the extraction's own purpose and scope) above it. A new wording is a new
# version: an extraction records the version its user was given.
NOTICE_VERSION = "2026-1"
NOTICE_TEXT = (
    "We are asking you to let us extract information from your device. Above is what "
    "we are asking for and why: only information of those kinds, from those dates, is "
    "sought. Once extracted, the information is kept securely, looked at only by the "
    "people investigating the case and the prosecutor, and only what is relevant to "
    "the investigation is kept as part of the case; the rest is deleted, and your "
    "device is returned to you. You may refuse: it is your choice, and refusing will "
    "not, on its own, end the investigation. If you agree, you may withdraw your "
    "agreement at any time, and from then nothing more will be looked at."
)

# What a refusal is recorded with: the record itself says it.
WITHOUT_PREJUDICE = (
    "Recorded without prejudice to the case: the user may refuse, and the refusal alone "
    "does not end the investigation or count against them."
)


# The extraction's status as a refusal words it ("This extraction is ...").
_STATUS_WORDS = {
    ExtractionStatus.DRAFT: "a draft",
    ExtractionStatus.NOTICE_GIVEN: "awaiting the user's answer",
    ExtractionStatus.AGREED: "agreed by the user",
    ExtractionStatus.REFUSED: "refused by the user",
    ExtractionStatus.EXTRACTED: "extracted",
    ExtractionStatus.REVIEWED: "reviewed",
    ExtractionStatus.WITHDRAWN: "withdrawn by the user",
    ExtractionStatus.RETURNED: "closed: the device was returned",
}


def status_of(extraction: DeviceExtraction) -> str:
    return _STATUS_WORDS.get(ExtractionStatus(extraction.status), extraction.status)


def _officer_refusal(user: User, case: CaseFile, doing: str) -> str | None:
    if case_rules.works_on_case(user, case):
        return None
    return f"Only the officers of the case can {doing}"


def _move_refusal(extraction: DeviceExtraction, status: str, doing: str) -> str | None:
    if extraction.can_move_to(status):
        return None
    if extraction.is_withdrawn and status != ExtractionStatus.RETURNED:
        return "The user has withdrawn their agreement: nothing further is processed"
    return f"This extraction is {status_of(extraction)}: it cannot be {doing}"


CLOSED_CASE = "The case is closed: no device can be examined on it"


def _closed_refusal(case: CaseFile) -> str | None:
    return CLOSED_CASE if case.status in CLOSED_CASE_STATUSES else None


def extraction_create_refusal(user: User, case: CaseFile) -> str | None:
    if refusal := _officer_refusal(user, case, "ask to extract information from a device"):
        return refusal
    return _closed_refusal(case)


def extraction_edit_refusal(user: User, case: CaseFile, extraction: DeviceExtraction) -> str | None:
    if refusal := _officer_refusal(user, case, "change the request"):
        return refusal
    if refusal := _closed_refusal(case):
        return refusal
    if extraction.status not in EXTRACTION_EDITABLE:
        return (
            f"This extraction is {status_of(extraction)}: only a draft can be changed, "
            "the user was told what it asks"
        )
    return None


def extraction_notice_refusal(
    user: User, case: CaseFile, extraction: DeviceExtraction
) -> str | None:
    if refusal := _officer_refusal(user, case, "record the notice to the device's user"):
        return refusal
    if refusal := _closed_refusal(case):
        return refusal
    return _move_refusal(extraction, ExtractionStatus.NOTICE_GIVEN, "given notice again")


def extraction_agree_refusal(
    user: User, case: CaseFile, extraction: DeviceExtraction
) -> str | None:
    if refusal := _officer_refusal(user, case, "record the user's agreement"):
        return refusal
    if refusal := _closed_refusal(case):
        return refusal
    if extraction.status == ExtractionStatus.DRAFT:
        return "Give the user the written notice before recording their agreement"
    return _move_refusal(extraction, ExtractionStatus.AGREED, "agreed")


def extraction_refuse_refusal(
    user: User, case: CaseFile, extraction: DeviceExtraction
) -> str | None:
    if refusal := _officer_refusal(user, case, "record the user's refusal"):
        return refusal
    if extraction.status == ExtractionStatus.DRAFT:
        return "Give the user the written notice before recording their answer"
    return _move_refusal(extraction, ExtractionStatus.REFUSED, "refused")


def extraction_extract_refusal(
    user: User, case: CaseFile, extraction: DeviceExtraction
) -> str | None:
    if refusal := _officer_refusal(user, case, "record the extraction"):
        return refusal
    if refusal := _closed_refusal(case):
        return refusal
    if extraction.status in (ExtractionStatus.DRAFT, ExtractionStatus.NOTICE_GIVEN):
        return "No extraction may start without the user's agreement"
    if extraction.status == ExtractionStatus.REFUSED:
        return "The user refused: nothing is extracted"
    return _move_refusal(extraction, ExtractionStatus.EXTRACTED, "extracted")


def extraction_review_refusal(
    user: User, case: CaseFile, extraction: DeviceExtraction
) -> str | None:
    if refusal := _officer_refusal(user, case, "record the review"):
        return refusal
    return _move_refusal(extraction, ExtractionStatus.REVIEWED, "reviewed")


def extraction_withdraw_refusal(
    user: User, case: CaseFile, extraction: DeviceExtraction
) -> str | None:
    if refusal := _officer_refusal(user, case, "record a withdrawal of agreement"):
        return refusal
    if extraction.is_withdrawn:
        return "The user has already withdrawn their agreement"
    return _move_refusal(extraction, ExtractionStatus.WITHDRAWN, "withdrawn")


def extraction_return_refusal(
    user: User, case: CaseFile, extraction: DeviceExtraction
) -> str | None:
    if refusal := _officer_refusal(user, case, "record the device's return"):
        return refusal
    return _move_refusal(extraction, ExtractionStatus.RETURNED, "marked as returned")
