"""Every change to a victim information request: drafted and changed by the
officers of the case, approved (counselling) or its credibility flag
overridden by a police supervisor of the force, agreed, sent back for changes
or rejected by the prosecutor on the case, then sent to the holder (the reply
a deadline owed by the OIC), its material received and reviewed for
relevance, or withdrawn. Notice to the complainant is an entry of their
contact log (``victims.services.contact_log``), or a recorded reason for
delaying or withholding it.

One transaction each, the case's row and then the request's locked (the
order every writer on a case takes, so two never deadlock): a double submit
finds the request already moved and is refused, nothing applied twice, and
a repeat of what is already recorded changes nothing. Each writes the audit
log, which names the request by number and never the complainant, the
holder or what was written.

Nothing is written on the case timeline, and the holder's reply is a
deadline that does not say what it is a reply to: the timeline and the
deadlines are read by everyone who sees the case (the force's supervisors
and SPOCs, the Area's CPS SPOC) and an overdue deadline is told to the
supervisors, while a request is as restricted as the complainant's identity
(DESIGN.md §3): that one exists is not theirs to know.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases.models import CaseFile, DeadlineStatus
from cases.services import deadline_cancel, deadline_meet, deadline_open
from disclosure.common import case_locked, invalid, required_text
from disclosure.requests import rules
from disclosure.requests.credibility import credibility_check
from disclosure.requests.models import (
    WRITTEN_CHANNELS,
    CpsDecision,
    HolderKind,
    NoticeDelay,
    RequestStatus,
    VictimInformationRequest,
)
from rasso.accounts.models import User
from rasso.audit.services import audit_record
from rasso.core.errors import refuse
from rasso.core.resubmission import resubmission_since
from victims.models import Complainant, Direction
from victims.services import contact_log

# The holder's reply: owed by the OIC by the date set on the request. Its
# kind and words ("Disclosure reply") are all that those who see the case's
# deadlines, or are reminded of one overdue, read of it.
REPLY_DEADLINE_KIND = "disclosure_reply"


def reply_deadline_words(request: VictimInformationRequest) -> str:
    """What the reply deadline says: the request's number on the Disclosure
    tab, for the officer to find it; nothing of what was asked, of whom."""
    return f"A reply owed to the officer in the case (Disclosure tab, reference {request.pk})"


def request_source(request: VictimInformationRequest) -> str:
    """What the reply deadline names as its source."""
    return f"disclosure.victiminformationrequest:{request.pk}"


@dataclass(frozen=True)
class RequestDetails:
    """What a request asks and why: the one definition a form and a
    serializer both fill in, checked once, here (``_cleaned``)."""

    holder_kind: str
    holder_name: str
    information_sought: str
    date_from: date | None
    date_to: date | None
    line_of_enquiry: str
    issue_in_case: str
    holder_has_it: str
    relevance: str
    necessity: str
    less_intrusive_means: str
    probative_value: str = ""


# Each text a request must answer, and the message when it does not.
_REQUIRED_TEXT: tuple[tuple[str, str], ...] = (
    ("holder_name", "Enter who holds the information"),
    ("information_sought", "Say what specific information is sought"),
    ("line_of_enquiry", "Say which reasonable line of enquiry the request serves"),
    ("issue_in_case", "Say which issue in the case the information bears on"),
    ("holder_has_it", "Say why there is reason to believe the holder has the information"),
    (
        "relevance",
        "Say why there is reason to believe the information is relevant to a reasonable line "
        "of enquiry",
    ),
    ("necessity", "Say why the request is necessary and proportionate"),
    ("less_intrusive_means", "Say what less intrusive means were considered first"),
)


def _cleaned(details: RequestDetails) -> dict[str, Any]:
    """Check and normalise what the officer wrote, every problem at once."""
    cleaned = asdict(details)
    problems: dict[str, str] = {}
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
    if cleaned["holder_kind"] not in HolderKind.values:
        problems["holder_kind"] = "Choose the kind of holder"
    for name, message in _REQUIRED_TEXT:
        if not cleaned[name]:
            problems[name] = message
    if len(cleaned["holder_name"]) > 200:
        problems["holder_name"] = "The holder's name must be 200 characters or fewer"
    begins, ends = cleaned["date_from"], cleaned["date_to"]
    if begins is None:
        problems["date_from"] = "Enter the date the information sought starts from"
    if ends is None:
        problems["date_to"] = "Enter the date the information sought runs to"
    elif ends > timezone.localdate():
        problems["date_to"] = "The information sought cannot run past today"
    if begins is not None and ends is not None and ends < begins:
        problems["date_to"] = "The information sought must end on or after the day it starts"
    if cleaned["holder_kind"] == HolderKind.COUNSELLING:
        if not cleaned["probative_value"]:
            problems["probative_value"] = (
                "Say why counselling or therapy records are likely to have substantial "
                "probative value"
            )
    else:
        # Asked only of a counselling request: nothing stays behind from a
        # kind the officer changed their mind about.
        cleaned["probative_value"] = ""
    if problems:
        raise invalid(problems)
    check = credibility_check(
        line_of_enquiry=cleaned["line_of_enquiry"],
        issue_in_case=cleaned["issue_in_case"],
        rationale=[
            cleaned["information_sought"],
            cleaned["holder_has_it"],
            cleaned["relevance"],
            cleaned["necessity"],
            cleaned["probative_value"],
        ],
    )
    cleaned["credibility_flagged"] = check.flagged
    cleaned["credibility_terms"] = check.terms
    return cleaned


def _locked(request: VictimInformationRequest) -> tuple[CaseFile, VictimInformationRequest]:
    """The case, then the request, locked in that order; the request as it is
    now, so a second click sees what the first did."""
    case = case_locked(request.case_id)
    locked = (
        VictimInformationRequest.objects.select_for_update(of=("self",))
        .select_related("complainant")
        .get(pk=request.pk)
    )
    return case, locked


def _record(
    case: CaseFile,
    actor: User,
    request: VictimInformationRequest,
    kind: str,
    description: str,
    **detail: Any,
) -> None:
    """The audit log: what happened to which request (``description``, for
    the reader of the log), and what the code chose, never free text. Not the
    case timeline, which everyone who sees the case reads."""
    audit_record(
        actor=actor,
        action=f"disclosure.victim_information_request_{kind}",
        obj=request,
        detail={
            "case": case.pk,
            "what": description,
            "complainant": request.complainant.pseudonym,
            "holder_kind": request.holder_kind,
            "status": request.status,
            **detail,
        },
    )


# -- the draft ----------------------------------------------------------------


@transaction.atomic
def request_create(
    *, actor: User, case: CaseFile, complainant: Complainant, details: RequestDetails
) -> VictimInformationRequest:
    """An officer of the case drafts a request for one complainant's
    information. Every statutory test must be answered and the information
    limited by dates; nothing is saved otherwise. The draft is flagged when
    its rationale rests on credibility or character alone (the officer sees
    the flag and the words that raised it). The same draft by the same
    officer a moment ago (a double click, a retried request) is given back,
    not saved again."""
    # Locked: of two identical posts the second waits, finds the first and is
    # given it back.
    case = case_locked(case.pk)
    refuse(rules.request_create_refusal(actor, case))
    cleaned = _cleaned(details)
    if complainant.case_id != case.pk:
        raise invalid({"complainant": "Choose a complainant of this case"})
    if same := VictimInformationRequest.objects.filter(
        case=case,
        complainant=complainant,
        created_by=actor,
        created_at__gte=resubmission_since(),
        **cleaned,
    ).first():
        return same
    request = VictimInformationRequest.objects.create(
        case=case, complainant=complainant, created_by=actor, **cleaned
    )
    _record(
        case,
        actor,
        request,
        "drafted",
        "drafted",
        flagged=request.credibility_flagged,
    )
    return request


# What clears a supervisor's approval and override: they approved what was asked.
_APPROVALS = (
    "approved_by",
    "approved_at",
    "approval_reasons",
    "override_by",
    "override_at",
    "override_reasons",
)


@transaction.atomic
def request_update(
    *, actor: User, request: VictimInformationRequest, details: RequestDetails
) -> VictimInformationRequest:
    """An officer of the case changes a draft (after a supervisor's return or
    the prosecutor's changes, say). The flag is worked out again; a change
    clears any approval and override, which were of what was asked before."""
    case, request = _locked(request)
    refuse(rules.request_edit_refusal(actor, case, request))
    cleaned = _cleaned(details)
    changed = [name for name, value in cleaned.items() if getattr(request, name) != value]
    if not changed:
        return request
    for name in changed:
        setattr(request, name, cleaned[name])
    cleared = [name for name in _APPROVALS if getattr(request, name) not in (None, "")]
    for name in cleared:
        setattr(request, name, "" if name.endswith("reasons") else None)
    request.save(update_fields=[*changed, *cleared, "updated_at"])
    _record(
        case,
        actor,
        request,
        "changed",
        "changed",
        fields=sorted(changed),
        flagged=request.credibility_flagged,
        approvals_cleared=bool(cleared),
    )
    return request


@transaction.atomic
def request_submit(*, actor: User, request: VictimInformationRequest) -> VictimInformationRequest:
    """An officer of the case submits the draft: to a police supervisor first
    when it is for counselling records or flagged (and not yet approved or
    overridden), otherwise straight to the prosecutor."""
    case, request = _locked(request)
    refuse(rules.request_submit_refusal(actor, case, request))
    request.status = (
        RequestStatus.AWAITING_APPROVAL if request.needs_supervisor else RequestStatus.AWAITING_CPS
    )
    request.submitted_at = timezone.now()
    request.save(update_fields=["status", "submitted_at", "updated_at"])
    to = "a supervisor" if request.status == RequestStatus.AWAITING_APPROVAL else "the prosecutor"
    _record(case, actor, request, "submitted", f"submitted to {to}")
    return request


# -- the supervisor -----------------------------------------------------------


def _on_to_cps(request: VictimInformationRequest) -> list[str]:
    """Once nothing awaits a supervisor, the request goes on to the prosecutor."""
    if request.needs_supervisor:
        return []
    request.status = RequestStatus.AWAITING_CPS
    return ["status"]


@transaction.atomic
def request_approve(
    *, actor: User, request: VictimInformationRequest, reasons: str
) -> VictimInformationRequest:
    """A police supervisor of the force (not the one who drafted it) approves
    a counselling request, with reasons: the Code of Practice presumes such a
    request neither necessary nor proportionate. It goes on to the prosecutor
    unless its credibility flag still awaits an override."""
    case, request = _locked(request)
    refuse(rules.request_approve_refusal(actor, case, request))
    request.approval_reasons = required_text(
        reasons,
        "reasons",
        "Say why the request for counselling or therapy records is approved",
    )
    request.approved_by = actor
    request.approved_at = timezone.now()
    moved = _on_to_cps(request)
    request.save(
        update_fields=["approved_by", "approved_at", "approval_reasons", *moved, "updated_at"]
    )
    _record(case, actor, request, "approved", "approved by a supervisor")
    return request


@transaction.atomic
def request_override(
    *, actor: User, request: VictimInformationRequest, reasons: str
) -> VictimInformationRequest:
    """A police supervisor of the force (not the one who drafted it) overrides
    the credibility flag, with reasons: the request serves a line of enquiry
    after all. It goes on to the prosecutor unless a counselling approval is
    still outstanding."""
    case, request = _locked(request)
    refuse(rules.request_override_refusal(actor, case, request))
    request.override_reasons = required_text(
        reasons,
        "reasons",
        "Say why the request may go ahead although its rationale rests on credibility",
    )
    request.override_by = actor
    request.override_at = timezone.now()
    moved = _on_to_cps(request)
    request.save(
        update_fields=["override_by", "override_at", "override_reasons", *moved, "updated_at"]
    )
    _record(case, actor, request, "flag_overridden", "flag overridden")
    return request


def _return_to_officer(
    request: VictimInformationRequest, actor: User, reason: str, field: str, message: str
) -> list[str]:
    request.returned_reason = required_text(reason, field, message)
    request.returned_by = actor
    request.returned_at = timezone.now()
    request.status = RequestStatus.DRAFT
    return ["returned_reason", "returned_by", "returned_at", "status"]


@transaction.atomic
def request_return(
    *, actor: User, request: VictimInformationRequest, reason: str
) -> VictimInformationRequest:
    """A police supervisor of the force returns the request to the officer as
    a draft, saying why, instead of approving it."""
    case, request = _locked(request)
    refuse(rules.request_return_refusal(actor, case, request))
    fields = _return_to_officer(
        request, actor, reason, "reason", "Say why the request is returned to the officer"
    )
    request.save(update_fields=[*fields, "updated_at"])
    _record(case, actor, request, "returned", "returned to the officer")
    return request


# -- the prosecutor -----------------------------------------------------------

_CPS_STATUS = {
    CpsDecision.AGREED: RequestStatus.AGREED,
    CpsDecision.CHANGES: RequestStatus.DRAFT,
    CpsDecision.REJECTED: RequestStatus.REJECTED,
}
_CPS_WORDS = {
    CpsDecision.AGREED: "agreed by the prosecutor",
    CpsDecision.CHANGES: "returned by the prosecutor for changes",
    CpsDecision.REJECTED: "rejected by the prosecutor",
}


@transaction.atomic
def request_cps_decide(
    *, actor: User, request: VictimInformationRequest, decision: str, reasons: str = ""
) -> VictimInformationRequest:
    """The prosecutor on the case agrees the request, asks for changes (it
    returns to the officer as a draft) or rejects it; changes and a
    rejection say why."""
    case, request = _locked(request)
    refuse(rules.request_cps_decide_refusal(actor, case, request))
    if decision not in CpsDecision.values:
        raise invalid(
            {"decision": "Choose whether you agree, ask for changes or reject the request"}
        )
    reasons = (reasons or "").strip()
    fields = ["cps_decision", "cps_decided_by", "cps_decided_at", "cps_reasons", "status"]
    if decision == CpsDecision.CHANGES:
        fields += _return_to_officer(
            request, actor, reasons, "reasons", "Say what should change in the request"
        )
    elif decision == CpsDecision.REJECTED and not reasons:
        raise invalid({"reasons": "Say why the request is rejected"})
    request.cps_decision = decision
    request.cps_decided_by = actor
    request.cps_decided_at = timezone.now()
    request.cps_reasons = reasons
    request.status = _CPS_STATUS[CpsDecision(decision)]
    request.save(update_fields=[*dict.fromkeys(fields), "updated_at"])
    _record(
        case,
        actor,
        request,
        f"cps_{decision}",
        _CPS_WORDS[CpsDecision(decision)],
        decision=decision,
    )
    return request


# -- the complainant's notice and view ----------------------------------------


@transaction.atomic
def request_notice_give(
    *,
    actor: User,
    request: VictimInformationRequest,
    given_at: datetime | None,
    channel: str,
    summary: str,
    through_isva: bool = False,
) -> VictimInformationRequest:
    """An officer of the case records the written notice given to the
    complainant (what is sought, why, how it will be handled): an entry of
    their contact log, which meets no "tell the complainant" deadline (the
    notice is not news of a key event) but counts as a contact for their
    regular updates."""
    case, request = _locked(request)
    refuse(rules.request_notice_give_refusal(actor, case, request))
    problems: dict[str, str] = {}
    if channel not in WRITTEN_CHANNELS:
        problems["channel"] = "Written notice is given by letter or by email"
    summary = (summary or "").strip()
    if not summary:
        problems["summary"] = (
            "Say what the complainant was told: what is sought, why, and how it will be handled"
        )
    if given_at is None:
        problems["given_at"] = "Enter when the notice was given"
    else:
        if timezone.is_naive(given_at):
            given_at = timezone.make_aware(given_at)
        if given_at > timezone.now() + timedelta(minutes=5):
            problems["given_at"] = "The notice cannot have been given in the future"
    if problems or given_at is None:  # a missing date is among the problems
        raise invalid(problems)
    contact = contact_log(
        actor=actor,
        complainant=request.complainant,
        contacted_at=given_at,
        channel=channel,
        direction=Direction.TO_COMPLAINANT,
        summary=summary,
        through_isva=through_isva,
        communicated=[],
    )
    request.notice_contact = contact
    request.notice_given_on = timezone.localdate(given_at)
    request.save(update_fields=["notice_contact", "notice_given_on", "updated_at"])
    _record(
        case,
        actor,
        request,
        "notice_given",
        "notice given to the complainant",
        contact=contact.pk,
    )
    return request


@transaction.atomic
def request_notice_delay(
    *, actor: User, request: VictimInformationRequest, delay: str, reason: str
) -> VictimInformationRequest:
    """An officer of the case records that notice to the complainant is
    delayed or withheld, and why: the only way a request goes without it."""
    case, request = _locked(request)
    refuse(rules.request_notice_give_refusal(actor, case, request))
    if delay not in (NoticeDelay.DELAYED, NoticeDelay.WITHHELD):
        raise invalid({"delay": "Choose whether notice is delayed or withheld"})
    reason = required_text(
        reason,
        "reason",
        f"Say why notice to the complainant is {NoticeDelay(delay).label.split()[-1]}",
    )
    if (request.notice_delay, request.notice_delay_reason) == (delay, reason):
        return request  # a second click: recorded already
    request.notice_delay_reason = reason
    request.notice_delay = delay
    request.save(update_fields=["notice_delay", "notice_delay_reason", "updated_at"])
    _record(
        case,
        actor,
        request,
        f"notice_{delay}",
        f"notice to the complainant {delay}",
    )
    return request


@transaction.atomic
def request_view_record(
    *, actor: User, request: VictimInformationRequest, view: str
) -> VictimInformationRequest:
    """An officer of the case records the complainant's view of the request
    (a later view replaces it; the audit log keeps that it changed)."""
    case, request = _locked(request)
    refuse(rules.request_notice_refusal(actor, case, request))
    view = required_text(view, "view", "Enter the complainant's view")
    if request.complainant_view == view:
        return request  # a second click: recorded already
    request.complainant_view = view
    request.complainant_view_recorded_at = timezone.now()
    request.save(update_fields=["complainant_view", "complainant_view_recorded_at", "updated_at"])
    _record(case, actor, request, "view_recorded", "complainant's view recorded")
    return request


# -- to the holder and back ---------------------------------------------------


@transaction.atomic
def request_send(
    *, actor: User, request: VictimInformationRequest, sent_on: date | None, reply_by: date | None
) -> VictimInformationRequest:
    """An officer of the case sends the agreed request to the holder. The
    complainant must have been told before or on that day (or the delay or
    withholding recorded), and a counselling or flagged request approved.
    The holder's reply is a deadline owed by the OIC."""
    case, request = _locked(request)
    refuse(rules.request_send_refusal(actor, case, request))
    problems: dict[str, str] = {}
    today = timezone.localdate()
    if sent_on is None:
        problems["sent_on"] = "Enter the date the request is sent"
    elif sent_on > today:
        problems["sent_on"] = "The date the request is sent cannot be in the future"
    elif request.cps_decided_at and sent_on < timezone.localdate(request.cps_decided_at):
        problems["sent_on"] = "The request cannot be sent before the prosecutor agreed it"
    if reply_by is None:
        problems["reply_by"] = "Enter the date the holder is to reply by"
    elif sent_on is not None and reply_by < sent_on:
        problems["reply_by"] = "The holder cannot be asked to reply before the request is sent"
    # The state machine already keeps these from an agreed request; said
    # again here because sending is what the law guards.
    if request.approval_outstanding:
        problems["approval"] = (
            "A request for counselling or therapy records needs a senior officer's approval "
            "before it is sent"
        )
    if request.override_outstanding:
        problems["override"] = "A flagged request needs a supervisor's override before it is sent"
    if not request.notice_settled:
        problems["notice"] = (
            "Give the complainant written notice before the request is sent, or record why "
            "notice is delayed or withheld"
        )
    elif (
        not request.notice_delay
        and request.notice_given_on is not None
        and sent_on is not None
        and request.notice_given_on > sent_on
    ):
        problems["notice"] = (
            "The complainant was told after the date the request is sent: notice is given "
            "before or on the day of the request, or its delay recorded with a reason"
        )
    if problems or sent_on is None or reply_by is None:  # a missing date is among the problems
        raise invalid(problems)
    request.status = RequestStatus.SENT
    request.sent_on = sent_on
    request.reply_by = reply_by
    request.reply_deadline = deadline_open(
        case=case,
        kind=REPLY_DEADLINE_KIND,
        description=reply_deadline_words(request),
        due_on=reply_by,
        owner=case.oic,
        owner_organisation=case.force,
        source=request_source(request),
        actor=actor,
    )
    request.save(update_fields=["status", "sent_on", "reply_by", "reply_deadline", "updated_at"])
    _record(
        case,
        actor,
        request,
        "sent",
        "sent to the holder",
        reply_by=reply_by.isoformat(),
    )
    return request


@transaction.atomic
def request_receive(
    *, actor: User, request: VictimInformationRequest, received_on: date | None, material: str
) -> VictimInformationRequest:
    """An officer of the case records the material the holder sent: the reply
    deadline is met."""
    case, request = _locked(request)
    refuse(rules.request_receive_refusal(actor, case, request))
    problems: dict[str, str] = {}
    if received_on is None:
        problems["received_on"] = "Enter the date the material was received"
    elif received_on > timezone.localdate():
        problems["received_on"] = "The date the material was received cannot be in the future"
    elif request.sent_on is not None and received_on < request.sent_on:
        problems["received_on"] = "The material cannot have been received before it was asked for"
    material = (material or "").strip()
    if not material:
        problems["material"] = "Describe the material received"
    if problems or received_on is None:  # a missing date is among the problems
        raise invalid(problems)
    request.status = RequestStatus.RECEIVED
    request.received_on = received_on
    request.material_received = material
    request.save(update_fields=["status", "received_on", "material_received", "updated_at"])
    if request.reply_deadline is not None:
        deadline_meet(deadline=request.reply_deadline, actor=actor)
    _record(case, actor, request, "received", "material received")
    return request


@transaction.atomic
def request_review(
    *, actor: User, request: VictimInformationRequest, relevant: bool | None, relevant_summary: str
) -> VictimInformationRequest:
    """An officer of the case reviews the material received for relevance:
    what was relevant is recorded, and only that part is to be scheduled."""
    case, request = _locked(request)
    refuse(rules.request_review_refusal(actor, case, request))
    if not isinstance(relevant, bool):
        raise invalid({"relevant": "Say whether any of the material is relevant"})
    summary = (relevant_summary or "").strip()
    if relevant and not summary:
        raise invalid(
            {
                "relevant_summary": (
                    "Say which part of the material is relevant: only that part is scheduled"
                )
            }
        )
    request.status = RequestStatus.REVIEWED
    request.relevant = relevant
    request.relevant_summary = summary
    request.reviewed_by = actor
    request.reviewed_at = timezone.now()
    request.save(
        update_fields=[
            "status",
            "relevant",
            "relevant_summary",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ]
    )
    _record(
        case,
        actor,
        request,
        "reviewed",
        "material reviewed for relevance",
        relevant=relevant,
    )
    return request


@transaction.atomic
def request_withdraw(
    *, actor: User, request: VictimInformationRequest, reason: str
) -> VictimInformationRequest:
    """An officer of the case withdraws the request, saying why, at any point
    before material is received; a sent request's reply deadline is cancelled."""
    case, request = _locked(request)
    refuse(rules.request_withdraw_refusal(actor, case, request))
    request.withdrawal_reason = required_text(reason, "reason", "Say why the request is withdrawn")
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_by = actor
    request.withdrawn_at = timezone.now()
    request.save(
        update_fields=["status", "withdrawal_reason", "withdrawn_by", "withdrawn_at", "updated_at"]
    )
    deadline = request.reply_deadline
    if deadline is not None and deadline.status == DeadlineStatus.OPEN:
        deadline_cancel(deadline=deadline, actor=actor, reason="no longer awaited")
    _record(case, actor, request, "withdrawn", "withdrawn")
    return request
