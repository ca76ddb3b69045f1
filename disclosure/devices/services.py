"""Every change to a device extraction: drafted and changed by the officers
of the case, the written notice given to the device's user, their agreement
(confirmed in writing, without undue pressure) or their refusal (recorded
without prejudice to the case), the extraction and its review, a withdrawal
of agreement (nothing further processed; what was extracted and not reviewed
marked for deletion) and the device's return.

One transaction each, the case's row and then the extraction's locked (the
order every writer on a case takes, so two never deadlock): a double submit
finds the extraction already moved and is refused, nothing applied twice.
Each writes the audit log, which names the extraction by number and the
device's user by pseudonym, never what was written; and nothing on the case
timeline, which everyone who sees the case reads (the force's supervisors
and SPOCs, the Area's CPS SPOC), while an extraction is as restricted as the
complainant's identity (DESIGN.md §3): that one exists is not theirs to know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases.models import CaseFile
from disclosure.common import case_locked, invalid
from disclosure.devices import rules
from disclosure.devices.models import (
    DataCategory,
    DeletionMark,
    DeviceExtraction,
    ExtractionStatus,
    WrittenConfirmation,
)
from rasso.accounts.models import User
from rasso.audit.services import audit_record
from rasso.core.errors import refuse
from rasso.core.resubmission import resubmission_since
from victims.models import Complainant

# A witness is named on the case by a pseudonym like a complainant's: W1, W2.
WITNESS_PSEUDONYM = re.compile(r"W[1-9][0-9]{0,2}")


@dataclass(frozen=True)
class ExtractionDetails:
    """Whose device, what is sought from it and why: the one definition a
    form and a serializer both fill in, checked once, here (``_cleaned``).
    The device is a complainant's of the case, or a witness's by pseudonym."""

    complainant: Complainant | None
    witness: str
    device: str
    purpose: str
    line_of_enquiry: str
    necessity: str
    less_intrusive_means: str
    date_from: date | None
    date_to: date | None
    data_categories: list[str] = field(default_factory=list)
    categories_other: str = ""
    applications: str = ""


# Each text an extraction must answer, and the message when it does not.
_REQUIRED_TEXT: tuple[tuple[str, str], ...] = (
    ("device", "Describe the device (its kind, make and model)"),
    ("purpose", "Say what the extraction is for"),
    ("line_of_enquiry", "Say which reasonable line of enquiry the extraction serves"),
    ("necessity", "Say why the extraction is necessary and proportionate"),
    ("less_intrusive_means", "Say what less intrusive means were considered"),
)


def _cleaned(case: CaseFile, details: ExtractionDetails) -> dict[str, Any]:
    """Check and normalise what the officer wrote, every problem at once."""
    # (Not ``asdict``: it would copy the complainant's row.)
    cleaned = {f.name: getattr(details, f.name) for f in fields(details)}
    problems: dict[str, str] = {}
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
    complainant, witness = cleaned["complainant"], cleaned["witness"].upper()
    cleaned["witness"] = witness
    if complainant is not None and witness:
        problems["witness"] = "Choose a complainant or name a witness, not both"
    elif complainant is None and not witness:
        problems["complainant"] = "Choose whose device it is: a complainant, or a witness"
    elif complainant is not None and complainant.case_id != case.pk:
        problems["complainant"] = "Choose a complainant of this case"
    elif witness and not WITNESS_PSEUDONYM.fullmatch(witness):
        problems["witness"] = "Name the witness by their pseudonym on the case, like W1"
    for name, message in _REQUIRED_TEXT:
        if not cleaned[name]:
            problems[name] = message
    if len(cleaned["device"]) > 200:
        problems["device"] = "The device's description must be 200 characters or fewer"
    begins, ends = cleaned["date_from"], cleaned["date_to"]
    if begins is None:
        problems["date_from"] = "Enter the date the information sought starts from"
    if ends is None:
        problems["date_to"] = "Enter the date the information sought runs to"
    elif ends > timezone.localdate():
        problems["date_to"] = "The information sought cannot run past today"
    if begins is not None and ends is not None and ends < begins:
        problems["date_to"] = "The information sought must end on or after the day it starts"
    categories = list(dict.fromkeys(cleaned["data_categories"] or []))
    if not categories:
        problems["data_categories"] = "Choose the kinds of data sought: not the whole device"
    elif any(c not in DataCategory.values for c in categories):
        problems["data_categories"] = "Choose the kinds of data sought from the list"
    # In the list's order, so the same scope is always stored the same way.
    cleaned["data_categories"] = [c for c in DataCategory.values if c in categories]
    if DataCategory.OTHER in categories:
        if not cleaned["categories_other"]:
            problems["categories_other"] = "Say what other data is sought"
        elif len(cleaned["categories_other"]) > 200:
            problems["categories_other"] = (
                "Say what other data is sought in 200 characters or fewer"
            )
    else:
        # Nothing stays behind from a kind the officer no longer asks for.
        cleaned["categories_other"] = ""
    if problems:
        raise invalid(problems)
    return cleaned


def _day(
    value: date | None, name: str, what: str, *, not_before: date | None = None, since: str = ""
) -> dict[str, str]:
    """A problem with the date of a step, if any: given, not in the future,
    not before the step it follows."""
    if value is None:
        return {name: f"Enter the date {what}"}
    if value > timezone.localdate():
        return {name: f"The date {what} cannot be in the future"}
    if not_before is not None and value < not_before:
        return {name: f"The date {what} cannot be before {since}"}
    return {}


def _locked(extraction: DeviceExtraction) -> tuple[CaseFile, DeviceExtraction]:
    """The case, then the extraction, locked in that order; the extraction as
    it is now, so a second click sees what the first did."""
    case = case_locked(extraction.case_id)
    locked = (
        DeviceExtraction.objects.select_for_update(of=("self",))
        .select_related("complainant")
        .get(pk=extraction.pk)
    )
    return case, locked


def _record(
    case: CaseFile,
    actor: User,
    extraction: DeviceExtraction,
    kind: str,
    description: str,
    **detail: Any,
) -> None:
    """The audit log: what happened to which extraction (``description``, for
    the reader of the log), and what the code chose, never free text. Not the
    case timeline, which everyone who sees the case reads."""
    audit_record(
        actor=actor,
        action=f"disclosure.device_extraction_{kind}",
        obj=extraction,
        detail={
            "case": case.pk,
            "what": description,
            "owner": extraction.owner,
            "status": extraction.status,
            **detail,
        },
    )


# -- the draft ----------------------------------------------------------------


@transaction.atomic
def extraction_create(
    *, actor: User, case: CaseFile, details: ExtractionDetails
) -> DeviceExtraction:
    """An officer of the case drafts a request to extract information from a
    device its user volunteers: whose it is, why (the purpose, the line of
    enquiry, why necessary and proportionate, the less intrusive means
    considered) and the scope (dates and kinds of data). Nothing is saved
    unless all of it is given. The same draft by the same officer a moment
    ago (a double click, a retried request) is given back, not saved again."""
    # Locked: of two identical posts the second waits, finds the first and is
    # given it back.
    case = case_locked(case.pk)
    refuse(rules.extraction_create_refusal(actor, case))
    cleaned = _cleaned(case, details)
    if same := DeviceExtraction.objects.filter(
        case=case, created_by=actor, created_at__gte=resubmission_since(), **cleaned
    ).first():
        return same
    extraction = DeviceExtraction.objects.create(case=case, created_by=actor, **cleaned)
    _record(
        case,
        actor,
        extraction,
        "drafted",
        "drafted",
        categories=extraction.data_categories,
    )
    return extraction


def _stored(extraction: DeviceExtraction, name: str) -> Any:
    # The complainant compared by row, without reading it.
    if name == "complainant":
        return extraction.complainant if extraction.complainant_id else None
    return getattr(extraction, name)


@transaction.atomic
def extraction_update(
    *, actor: User, extraction: DeviceExtraction, details: ExtractionDetails
) -> DeviceExtraction:
    """An officer of the case changes a draft: once the user has been given
    notice of what it asks, it is fixed."""
    case, extraction = _locked(extraction)
    refuse(rules.extraction_edit_refusal(actor, case, extraction))
    cleaned = _cleaned(case, details)
    changed = [name for name, value in cleaned.items() if _stored(extraction, name) != value]
    if not changed:
        return extraction
    for name in changed:
        setattr(extraction, name, cleaned[name])
    extraction.save(update_fields=[*changed, "updated_at"])
    _record(case, actor, extraction, "changed", "changed", fields=sorted(changed))
    return extraction


# -- the user's answer --------------------------------------------------------


@transaction.atomic
def extraction_notice_give(
    *, actor: User, extraction: DeviceExtraction, given_on: date | None, in_writing: bool
) -> DeviceExtraction:
    """An officer of the case records the written notice given to the device's
    user: what is sought and why (the draft's purpose and scope), how it will
    be handled once extracted, that they may refuse, and that refusal alone
    will not end the investigation (``rules.NOTICE_TEXT``, whose version is
    recorded)."""
    case, extraction = _locked(extraction)
    refuse(rules.extraction_notice_refusal(actor, case, extraction))
    problems = _day(
        given_on,
        "given_on",
        "the notice was given",
        not_before=timezone.localdate(extraction.created_at),
        since="the request was drafted",
    )
    if not in_writing:
        problems["in_writing"] = (
            "Confirm that the user was given the written notice: nothing is extracted without it"
        )
    if problems or given_on is None:  # a missing date is among the problems
        raise invalid(problems)
    extraction.status = ExtractionStatus.NOTICE_GIVEN
    extraction.notice_given_on = given_on
    extraction.notice_version = rules.NOTICE_VERSION
    extraction.notice_given_by = actor
    extraction.save(
        update_fields=[
            "status",
            "notice_given_on",
            "notice_version",
            "notice_given_by",
            "updated_at",
        ]
    )
    _record(
        case,
        actor,
        extraction,
        "notice_given",
        "notice given to the device's user",
        version=rules.NOTICE_VERSION,
    )
    return extraction


@transaction.atomic
def extraction_agree(
    *,
    actor: User,
    extraction: DeviceExtraction,
    agreed_on: date | None,
    agreement_confirmation: str,
    agreement_details: str = "",
    no_undue_pressure: bool = False,
) -> DeviceExtraction:
    """An officer of the case records the user's agreement: when, how they
    confirmed it in writing, and the officer's confirmation that no undue
    pressure was applied. Without it no extraction may start."""
    case, extraction = _locked(extraction)
    refuse(rules.extraction_agree_refusal(actor, case, extraction))
    problems = _day(
        agreed_on,
        "agreed_on",
        "the user agreed",
        not_before=extraction.notice_given_on,
        since="they were given the notice",
    )
    details = (agreement_details or "").strip()
    confirmation = agreement_confirmation
    if confirmation not in WrittenConfirmation.values:
        problems["agreement_confirmation"] = (
            "Choose how the user confirmed their agreement in writing"
        )
    elif confirmation == WrittenConfirmation.OTHER and not details:
        problems["agreement_details"] = "Say how the user confirmed their agreement in writing"
    if no_undue_pressure is not True:
        problems["no_undue_pressure"] = (
            "Confirm that no undue pressure was applied to the user to agree"
        )
    if problems or agreed_on is None:  # a missing date is among the problems
        raise invalid(problems)
    extraction.status = ExtractionStatus.AGREED
    extraction.agreed_on = agreed_on
    extraction.agreement_confirmation = confirmation
    extraction.agreement_details = details
    extraction.no_undue_pressure = True
    extraction.agreement_recorded_by = actor
    extraction.save(
        update_fields=[
            "status",
            "agreed_on",
            "agreement_confirmation",
            "agreement_details",
            "no_undue_pressure",
            "agreement_recorded_by",
            "updated_at",
        ]
    )
    _record(
        case,
        actor,
        extraction,
        "agreed",
        "agreed by the device's user",
        confirmation=confirmation,
    )
    return extraction


@transaction.atomic
def extraction_refuse(
    *, actor: User, extraction: DeviceExtraction, refused_on: date | None
) -> DeviceExtraction:
    """An officer of the case records that the user refused. The record says
    it is without prejudice to the case (``rules.WITHOUT_PREJUDICE``); no
    reason is asked of the user, and nothing is extracted."""
    case, extraction = _locked(extraction)
    refuse(rules.extraction_refuse_refusal(actor, case, extraction))
    problems = _day(
        refused_on,
        "refused_on",
        "the user refused",
        not_before=extraction.notice_given_on,
        since="they were given the notice",
    )
    if problems or refused_on is None:  # a missing date is among the problems
        raise invalid(problems)
    extraction.status = ExtractionStatus.REFUSED
    extraction.refused_on = refused_on
    extraction.refusal_statement = rules.WITHOUT_PREJUDICE
    extraction.refusal_recorded_by = actor
    extraction.save(
        update_fields=[
            "status",
            "refused_on",
            "refusal_statement",
            "refusal_recorded_by",
            "updated_at",
        ]
    )
    _record(
        case,
        actor,
        extraction,
        "refused",
        "refused by the device's user (recorded without prejudice to the case)",
    )
    return extraction


# -- the results --------------------------------------------------------------


@transaction.atomic
def extraction_extract(
    *, actor: User, extraction: DeviceExtraction, extracted_on: date | None, material: str
) -> DeviceExtraction:
    """An officer of the case records what was extracted, within the agreed
    scope. Refused without the user's agreement, and after they withdrew it."""
    case, extraction = _locked(extraction)
    refuse(rules.extraction_extract_refusal(actor, case, extraction))
    problems = _day(
        extracted_on,
        "extracted_on",
        "the information was extracted",
        not_before=extraction.agreed_on,
        since="the user agreed",
    )
    material = (material or "").strip()
    if not material:
        problems["material"] = "Describe what was extracted"
    if problems or extracted_on is None:  # a missing date is among the problems
        raise invalid(problems)
    extraction.status = ExtractionStatus.EXTRACTED
    extraction.extracted_on = extracted_on
    extraction.material_extracted = material
    extraction.extracted_by = actor
    extraction.save(
        update_fields=[
            "status",
            "extracted_on",
            "material_extracted",
            "extracted_by",
            "updated_at",
        ]
    )
    _record(case, actor, extraction, "extracted", "information extracted")
    return extraction


@transaction.atomic
def extraction_review(
    *,
    actor: User,
    extraction: DeviceExtraction,
    reviewed_on: date | None,
    material_reviewed: str,
    all_reviewed: bool | None,
    relevant: bool | None,
    relevant_summary: str = "",
) -> DeviceExtraction:
    """An officer of the case records the review of what was extracted: what
    was reviewed, whether that was all of it, and what was relevant (only
    that part is kept with the case)."""
    case, extraction = _locked(extraction)
    refuse(rules.extraction_review_refusal(actor, case, extraction))
    problems = _day(
        reviewed_on,
        "reviewed_on",
        "the information was reviewed",
        not_before=extraction.extracted_on,
        since="it was extracted",
    )
    material_reviewed = (material_reviewed or "").strip()
    relevant_summary = (relevant_summary or "").strip()
    if not material_reviewed:
        problems["material_reviewed"] = "Describe what was reviewed"
    if not isinstance(all_reviewed, bool):
        problems["all_reviewed"] = "Say whether everything extracted was reviewed"
    if not isinstance(relevant, bool):
        problems["relevant"] = "Say whether any of it is relevant"
    elif relevant and not relevant_summary:
        problems["relevant_summary"] = "Say what was relevant: only that part is kept"
    if problems or reviewed_on is None:  # a missing date is among the problems
        raise invalid(problems)
    extraction.status = ExtractionStatus.REVIEWED
    extraction.reviewed_on = reviewed_on
    extraction.material_reviewed = material_reviewed
    extraction.all_reviewed = all_reviewed
    extraction.relevant = relevant
    extraction.relevant_summary = relevant_summary if relevant else ""
    extraction.reviewed_by = actor
    extraction.save(
        update_fields=[
            "status",
            "reviewed_on",
            "material_reviewed",
            "all_reviewed",
            "relevant",
            "relevant_summary",
            "reviewed_by",
            "updated_at",
        ]
    )
    _record(
        case,
        actor,
        extraction,
        "reviewed",
        "extracted information reviewed",
        all_reviewed=all_reviewed,
        relevant=relevant,
    )
    return extraction


def _deletion_mark(extraction: DeviceExtraction) -> str:
    """What a withdrawal leaves to delete: what was extracted and not yet
    reviewed (nothing, before extraction or after a complete review)."""
    if extraction.status == ExtractionStatus.EXTRACTED:
        return DeletionMark.ALL_EXTRACTED
    if extraction.status == ExtractionStatus.REVIEWED and not extraction.all_reviewed:
        return DeletionMark.UNREVIEWED
    return DeletionMark.NONE


@transaction.atomic
def extraction_withdraw(
    *, actor: User, extraction: DeviceExtraction, withdrawn_on: date | None, details: str
) -> DeviceExtraction:
    """An officer of the case records that the user withdrew their agreement
    (they may, at any time after giving it): from then nothing further is
    processed — every later step but the device's return is refused — and
    what was extracted but not yet reviewed is marked for deletion."""
    case, extraction = _locked(extraction)
    refuse(rules.extraction_withdraw_refusal(actor, case, extraction))
    problems = _day(
        withdrawn_on,
        "withdrawn_on",
        "the user withdrew their agreement",
        not_before=extraction.agreed_on,
        since="they agreed",
    )
    details = (details or "").strip()
    if not details:
        problems["details"] = "Say how the user withdrew their agreement"
    if problems or withdrawn_on is None:  # a missing date is among the problems
        raise invalid(problems)
    mark = _deletion_mark(extraction)
    extraction.status = ExtractionStatus.WITHDRAWN
    extraction.withdrawn_on = withdrawn_on
    extraction.withdrawal_details = details
    extraction.withdrawal_recorded_by = actor
    extraction.marked_for_deletion = mark
    extraction.marked_for_deletion_at = timezone.now() if mark else None
    extraction.save(
        update_fields=[
            "status",
            "withdrawn_on",
            "withdrawal_details",
            "withdrawal_recorded_by",
            "marked_for_deletion",
            "marked_for_deletion_at",
            "updated_at",
        ]
    )
    _record(
        case,
        actor,
        extraction,
        "withdrawn",
        "agreement withdrawn by the device's user"
        + (": unreviewed material marked for deletion" if mark else ""),
        marked_for_deletion=mark,
    )
    return extraction


@transaction.atomic
def extraction_return(
    *, actor: User, extraction: DeviceExtraction, returned_on: date | None
) -> DeviceExtraction:
    """An officer of the case records the device's return to its user: after
    the review, or after a refusal or withdrawal."""
    case, extraction = _locked(extraction)
    refuse(rules.extraction_return_refusal(actor, case, extraction))
    problems = _day(
        returned_on,
        "returned_on",
        "the device was returned",
        not_before=extraction.extracted_on,
        since="the information was extracted",
    )
    if problems or returned_on is None:  # a missing date is among the problems
        raise invalid(problems)
    extraction.status = ExtractionStatus.RETURNED
    extraction.returned_on = returned_on
    extraction.returned_recorded_by = actor
    extraction.save(update_fields=["status", "returned_on", "returned_recorded_by", "updated_at"])
    _record(case, actor, extraction, "returned", "device returned to its user")
    return extraction
