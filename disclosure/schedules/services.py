"""Every change to a case's unused material: the schedules (MG6C, MG6D) and
their items or signed nil returns, the disclosure officer's report (MG6E),
the disclosure management document (DMD), drafted and served by the officers
of the case; the prosecutor's review of each item, a schedule sent back as
insufficient (a deadline owed by the OIC), the DMD agreed, disclosures and
the defence statement recorded by the prosecutor on the case.

An item may be the relevant part of third-party material: a victim
information request of the case, its material received and reviewed for
relevance (``schedule_item_add(from_request=...)``). Nothing changes on a
closed case (``rules``).

Served editions are never changed: a later edition is a new row, made from
the last served one, and the old one is kept (superseded once the new one
is served). Every disclosure event is a line of the record sheet
(``RecordEntry``), which the database keeps append-only.

One transaction each, the case's row locked first (the order every writer
on a case takes, so two never deadlock), then the document's. The case's
lock is also what keeps item numbers consecutive: the next number is read
and taken under it, so two officers adding items at once get two numbers.
Each writes the case timeline and the audit log, which name documents by
edition and items by number, never what was written.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from cases.models import CaseFile, DeadlineStatus
from cases.services import deadline_meet, deadline_open
from disclosure.common import case_locked, invalid, required_text
from disclosure.requests.models import VictimInformationRequest
from disclosure.schedules import rules
from disclosure.schedules.models import (
    CURRENT_STATUSES,
    DisclosureOfficerReport,
    EditionStatus,
    ItemReview,
    ManagementDocument,
    RecordEntry,
    RecordKind,
    ReportEntry,
    ReviewDecision,
    Schedule,
    ScheduleItem,
    ScheduleKind,
)
from rasso.accounts.models import User
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, refuse

# A schedule sent back as insufficient: owed by the OIC by the date the
# prosecutor sets.
RESERVE_DEADLINE_KIND = "unused_material_reserve"


def schedule_source(schedule: Schedule) -> str:
    """What the re-serve deadline names as its source."""
    return f"disclosure.schedule:{schedule.pk}"


def _listed(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers))


def _record(
    case: CaseFile, actor: User, obj: Model, kind: str, description: str, **detail: Any
) -> None:
    """The audit log says what happened to which document (its wording and
    what the code chose, never free text). Not the case's timeline: everyone
    who sees the case reads that, and unused material (even that a sensitive
    schedule exists) is for the case's entitled police and prosecutor, who
    read its record sheet."""
    audit_record(
        actor=actor,
        action=f"disclosure.unused_material_{kind}",
        obj=obj,
        detail={"case": case.pk, "what": description, **detail},
    )


def _sheet(
    case: CaseFile,
    actor: User,
    kind: str,
    summary: str,
    *,
    item_numbers: list[int] | None = None,
    note: str = "",
    occurred_on: date | None = None,
) -> RecordEntry:
    """A line of the disclosure record sheet: appended, never changed."""
    return RecordEntry.objects.create(
        case=case,
        kind=kind,
        recorded_by=actor,
        summary=summary[:300],
        item_numbers=sorted(item_numbers or []),
        note=note,
        occurred_on=occurred_on,
    )


def _not_future(value: date | None, field: str, what: str) -> date:
    if value is None:
        raise invalid({field: f"Enter the date {what}"})
    if value > timezone.localdate():
        raise invalid({field: f"The date {what} cannot be in the future"})
    return value


# -- schedules ----------------------------------------------------------------


@dataclass(frozen=True)
class ItemDetails:
    """One item as the officer describes it: the one definition a form and a
    serializer both fill in, checked once, here (``_item_cleaned``)."""

    description: str
    location: str
    sensitivity_reason: str = ""
    generic: bool = False
    may_meet_test: bool = False


def _item_cleaned(schedule: Schedule, details: ItemDetails) -> dict[str, Any]:
    cleaned = asdict(details)
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
    cleaned["generic"] = bool(cleaned["generic"])
    cleaned["may_meet_test"] = bool(cleaned["may_meet_test"])
    problems: dict[str, str] = {}
    if not cleaned["description"]:
        problems["description"] = (
            "Describe the item well enough for the prosecutor to judge it without seeing it"
        )
    if not cleaned["location"]:
        problems["location"] = "Say where the item is kept"
    elif len(cleaned["location"]) > 200:
        problems["location"] = "The location must be 200 characters or fewer"
    if schedule.is_sensitive:
        if not cleaned["sensitivity_reason"]:
            problems["sensitivity_reason"] = "Say why the material is sensitive"
    else:
        # Asked on an MG6D only: an MG6C item is not sensitive.
        cleaned["sensitivity_reason"] = ""
    if cleaned["generic"] and cleaned["may_meet_test"]:
        problems["generic"] = (
            "An item that might meet the disclosure test must be described on its own, "
            "not in a generic entry for many similar items"
        )
    if problems:
        raise invalid(problems)
    return cleaned


def _schedule_locked(schedule: Schedule) -> tuple[CaseFile, Schedule]:
    case = case_locked(schedule.case_id)
    locked = Schedule.objects.select_for_update(of=("self",)).get(pk=schedule.pk)
    return case, locked


def _schedule_detail(schedule: Schedule) -> dict[str, Any]:
    return {"schedule": schedule.kind, "edition": schedule.edition, "status": schedule.status}


@transaction.atomic
def schedule_start(*, actor: User, case: CaseFile, kind: str) -> Schedule:
    """An officer of the case starts a schedule, or its next edition: a draft
    holding every item of the last served edition, each with its number, to
    be described better or added to. One draft of each schedule at a time."""
    case = case_locked(case.pk)
    refuse(rules.schedule_start_refusal(actor, case))
    if kind not in ScheduleKind.values:
        raise invalid({"kind": "Choose the MG6C or the MG6D"})
    editions = Schedule.objects.filter(case=case, kind=kind)
    if editions.filter(status=EditionStatus.DRAFT).exists():
        raise DomainError("There is already a draft of this schedule: add to it")
    previous = editions.filter(status__in=CURRENT_STATUSES).order_by("-edition").first()
    last = editions.aggregate(last=Max("edition"))["last"] or 0
    schedule = Schedule.objects.create(
        case=case, kind=kind, edition=last + 1, previous=previous, created_by=actor
    )
    if previous is not None:
        ScheduleItem.objects.bulk_create(
            ScheduleItem(
                schedule=schedule,
                number=item.number,
                description=item.description,
                location=item.location,
                sensitivity_reason=item.sensitivity_reason,
                generic=item.generic,
                may_meet_test=item.may_meet_test,
                carried_from=item,
                from_request_id=item.from_request_id,
            )
            for item in previous.items.order_by("number")
        )
    _record(
        case,
        actor,
        schedule,
        "schedule_started",
        f"{schedule.label} started",
        **_schedule_detail(schedule),
    )
    return schedule


def _next_number(case: CaseFile) -> int:
    """The next item number of the case: one sequence across its schedules and
    their editions. Read under the case's lock (the caller's), so it is
    never handed out twice."""
    last = ScheduleItem.objects.filter(schedule__case=case).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def schedule_item_add(
    *,
    actor: User,
    schedule: Schedule,
    details: ItemDetails,
    from_request: VictimInformationRequest | None = None,
) -> ScheduleItem:
    """An officer of the case adds an item to a draft: it takes the case's
    next item number. ``from_request`` makes it the relevant part of
    third-party material: a victim information request of the case whose
    material was received and reviewed for relevance, and found relevant;
    once on a schedule, not added to it again (a second click adds nothing)."""
    case, schedule = _schedule_locked(schedule)
    if from_request is None:
        refuse(rules.schedule_edit_refusal(actor, case, schedule))
    else:
        # Read again under the case's lock: what the rule judges is the
        # request as it now is.
        from_request = VictimInformationRequest.objects.get(pk=from_request.pk)
        refuse(rules.schedule_item_from_request_refusal(actor, case, schedule, from_request))
    cleaned = _item_cleaned(schedule, details)
    item = ScheduleItem.objects.create(
        schedule=schedule, number=_next_number(case), from_request=from_request, **cleaned
    )
    # The timeline, which everyone who sees the case reads, does not say
    # where the item came from (a request for a complainant's records is as
    # private as they are); the audit log names the request.
    source = {} if from_request is None else {"from_request": from_request.pk}
    _record(
        case,
        actor,
        schedule,
        "item_added",
        f"{schedule.label}: item {item.number} added",
        item=item.number,
        **source,
        **_schedule_detail(schedule),
    )
    return item


@transaction.atomic
def schedule_item_update(
    *, actor: User, schedule: Schedule, number: int, details: ItemDetails
) -> ScheduleItem:
    """An officer of the case changes an item of a draft (an item carried
    from a served edition is changed in the new edition only)."""
    case, schedule = _schedule_locked(schedule)
    refuse(rules.schedule_edit_refusal(actor, case, schedule))
    try:
        item = ScheduleItem.objects.select_for_update().get(schedule=schedule, number=number)
    except ScheduleItem.DoesNotExist:
        raise invalid({"number": f"There is no item {number} on this schedule"}) from None
    cleaned = _item_cleaned(schedule, details)
    changed = [name for name, value in cleaned.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, cleaned[name])
    item.save(update_fields=[*changed, "updated_at"])
    _record(
        case,
        actor,
        schedule,
        "item_changed",
        f"{schedule.label}: item {item.number} changed",
        item=item.number,
        fields=sorted(changed),
        **_schedule_detail(schedule),
    )
    return item


def _serve(case: CaseFile, actor: User, schedule: Schedule, fields: list[str]) -> None:
    """Serve the draft; the edition before it is superseded, and a re-serve
    the prosecutor asked for is done."""
    schedule.status = EditionStatus.SERVED
    schedule.served_by = actor
    schedule.served_at = timezone.now()
    schedule.save(update_fields=[*fields, "status", "served_by", "served_at"])
    if schedule.previous_id is not None:
        previous = Schedule.objects.select_for_update(of=("self",)).get(pk=schedule.previous_id)
        if previous.can_move_to(EditionStatus.SUPERSEDED):
            previous.status = EditionStatus.SUPERSEDED
            previous.save(update_fields=["status"])
        deadline = previous.return_deadline
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_meet(deadline=deadline, actor=actor)


@transaction.atomic
def schedule_serve(*, actor: User, schedule: Schedule) -> Schedule:
    """An officer of the case serves a draft schedule on the prosecutor. An
    empty schedule is not served: a schedule with nothing on it is a nil
    return, signed as such (``schedule_nil_return``)."""
    case, schedule = _schedule_locked(schedule)
    refuse(rules.schedule_serve_refusal(actor, case, schedule))
    count = schedule.items.count()
    if not count:
        raise DomainError(
            "This schedule lists no items: add them, or sign a nil return if there is no "
            "such material"
        )
    _serve(case, actor, schedule, [])
    _sheet(
        case,
        actor,
        RecordKind.SCHEDULE_RECEIVED,
        f"{schedule.label} received: {count} item{'s' if count != 1 else ''}",
        item_numbers=list(schedule.items.values_list("number", flat=True)),
    )
    _record(
        case,
        actor,
        schedule,
        "schedule_served",
        f"{schedule.label} served",
        items=count,
        **_schedule_detail(schedule),
    )
    return schedule


@transaction.atomic
def schedule_nil_return(*, actor: User, schedule: Schedule, statement: str) -> Schedule:
    """An officer of the case signs a nil return: a statement, with who and
    when, that there is no material for this schedule. Served at once."""
    case, schedule = _schedule_locked(schedule)
    refuse(rules.schedule_nil_return_refusal(actor, case, schedule))
    schedule.nil_return_statement = required_text(
        statement,
        "statement",
        "Say what was looked for and that there is no such material",
    )
    schedule.nil_return = True
    schedule.nil_return_by = actor
    schedule.nil_return_at = timezone.now()
    _serve(
        case,
        actor,
        schedule,
        ["nil_return", "nil_return_statement", "nil_return_by", "nil_return_at"],
    )
    _sheet(case, actor, RecordKind.NIL_RETURN_RECEIVED, f"{schedule.label}: nil return received")
    _record(
        case,
        actor,
        schedule,
        "nil_return",
        f"{schedule.label}: nil return signed",
        **_schedule_detail(schedule),
    )
    return schedule


# -- the prosecutor's review ---------------------------------------------------


@transaction.atomic
def item_review(
    *, actor: User, schedule: Schedule, number: int, decision: str, reasons: str
) -> ItemReview:
    """The prosecutor on the case considers one item of a served schedule:
    disclose, clearly not disclosable, inspect, or needs more description,
    with reasons. A later review of the item is a new one; both are on the
    record sheet."""
    case, schedule = _schedule_locked(schedule)
    refuse(rules.item_review_refusal(actor, case, schedule))
    problems: dict[str, str] = {}
    if decision not in ReviewDecision.values:
        problems["decision"] = "Choose your decision on the item"
    reasons = (reasons or "").strip()
    if not reasons:
        problems["reasons"] = "Give the reasons for your decision"
    item = ScheduleItem.objects.filter(schedule=schedule, number=number).first()
    if item is None:
        problems["number"] = f"There is no item {number} on this schedule"
    if problems or item is None:
        raise invalid(problems)
    review = ItemReview.objects.create(
        item=item, decision=decision, reasons=reasons, reviewed_by=actor
    )
    label = ReviewDecision(decision).label.lower()
    _sheet(
        case,
        actor,
        RecordKind.ITEM_CONSIDERED,
        f"{schedule.label}: item {number} considered: {label}",
        item_numbers=[number],
        note=reasons,
    )
    _record(
        case,
        actor,
        schedule,
        "item_reviewed",
        f"{schedule.label}: item {number} reviewed ({label})",
        item=number,
        decision=decision,
        **_schedule_detail(schedule),
    )
    return review


@transaction.atomic
def schedule_send_back(
    *,
    actor: User,
    schedule: Schedule,
    item_numbers: list[int],
    reason: str,
    reply_by: date | None,
) -> Schedule:
    """The prosecutor on the case sends a served schedule back to the police
    as insufficient, naming the items and why. Re-serving it is a deadline
    owed by the OIC, met when the next edition is served."""
    case, schedule = _schedule_locked(schedule)
    refuse(rules.schedule_send_back_refusal(actor, case, schedule))
    problems: dict[str, str] = {}
    numbers = sorted(set(item_numbers or []))
    on_it = set(schedule.items.values_list("number", flat=True))
    if not numbers:
        problems["item_numbers"] = "Name the items that are insufficiently described"
    elif missing := [n for n in numbers if n not in on_it]:
        problems["item_numbers"] = f"This schedule has no item {_listed(missing)}"
    reason = (reason or "").strip()
    if not reason:
        problems["reason"] = "Say why the schedule is insufficient"
    if reply_by is None:
        problems["reply_by"] = "Enter the date the police are to re-serve the schedule by"
    elif reply_by < timezone.localdate():
        problems["reply_by"] = "The date to re-serve by cannot be in the past"
    if problems or reply_by is None:
        raise invalid(problems)
    schedule.status = EditionStatus.RETURNED
    schedule.returned_by = actor
    schedule.returned_at = timezone.now()
    schedule.returned_reason = reason
    schedule.returned_items = numbers
    schedule.return_deadline = deadline_open(
        case=case,
        kind=RESERVE_DEADLINE_KIND,
        # Read on the Deadlines tab and in reminders by everyone who sees the
        # case: which schedule and which items are on the Disclosure tab.
        description=f"Re-serve unused material (Disclosure tab, reference {schedule.pk})",
        due_on=reply_by,
        owner=case.oic,
        owner_organisation=case.force,
        source=schedule_source(schedule),
        actor=actor,
    )
    schedule.save(
        update_fields=[
            "status",
            "returned_by",
            "returned_at",
            "returned_reason",
            "returned_items",
            "return_deadline",
        ]
    )
    _sheet(
        case,
        actor,
        RecordKind.SCHEDULE_RETURNED,
        f"{schedule.label} sent back as insufficient: items {_listed(numbers)}",
        item_numbers=numbers,
        note=reason,
    )
    _record(
        case,
        actor,
        schedule,
        "schedule_returned",
        f"{schedule.label} sent back to the police",
        items=numbers,
        reply_by=reply_by.isoformat(),
        **_schedule_detail(schedule),
    )
    return schedule


# -- the disclosure officer's report (MG6E) ------------------------------------


def _report_locked(report: DisclosureOfficerReport) -> tuple[CaseFile, DisclosureOfficerReport]:
    case = case_locked(report.case_id)
    locked = DisclosureOfficerReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
    return case, locked


@transaction.atomic
def report_start(*, actor: User, case: CaseFile) -> DisclosureOfficerReport:
    """An officer of the case starts the MG6E, or its next edition (holding
    the entries of the last one served)."""
    case = case_locked(case.pk)
    refuse(rules.report_start_refusal(actor, case))
    editions = DisclosureOfficerReport.objects.filter(case=case)
    if editions.filter(status=EditionStatus.DRAFT).exists():
        raise DomainError("There is already a draft of the MG6E: add to it")
    previous = editions.filter(status=EditionStatus.SERVED).order_by("-edition").first()
    last = editions.aggregate(last=Max("edition"))["last"] or 0
    report = DisclosureOfficerReport.objects.create(case=case, edition=last + 1, created_by=actor)
    if previous is not None:
        ReportEntry.objects.bulk_create(
            ReportEntry(report=report, item_numbers=entry.item_numbers, why=entry.why)
            for entry in previous.entries.all()
        )
    _record(
        case,
        actor,
        report,
        "report_started",
        f"MG6E edition {report.edition} started",
        edition=report.edition,
    )
    return report


@transaction.atomic
def report_entry_add(
    *, actor: User, report: DisclosureOfficerReport, item_numbers: list[int], why: str
) -> ReportEntry:
    """An officer of the case adds an entry to a draft MG6E: material that
    might undermine the prosecution or assist the defence, by item number."""
    case, report = _report_locked(report)
    refuse(rules.report_edit_refusal(actor, case, report))
    problems: dict[str, str] = {}
    numbers = sorted(set(item_numbers or []))
    known = set(ScheduleItem.objects.filter(schedule__case=case).values_list("number", flat=True))
    if not numbers:
        problems["item_numbers"] = "Name the schedule items, by number"
    elif missing := [n for n in numbers if n not in known]:
        problems["item_numbers"] = f"No schedule of this case has item {_listed(missing)}"
    why = (why or "").strip()
    if not why:
        problems["why"] = "Say why it might undermine the prosecution or assist the defence"
    if problems:
        raise invalid(problems)
    entry = ReportEntry.objects.create(report=report, item_numbers=numbers, why=why)
    _record(
        case,
        actor,
        report,
        "report_entry_added",
        f"MG6E edition {report.edition}: entry for items {_listed(numbers)} added",
        edition=report.edition,
        items=numbers,
    )
    return entry


@transaction.atomic
def report_serve(*, actor: User, report: DisclosureOfficerReport) -> DisclosureOfficerReport:
    """An officer of the case serves the MG6E: the edition before it is
    superseded. One with no entries says, signed, that nothing known might
    undermine the prosecution or assist the defence."""
    case, report = _report_locked(report)
    refuse(rules.report_serve_refusal(actor, case, report))
    report.status = EditionStatus.SERVED
    report.served_by = actor
    report.served_at = timezone.now()
    report.save(update_fields=["status", "served_by", "served_at"])
    DisclosureOfficerReport.objects.filter(
        case=case, status=EditionStatus.SERVED, edition__lt=report.edition
    ).update(status=EditionStatus.SUPERSEDED)
    numbers = sorted({n for entry in report.entries.all() for n in entry.item_numbers})
    _sheet(
        case,
        actor,
        RecordKind.REPORT_RECEIVED,
        f"MG6E edition {report.edition} received"
        + (f": items {_listed(numbers)}" if numbers else ": no material listed"),
        item_numbers=numbers,
    )
    _record(
        case,
        actor,
        report,
        "report_served",
        f"MG6E edition {report.edition} served",
        edition=report.edition,
    )
    return report


# -- the disclosure management document ----------------------------------------


@dataclass(frozen=True)
class DmdDetails:
    lines_of_enquiry: str
    digital_strategy: str
    examined: str


_DMD_REQUIRED = (
    ("lines_of_enquiry", "Set out the reasonable lines of enquiry"),
    ("digital_strategy", "Set out the strategy for digital material"),
    ("examined", "Say what was examined, and how"),
)


def _dmd_cleaned(details: DmdDetails) -> dict[str, str]:
    cleaned = {name: (value or "").strip() for name, value in asdict(details).items()}
    problems = {name: message for name, message in _DMD_REQUIRED if not cleaned[name]}
    if problems:
        raise invalid(problems)
    return cleaned


def _dmd_locked(dmd: ManagementDocument) -> tuple[CaseFile, ManagementDocument]:
    case = case_locked(dmd.case_id)
    locked = ManagementDocument.objects.select_for_update(of=("self",)).get(pk=dmd.pk)
    return case, locked


@transaction.atomic
def dmd_start(*, actor: User, case: CaseFile, details: DmdDetails) -> ManagementDocument:
    """An officer of the case drafts the DMD, or its next edition."""
    case = case_locked(case.pk)
    refuse(rules.dmd_start_refusal(actor, case))
    cleaned = _dmd_cleaned(details)
    editions = ManagementDocument.objects.filter(case=case)
    if editions.filter(status=EditionStatus.DRAFT).exists():
        raise DomainError("There is already a draft of the disclosure management document")
    last = editions.aggregate(last=Max("edition"))["last"] or 0
    dmd = ManagementDocument.objects.create(
        case=case, edition=last + 1, created_by=actor, **cleaned
    )
    _record(
        case,
        actor,
        dmd,
        "dmd_started",
        f"Disclosure management document edition {dmd.edition} drafted",
        edition=dmd.edition,
    )
    return dmd


@transaction.atomic
def dmd_update(*, actor: User, dmd: ManagementDocument, details: DmdDetails) -> ManagementDocument:
    case, dmd = _dmd_locked(dmd)
    refuse(rules.dmd_edit_refusal(actor, case, dmd))
    cleaned = _dmd_cleaned(details)
    changed = [name for name, value in cleaned.items() if getattr(dmd, name) != value]
    if not changed:
        return dmd
    for name in changed:
        setattr(dmd, name, cleaned[name])
    dmd.save(update_fields=changed)
    _record(
        case,
        actor,
        dmd,
        "dmd_changed",
        f"Disclosure management document edition {dmd.edition} changed",
        edition=dmd.edition,
        fields=sorted(changed),
    )
    return dmd


@transaction.atomic
def dmd_serve(*, actor: User, dmd: ManagementDocument) -> ManagementDocument:
    """An officer of the case sends the draft DMD to the prosecutor; the
    edition before it is superseded."""
    case, dmd = _dmd_locked(dmd)
    refuse(rules.dmd_serve_refusal(actor, case, dmd))
    dmd.status = EditionStatus.SERVED
    dmd.served_by = actor
    dmd.served_at = timezone.now()
    dmd.save(update_fields=["status", "served_by", "served_at"])
    ManagementDocument.objects.filter(
        case=case,
        status__in=[EditionStatus.SERVED, EditionStatus.AGREED],
        edition__lt=dmd.edition,
    ).update(status=EditionStatus.SUPERSEDED)
    _record(
        case,
        actor,
        dmd,
        "dmd_served",
        f"Disclosure management document edition {dmd.edition} sent to the prosecutor",
        edition=dmd.edition,
    )
    return dmd


@transaction.atomic
def dmd_agree(*, actor: User, dmd: ManagementDocument, comments: str = "") -> ManagementDocument:
    """The prosecutor on the case agrees the DMD sent to them."""
    case, dmd = _dmd_locked(dmd)
    refuse(rules.dmd_agree_refusal(actor, case, dmd))
    dmd.status = EditionStatus.AGREED
    dmd.agreed_by = actor
    dmd.agreed_at = timezone.now()
    dmd.agreed_comments = (comments or "").strip()
    dmd.save(update_fields=["status", "agreed_by", "agreed_at", "agreed_comments"])
    _sheet(
        case,
        actor,
        RecordKind.DMD_AGREED,
        f"Disclosure management document edition {dmd.edition} agreed",
        note=dmd.agreed_comments,
    )
    _record(
        case,
        actor,
        dmd,
        "dmd_agreed",
        f"Disclosure management document edition {dmd.edition} agreed by the prosecutor",
        edition=dmd.edition,
    )
    return dmd


# -- disclosure to the defence ------------------------------------------------


@transaction.atomic
def disclosure_record(
    *, actor: User, case: CaseFile, item_numbers: list[int], disclosed_on: date | None, how: str
) -> RecordEntry:
    """The prosecutor on the case records material disclosed to the defence,
    by item number, when and how."""
    case = case_locked(case.pk)
    refuse(rules.disclosure_record_refusal(actor, case))
    problems: dict[str, str] = {}
    numbers = sorted(set(item_numbers or []))
    known = set(ScheduleItem.objects.filter(schedule__case=case).values_list("number", flat=True))
    if not numbers:
        problems["item_numbers"] = "Name the items disclosed, by number"
    elif missing := [n for n in numbers if n not in known]:
        problems["item_numbers"] = f"No schedule of this case has item {_listed(missing)}"
    how = (how or "").strip()
    if not how:
        problems["how"] = "Say how the material was disclosed"
    try:
        disclosed_on = _not_future(disclosed_on, "disclosed_on", "the material was disclosed")
    except DomainError as error:
        problems.update(error.problems)
    if problems or disclosed_on is None:
        raise invalid(problems)
    entry = _sheet(
        case,
        actor,
        RecordKind.DISCLOSED,
        f"Items {_listed(numbers)} disclosed to the defence",
        item_numbers=numbers,
        note=how,
        occurred_on=disclosed_on,
    )
    _record(
        case,
        actor,
        entry,
        "disclosed",
        f"Unused material disclosed: items {_listed(numbers)}",
        items=numbers,
    )
    return entry


@transaction.atomic
def defence_statement_record(
    *, actor: User, case: CaseFile, received_on: date | None, note: str = ""
) -> RecordEntry:
    """The prosecutor on the case records the defence statement received."""
    case = case_locked(case.pk)
    refuse(rules.disclosure_record_refusal(actor, case))
    received_on = _not_future(received_on, "received_on", "the defence statement was received")
    entry = _sheet(
        case,
        actor,
        RecordKind.DEFENCE_STATEMENT,
        "Defence statement received",
        note=(note or "").strip(),
        occurred_on=received_on,
    )
    _record(case, actor, entry, "defence_statement", "Defence statement received")
    return entry
