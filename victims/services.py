"""Every change to a complainant's record: one transaction each, with the
timeline and the audit log, which name the pseudonym only.

Who may act:
- the record, its contact log and its letters: those entitled to the
  complainant's identity (the OIC, officers granted the case, the allocated
  prosecutor); the record's details are the police's to change;
- a Victims' Right to Review of a police decision: the force's supervisors and
  SPOCs (and the officers of the case, who may record the request); of a CPS
  decision: the Area's CPS SPOC (and the allocated prosecutor, for the request).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import rules
from cases.deadlines import DeadlineKind, due_date
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus
from cases.services import (
    KeyEvent,
    case_event_record,
    case_key_event,
    case_set_status,
    case_touch,
    deadline_cancel,
    deadline_meet,
    deadline_open,
    deadline_reschedule,
)
from cases.workdays import add_working_days
from rasso.accounts.models import User
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError, Forbidden, StaleVersion
from rasso.core.resubmission import resubmission_since
from victims import rules as victims_rules
from victims.deadlines import TELL_KINDS, complainant_source, review_source, tell_kind
from victims.models import (
    IDENTITY_FIELDS,
    REVIEW_TRANSITIONS,
    Channel,
    Complainant,
    Contact,
    Direction,
    InterviewerSex,
    Letter,
    LetterKind,
    Review,
    ReviewOutcome,
    ReviewScheme,
    ReviewStatus,
    SpecialMeasure,
    SupportWithdrawal,
    WithdrawalReason,
)

# Everything about a complainant the police record and keep up to date.
RECORD_FIELDS = (
    *IDENTITY_FIELDS,
    "enhanced_rights",
    "vulnerable_or_intimidated",
    "interpreter_needed",
    "language",
    "accessibility_needs",
    "interviewer_sex",
    "special_measures",
    "isva_name",
    "isva_service",
    "isva_contact",
    "isva_may_be_told",
    "preferred_channel",
    "safe_times",
    "no_voicemail",
    "no_letters_home",
    "update_every_days",
    "updates_through_isva",
    "vps_offered_on",
    "vps_made_on",
    "vps_read_in_court",
)

# UK postcodes, including the special GIR 0AA; the space is optional on input.
POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")

# Ofcom keeps these ranges for drama, training and demonstrations: never a
# real person's number, so the demo data and training cases use them. The
# phone-number library counts them as unallocated.
OFCOM_DRAMA_RANGES = ("+447700900", "+441632960", "+442079460")

# A closed case owes its complainants no regular update: the news that
# closed it is a key event (a "tell the complainant" deadline), and a review
# the complainant asks for has deadlines of its own (acknowledge, complete)
# that say when they hear next. Reopening the case starts the updates again.
CLOSED_STATUSES = frozenset(
    {
        CaseStatus.FINALISED,
        CaseStatus.POLICE_NFA,
        CaseStatus.CPS_NFA,
        CaseStatus.CREATED_IN_ERROR,
    }
)


class RecordInvalid(DomainError):
    """What the police entered is not valid; ``problems`` maps each field to
    its message, for a form (or the API) to show against the field. The
    message is every problem, one sentence each."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(". ".join(p.rstrip(".") for p in problems.values()))
        self.problems = problems


def long_date(day: date) -> str:
    """A date as GOV.UK writes it: 1 March 2026 (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


def _record(case: CaseFile, actor: User | None, kind: str, description: str) -> None:
    case_event_record(case=case, actor=actor, kind=kind, description=description)


def _locked_case(case: CaseFile) -> CaseFile:
    return CaseFile.objects.select_for_update(of=("self",)).select_related("oic").get(pk=case.pk)


def _locked(complainant: Complainant) -> tuple[Complainant, CaseFile]:
    """The case, then the complainant, locked in that order (as every service
    here does), so two writers on one case are put in order without deadlock."""
    case = _locked_case(complainant.case)
    return Complainant.objects.select_for_update().get(pk=complainant.pk), case


# -- validation ----------------------------------------------------------------


def phone_normalised(value: str) -> str:
    """A UK phone number in international form (+447700900123); the message
    says what is wanted."""
    value = value.strip()
    if not value:
        return ""
    message = "Enter a UK phone number, like 01632 960 001, 07700 900 982 or +44 7700 900 982"
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError(message) from None
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # A drama number is the range and exactly three more digits (07700 900000
    # to 900999): a digit short is a mistake, not a drama number.
    drama = any(
        formatted.startswith(prefix) and len(formatted) == len(prefix) + 3
        for prefix in OFCOM_DRAMA_RANGES
    )
    if number.country_code != 44 or not (phonenumbers.is_valid_number(number) or drama):
        raise ValidationError(message)
    return formatted


def phone_for_display(value: str) -> str:
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def postcode_normalised(value: str) -> str:
    compact = re.sub(r"\s+", "", value.upper())
    if not compact:
        return ""
    if not POSTCODE.match(compact):
        raise ValidationError("Enter a real postcode, like SW1A 1AA")
    return f"{compact[:-3]} {compact[-3:]}"


# Free text the police type: surrounding spaces are never meant.
TEXT_FIELDS = (
    "first_names",
    "last_name",
    "address",
    "email",
    "language",
    "accessibility_needs",
    "isva_name",
    "isva_service",
    "isva_contact",
    "safe_times",
)


def _cleaned(
    fields: dict[str, Any], case: CaseFile, current: Complainant | None = None
) -> dict[str, Any]:
    """Check and normalise what the police entered on ``case``, every problem
    at once (``RecordInvalid``). ``current`` is the record being changed: a
    rule between two fields (an interpreter needs a language) reads the other
    field from it when the change leaves that one out."""
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise DomainError(f"Unknown complainant details: {', '.join(sorted(unknown))}")
    cleaned = dict(fields)
    problems: dict[str, str] = {}
    for name in TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    # A new record needs a name; a change need not repeat it, but cannot blank it.
    for name, message in (
        ("first_names", "Enter the complainant's first names"),
        ("last_name", "Enter the complainant's last name"),
    ):
        if (current is None or name in cleaned) and not cleaned.get(name):
            problems[name] = message
    if "phone" in cleaned:
        try:
            cleaned["phone"] = phone_normalised(cleaned["phone"] or "")
        except ValidationError as error:
            problems["phone"] = error.messages[0]
    if "postcode" in cleaned:
        try:
            cleaned["postcode"] = postcode_normalised(cleaned["postcode"] or "")
        except ValidationError as error:
            problems["postcode"] = error.messages[0]
    if cleaned.get("email"):
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            problems["email"] = "Enter an email address like name@example.com"
    today = timezone.localdate()
    born = cleaned.get("date_of_birth")
    if born is not None and born >= today:
        problems["date_of_birth"] = "Date of birth must be in the past"
    elif born is not None and born < today - relativedelta(years=120):
        problems["date_of_birth"] = "Date of birth must be within the last 120 years"
    began, began_as = _case_began(case)
    for name, label in (("vps_offered_on", "offered"), ("vps_made_on", "made")):
        when = cleaned.get(name)
        if when is not None and when > today:
            problems[name] = (
                f"The date the Victim Personal Statement was {label} cannot be in the future"
            )
        elif when is not None and when < began:
            # As for a contact or a withdrawal: nothing about her happens
            # on the case before it began.
            problems[name] = (
                f"The date the Victim Personal Statement was {label} cannot be before the "
                f"case was {began_as} ({long_date(began)})"
            )
    if "interviewer_sex" in cleaned and cleaned["interviewer_sex"] not in InterviewerSex.values:
        problems["interviewer_sex"] = "Choose a preferred sex of interviewer, or no preference"
    if "preferred_channel" in cleaned and cleaned["preferred_channel"] not in ("", *Channel.values):
        problems["preferred_channel"] = "Choose how they prefer to be contacted"
    measures = cleaned.get("special_measures")
    if measures is not None:
        if set(measures) - set(SpecialMeasure.values):
            problems["special_measures"] = "Choose special measures from the list"
        cleaned["special_measures"] = sorted(set(measures))
    every = cleaned.get("update_every_days")
    if every is not None and (
        isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= 365
    ):
        problems["update_every_days"] = "Regular updates must be every 1 to 365 days"

    def merged(name: str) -> Any:
        return cleaned[name] if name in cleaned else getattr(current, name, None)

    # Checked when either date changes (a change elsewhere leaves the record as it was).
    offered, made = merged("vps_offered_on"), merged("vps_made_on")
    if (
        {"vps_offered_on", "vps_made_on"} & set(cleaned)
        and offered is not None
        and made is not None
        and made < offered
        and not {"vps_offered_on", "vps_made_on"} & set(problems)
    ):
        problems["vps_made_on"] = (
            "The Victim Personal Statement cannot have been made before it was offered"
        )
    if merged("interpreter_needed") and not merged("language"):
        problems["language"] = "Enter the language an interpreter is needed for"
    if merged("updates_through_isva") and not merged("isva_may_be_told"):
        problems["updates_through_isva"] = (
            "Updates can go through the ISVA only if the complainant agrees to information "
            "being shared with them"
        )
    if problems:
        raise RecordInvalid(problems)
    return cleaned


# -- the record ----------------------------------------------------------------


def _open_regular_update(
    case: CaseFile, complainant: Complainant, start: date, actor: User | None
) -> Deadline | None:
    """The next regular update, ``update_every_days`` after ``start``; none on
    a closed case (``CLOSED_STATUSES`` says why)."""
    if case.status in CLOSED_STATUSES:
        return None
    return deadline_open(
        case=case,
        kind=DeadlineKind.REGULAR_UPDATE,
        description=f"Regular update to {complainant.pseudonym}",
        due_on=start + timedelta(days=complainant.update_every_days),
        owner=case.oic,
        owner_organisation=case.force,
        source=complainant_source(complainant),
        actor=actor,
    )


@transaction.atomic
def complainant_add(*, actor: User, case: CaseFile, **fields: Any) -> Complainant:
    """The OIC (or an officer granted the case) records a complainant. They
    get the next pseudonym (C1, C2, ...); the timeline and the audit log name
    only the pseudonym. Their regular updates start now."""
    case = _locked_case(case)
    if refusal := rules.edit_refusal(actor, case):
        raise Forbidden(refusal)
    cleaned = _cleaned(fields, case)
    if cleaned.get("enhanced_rights") is False:
        cleaned["enhanced_rights_opted_out_on"] = timezone.localdate()
    # The next number after the highest ever given: a pseudonym is never reused.
    taken = Complainant.objects.filter(case=case).values_list("pseudonym", flat=True)
    number = max((int(p[1:]) for p in taken if p[1:].isdigit()), default=0) + 1
    complainant = Complainant(case=case, pseudonym=f"C{number}", **cleaned)
    try:
        complainant.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    complainant.save()
    case_touch(case)
    _record(case, actor, "complainant_added", f"Complainant {complainant.pseudonym} added")
    audit_record(
        actor=actor,
        action="complainant.create",
        obj=complainant,
        detail={"case": case.pk, "pseudonym": complainant.pseudonym},
    )
    _open_regular_update(case, complainant, timezone.localdate(), actor)
    return complainant


@transaction.atomic
def complainant_update(
    *, actor: User, complainant: Complainant, version: int | None, **fields: Any
) -> Complainant:
    """The OIC or an officer granted the case keeps the record up to date,
    naming the version they started from: a stale version is refused.

    Opting out of enhanced rights is dated (and opting back in clears the
    date); a new update frequency moves the open regular-update deadline."""
    complainant, case = _locked(complainant)
    if refusal := victims_rules.record_refusal(actor, case, "change a complainant's record"):
        raise Forbidden(refusal)
    if version is not None and version != complainant.version:
        raise StaleVersion(
            f"{complainant.pseudonym}'s record has changed since you opened it. "
            "Nothing has been saved: reload it and make your change again."
        )
    cleaned = _cleaned(fields, case, complainant)
    changed = [name for name, value in cleaned.items() if getattr(complainant, name) != value]
    if not changed:
        return complainant
    for name in changed:
        setattr(complainant, name, cleaned[name])
    extra = []
    if "enhanced_rights" in changed:
        complainant.enhanced_rights_opted_out_on = (
            None if complainant.enhanced_rights else timezone.localdate()
        )
        extra.append("enhanced_rights_opted_out_on")
    try:
        complainant.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    complainant.version += 1
    complainant.save(update_fields=[*changed, *extra, "version"])
    case_touch(case)
    # Which details changed, never their values: the timeline is read by
    # people not entitled to the identity.
    labels = ", ".join(
        str(Complainant._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        for name in changed
    )
    _record(
        case, actor, "complainant_updated", f"{complainant.pseudonym}'s record changed: {labels}"
    )
    audit_record(
        actor=actor,
        action="complainant.update",
        obj=complainant,
        detail={"case": case.pk, "pseudonym": complainant.pseudonym, "fields": changed},
    )
    if "update_every_days" in changed:
        # The new frequency counts from the last contact (or, before any,
        # from when this regular update was opened), never into the past.
        for deadline in _open_deadlines(complainant, (DeadlineKind.REGULAR_UPDATE,)):
            last = _last_contact_date(complainant) or timezone.localdate(deadline.opened_at)
            deadline_reschedule(
                deadline=deadline,
                due_on=max(
                    last + timedelta(days=complainant.update_every_days), timezone.localdate()
                ),
                actor=actor,
            )
    return complainant


# -- withdrawal of support -------------------------------------------------------


@transaction.atomic
def support_withdraw(
    *,
    actor: User,
    complainant: Complainant,
    withdrawn_on: date,
    reason: str,
    support_offered: bool,
) -> SupportWithdrawal:
    """The complainant no longer supports the prosecution (outcome 16 when
    the police then take no further action)."""
    complainant, case = _locked(complainant)
    if refusal := victims_rules.record_refusal(actor, case, "record a withdrawal of support"):
        raise Forbidden(refusal)
    if reason not in WithdrawalReason.values:
        raise DomainError("Choose the reason for the withdrawal")
    if withdrawn_on > timezone.localdate():
        raise DomainError("The date of the withdrawal cannot be in the future")
    began, began_as = _case_began(case)
    if withdrawn_on < began:
        raise DomainError(
            f"The date of the withdrawal cannot be before the case was {began_as} "
            f"({long_date(began)})"
        )
    if SupportWithdrawal.objects.filter(complainant=complainant, reinstated_on=None).exists():
        raise DomainError(f"{complainant.pseudonym} has already withdrawn support")
    withdrawal = SupportWithdrawal.objects.create(
        case=case,
        complainant=complainant,
        withdrawn_on=withdrawn_on,
        reason=reason,
        support_offered=support_offered,
        recorded_by=actor,
    )
    _record(
        case,
        actor,
        "support_withdrawn",
        f"{complainant.pseudonym} withdrew support on {long_date(withdrawn_on)}",
    )
    audit_record(
        actor=actor,
        action="complainant.support_withdrawn",
        obj=withdrawal,
        detail={"case": case.pk, "pseudonym": complainant.pseudonym, "reason": reason},
    )
    return withdrawal


@transaction.atomic
def support_reinstate(
    *, actor: User, complainant: Complainant, reinstated_on: date
) -> SupportWithdrawal:
    complainant, case = _locked(complainant)
    if refusal := victims_rules.record_refusal(actor, case, "record a reinstatement of support"):
        raise Forbidden(refusal)
    withdrawal = (
        SupportWithdrawal.objects.select_for_update()
        .filter(complainant=complainant, reinstated_on=None)
        .first()
    )
    if withdrawal is None:
        raise DomainError(f"{complainant.pseudonym} has not withdrawn support")
    if reinstated_on > timezone.localdate():
        raise DomainError("The date support was reinstated cannot be in the future")
    if reinstated_on < withdrawal.withdrawn_on:
        raise DomainError("Support cannot be reinstated before it was withdrawn")
    withdrawal.reinstated_on = reinstated_on
    withdrawal.save(update_fields=["reinstated_on"])
    _record(
        case,
        actor,
        "support_reinstated",
        f"{complainant.pseudonym} reinstated support on {long_date(reinstated_on)}",
    )
    audit_record(
        actor=actor,
        action="complainant.support_reinstated",
        obj=withdrawal,
        detail={"case": case.pk, "pseudonym": complainant.pseudonym},
    )
    return withdrawal


# -- keeping the complainant informed ---------------------------------------------


def _open_deadlines(complainant: Complainant, kinds: Sequence[str]) -> list[Deadline]:
    return list(
        Deadline.objects.filter(
            case_id=complainant.case_id,
            status=DeadlineStatus.OPEN,
            kind__in=kinds,
            source=complainant_source(complainant),
        ).order_by("due_on", "id")
    )


def _last_contact_date(complainant: Complainant) -> date | None:
    last = (
        Contact.objects.filter(complainant=complainant, corrects=None)
        .order_by("-contacted_at")
        .values_list("contacted_at", flat=True)
        .first()
    )
    return timezone.localdate(last) if last else None


def _case_began(case: CaseFile) -> tuple[date, str]:
    """The first day anything about the complainant can have happened on the
    case, and how to say it: the day the offence was reported (which may be
    before the file was opened here), else the day the file was opened."""
    opened = timezone.localdate(case.created_at)
    if case.reported_on is not None and case.reported_on <= opened:
        return case.reported_on, "reported"
    return opened, "opened"


def complainants_tell(*, case: CaseFile, actor: User | None, event: str) -> list[Deadline]:
    """A key event happened (``cases.services.case_key_event``): open a "tell
    the complainant" deadline for each complainant, owed by the OIC: 1
    working day with enhanced rights, 5 otherwise. Called inside the service
    that made the event happen. The description names the pseudonym only."""
    opened = []
    today = timezone.localdate()
    for complainant in Complainant.objects.filter(case=case).order_by("id"):
        kind = tell_kind(complainant)
        opened.append(
            deadline_open(
                case=case,
                kind=kind,
                description=f"Tell {complainant.pseudonym} of {event}",
                due_on=due_date(kind, today, case.cps_area_id),
                owner=case.oic,
                owner_organisation=case.force,
                source=complainant_source(complainant),
                actor=actor,
            )
        )
        regular = _open_deadlines(complainant, (DeadlineKind.REGULAR_UPDATE,))
        if case.status in CLOSED_STATUSES:
            # The case closed: what is owed now is the news, not a schedule.
            for deadline in regular:
                deadline_cancel(deadline=deadline, actor=actor, reason="the case is closed")
        elif not regular:
            # A reopened case: the regular updates start again.
            _open_regular_update(case, complainant, today, actor)
    return opened


@transaction.atomic
def contact_log(
    *,
    actor: User,
    complainant: Complainant,
    contacted_at: datetime,
    channel: str,
    direction: str,
    summary: str,
    through_isva: bool = False,
    communicated: Sequence[int] | None = None,
    corrects: Contact | None = None,
) -> Contact:
    """Log a contact with the complainant. It meets the "tell the
    complainant" deadlines it communicated (by default every one owed to
    them) and moves their regular update on. A correction names the entry it
    corrects, meets nothing and moves nothing: the original stays as it was."""
    complainant, case = _locked(complainant)
    if refusal := victims_rules.contact_refusal(actor, case, "log a contact"):
        raise Forbidden(refusal)
    summary = summary.strip()
    if not summary:
        raise DomainError("Enter a summary of the contact")
    if channel not in Channel.values:
        raise DomainError("Choose how the contact was made")
    if direction not in Direction.values:
        raise DomainError("Say whether the contact was to or from the complainant")
    if timezone.is_naive(contacted_at):
        contacted_at = timezone.make_aware(contacted_at)
    # A few minutes' grace: the clock of the device the time was read from.
    if contacted_at > timezone.now() + timedelta(minutes=5):
        raise DomainError("The date and time of the contact cannot be in the future")
    began, began_as = _case_began(case)
    if timezone.localdate(contacted_at) < began:
        raise DomainError(
            f"The contact cannot be before the case was {began_as} ({long_date(began)})"
        )
    if through_isva and not complainant.isva_may_be_told:
        raise DomainError(
            f"{complainant.pseudonym} has not agreed to information being shared with an ISVA"
        )
    if corrects is not None:
        if corrects.complainant_id != complainant.pk:
            raise DomainError("A correction must be to a contact with the same complainant")
        if corrects.contacted_at > contacted_at:
            raise DomainError("A correction cannot be dated before the contact it corrects")
        if communicated:
            raise DomainError("A correction does not communicate anything new: log a new contact")
    owed = {d.pk: d for d in _open_deadlines(complainant, TELL_KINDS)}
    if corrects is not None:
        chosen: list[Deadline] = []
    elif communicated is None:
        chosen = list(owed.values())
    else:
        unknown = set(communicated) - set(owed)
        if unknown:
            raise DomainError("Choose only updates that are owed to this complainant")
        chosen = [owed[pk] for pk in communicated]
    # The complainant is locked: a second of two identical posts finds the
    # first and is given it back.
    if same := Contact.objects.filter(
        complainant=complainant,
        recorded_by=actor,
        recorded_at__gte=resubmission_since(),
        contacted_at=contacted_at,
        channel=channel,
        direction=direction,
        through_isva=through_isva,
        summary=summary,
        corrects=corrects,
    ).first():
        return same
    contact = Contact.objects.create(
        case=case,
        complainant=complainant,
        contacted_at=contacted_at,
        channel=channel,
        direction=direction,
        through_isva=through_isva,
        summary=summary,
        corrects=corrects,
        recorded_by=actor,
    )
    contact.communicated.set(chosen)
    for deadline in chosen:
        deadline_meet(deadline=deadline, actor=actor)
    what = "Correction to a contact" if corrects else "Contact"
    _record(
        case,
        actor,
        "contact_logged",
        f"{what} with {complainant.pseudonym} logged ({Channel(channel).label.lower()})",
    )
    audit_record(
        actor=actor,
        action="complainant.contact_logged",
        obj=contact,
        detail={
            "case": case.pk,
            "pseudonym": complainant.pseudonym,
            "communicated": [d.pk for d in chosen],
            "corrects": corrects.pk if corrects else None,
        },
    )
    later = (
        Contact.objects.filter(
            complainant=complainant, corrects=None, contacted_at__gt=contacted_at
        )
        .exclude(pk=contact.pk)
        .exists()
    )
    if corrects is None and not later:
        # The regular update rolls on from this contact: the one owed is met
        # and the next opened, so each is measured on its own. A contact
        # logged late, older than one already logged, moves nothing: the
        # schedule already runs from the later one.
        for deadline in _open_deadlines(complainant, (DeadlineKind.REGULAR_UPDATE,)):
            deadline_meet(deadline=deadline, actor=actor)
        _open_regular_update(case, complainant, timezone.localdate(contacted_at), actor)
    return contact


# -- letters -----------------------------------------------------------------------


def _lower_first(label: str) -> str:
    # "With CPS for a charging decision" -> "with CPS ...": only the first letter.
    return label[:1].lower() + label[1:]


def _with_article(label: str) -> str:
    """'A point-of-charge letter', 'A CPS introduction letter': the label
    after an article, an abbreviation left in capitals."""
    article = "An" if label[:1].lower() in "aeiou" else "A"
    word = label.split(" ", 1)[0]
    return f"{article} {label if word.isupper() else _lower_first(label)}"


def review_window(case: CaseFile, told_on: date) -> tuple[ReviewScheme, date, date | None]:
    """The review scheme of the case's NFA, the last day to ask in time and
    the last day a late request is accepted (None: no limit set)."""
    if case.status == CaseStatus.CPS_NFA:
        return (
            ReviewScheme.CPS,
            add_working_days(told_on, 10),
            told_on + relativedelta(months=3),
        )
    return ReviewScheme.POLICE, told_on + relativedelta(months=3), None


@transaction.atomic
def letter_generate(*, actor: User, complainant: Complainant, kind: str) -> Letter:
    """Render a letter to the complainant as a PDF, for the officer or
    prosecutor to send. It is kept as rendered; marking it sent logs it."""
    from victims.letters import letter_render

    complainant, case = _locked(complainant)
    if refusal := victims_rules.contact_refusal(actor, case, "write to a complainant"):
        raise Forbidden(refusal)
    if kind not in LetterKind.values:
        raise DomainError("Choose the letter")
    if case.status not in victims_rules.LETTER_STATUSES[kind]:
        raise DomainError(
            f"{_with_article(LetterKind(kind).label)} is not for a case that is "
            f"{_lower_first(case.get_status_display())}"
        )
    if refusal := victims_rules.letter_refusal(actor, case, kind):
        raise Forbidden(refusal)
    pdf = letter_render(kind=kind, case=case, complainant=complainant, author=actor)
    letter = Letter.objects.create(
        case=case, complainant=complainant, kind=kind, pdf=pdf, generated_by=actor
    )
    _record(
        case,
        actor,
        "letter_generated",
        f"{LetterKind(kind).label} for {complainant.pseudonym} generated",
    )
    audit_record(
        actor=actor,
        action="complainant.letter_generated",
        obj=letter,
        detail={"case": case.pk, "pseudonym": complainant.pseudonym, "kind": kind},
    )
    return letter


# How a generated letter may reach the complainant.
LETTER_CHANNELS = (Channel.LETTER, Channel.EMAIL, Channel.IN_PERSON)


@transaction.atomic
def letter_mark_sent(
    *, actor: User, letter: Letter, sent_at: datetime, channel: str = Channel.LETTER
) -> Letter:
    """The letter went out: it is logged as a contact (which meets the
    updates it communicated). Once only. Whoever may log a contact with the
    complainant may mark it sent."""
    # The case, the complainant, then the letter: the order every service
    # here locks in, so two of them on one case never deadlock.
    complainant, case = _locked(letter.complainant)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if refusal := victims_rules.contact_refusal(actor, case, "log a contact"):
        raise Forbidden(refusal)
    if letter.sent_contact_id is not None:
        raise DomainError("This letter is already marked as sent")
    if timezone.is_naive(sent_at):
        sent_at = timezone.make_aware(sent_at)
    if sent_at < letter.generated_at - timedelta(minutes=5):
        raise DomainError("A letter cannot be sent before it was written")
    if channel not in LETTER_CHANNELS:
        raise DomainError("Choose how the letter was sent: by post, by email or by hand")
    if channel == Channel.LETTER and complainant.no_letters_home:
        raise DomainError(
            f"{complainant.pseudonym} asked for no letters to their home address: "
            "send it by email or by hand"
        )
    contact = contact_log(
        actor=actor,
        complainant=complainant,
        contacted_at=sent_at,
        channel=channel,
        direction=Direction.TO_COMPLAINANT,
        through_isva=False,
        summary=f"{letter.get_kind_display()} sent",
    )
    letter.sent_contact = contact
    letter.save(update_fields=["sent_contact"])
    return letter


# -- the Victims' Right to Review ---------------------------------------------------


@transaction.atomic
def review_request(
    *,
    actor: User,
    complainant: Complainant,
    told_on: date,
    requested_on: date,
    late_reason: str = "",
) -> Review:
    """Record a complainant's request for a review of the decision to take
    no further action. The scheme follows from who decided. In time: police,
    within 3 months of being told; CPS, within 10 working days (a later
    request, up to 3 months, is accepted with a reason)."""
    complainant, case = _locked(complainant)
    if refusal := victims_rules.review_request_refusal(actor, case):
        raise Forbidden(refusal)
    # The dates are checked before any arithmetic on them: the window after
    # 31 December 9999 is past the last date there is.
    today = timezone.localdate()
    if told_on > today or requested_on > today:
        raise DomainError("The dates cannot be in the future")
    began, began_as = _case_began(case)
    if told_on < began:
        raise DomainError(
            f"The complainant cannot have been told of the decision before the case was "
            f"{began_as} ({long_date(began)})"
        )
    if requested_on < told_on:
        raise DomainError("The request cannot be before the complainant was told of the decision")
    scheme, in_time_until, accepted_until = review_window(case, told_on)
    late_reason = late_reason.strip()
    in_time = requested_on <= in_time_until
    if not in_time:
        if accepted_until is not None and requested_on > accepted_until:
            raise DomainError(
                "A request for a review of a CPS decision is accepted up to 3 months after "
                f"the complainant was told ({long_date(accepted_until)})"
            )
        if not late_reason:
            raise DomainError(
                f"The request is late (it was due by {long_date(in_time_until)}): "
                "give the reason it is accepted"
            )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                case=case,
                complainant=complainant,
                scheme=scheme,
                told_on=told_on,
                requested_on=requested_on,
                in_time=in_time,
                late_reason="" if in_time else late_reason,
                requested_by=actor,
            )
    except IntegrityError:
        raise DomainError(f"{complainant.pseudonym} already has a review in progress") from None
    owner_organisation = case.force if scheme == ReviewScheme.POLICE else case.cps_area
    source = review_source(review)
    if scheme == ReviewScheme.POLICE:
        deadline_open(
            case=case,
            kind=DeadlineKind.REVIEW_ACKNOWLEDGE,
            description=f"Acknowledge {complainant.pseudonym}'s request for a review",
            due_on=due_date(DeadlineKind.REVIEW_ACKNOWLEDGE, requested_on, case.cps_area_id),
            owner_organisation=owner_organisation,
            source=source,
            actor=actor,
        )
    deadline_open(
        case=case,
        kind=DeadlineKind.REVIEW_COMPLETE,
        description=f"Complete {complainant.pseudonym}'s review",
        due_on=due_date(DeadlineKind.REVIEW_COMPLETE, requested_on, case.cps_area_id),
        owner_organisation=owner_organisation,
        source=source,
        actor=actor,
    )
    timing = "in time" if in_time else "late, accepted"
    _record(
        case,
        actor,
        "review_requested",
        f"{complainant.pseudonym} asked for a review ({ReviewScheme(scheme).label}), {timing}",
    )
    audit_record(
        actor=actor,
        action="review.requested",
        obj=review,
        detail={"case": case.pk, "pseudonym": complainant.pseudonym, "in_time": in_time},
    )
    return review


def _review_locked(review: Review) -> tuple[Review, CaseFile]:
    case = _locked_case(review.case)
    return Review.objects.select_for_update().select_related("complainant").get(pk=review.pk), case


def _review_move(review: Review, status: str) -> None:
    if status not in REVIEW_TRANSITIONS[review.status]:
        raise DomainError(f"This review is {review.get_status_display().lower()}")
    review.status = status


def _meet_review_deadlines(review: Review, kinds: Sequence[str], actor: User) -> None:
    for deadline in Deadline.objects.filter(
        case_id=review.case_id,
        source=review_source(review),
        kind__in=kinds,
        status=DeadlineStatus.OPEN,
    ):
        deadline_meet(deadline=deadline, actor=actor)


@transaction.atomic
def review_acknowledge(*, actor: User, review: Review, acknowledged_on: date) -> Review:
    review, case = _review_locked(review)
    if refusal := victims_rules.review_refusal(actor, case, review.scheme):
        raise Forbidden(refusal)
    _review_move(review, ReviewStatus.ACKNOWLEDGED)
    if acknowledged_on > timezone.localdate() or acknowledged_on < review.requested_on:
        raise DomainError("The acknowledgement must be between the request and today")
    review.acknowledged_on = acknowledged_on
    review.save(update_fields=["status", "acknowledged_on"])
    _meet_review_deadlines(review, (DeadlineKind.REVIEW_ACKNOWLEDGE,), actor)
    _record(
        case,
        actor,
        "review_acknowledged",
        f"{review.complainant.pseudonym}'s request for a review acknowledged",
    )
    audit_record(actor=actor, action="review.acknowledged", obj=review, detail={"case": case.pk})
    return review


@transaction.atomic
def review_complete(
    *, actor: User, review: Review, outcome: str, reasons: str, completed_on: date
) -> Review:
    """Record the review's outcome. An overturned decision reopens the case
    through the case services: a police NFA goes back to investigation, a
    CPS NFA back to CPS for a new decision; the complainant is told of it."""
    review, case = _review_locked(review)
    if refusal := victims_rules.review_refusal(actor, case, review.scheme):
        raise Forbidden(refusal)
    _review_move(review, ReviewStatus.COMPLETED)
    if outcome not in ReviewOutcome.values:
        raise DomainError("Choose the outcome of the review")
    reasons = reasons.strip()
    if not reasons:
        raise DomainError("Give the reasons for the outcome")
    if completed_on > timezone.localdate() or completed_on < review.requested_on:
        raise DomainError("The review must be completed between the request and today")
    review.outcome = outcome
    review.outcome_reasons = reasons
    review.completed_on = completed_on
    review.completed_by = actor
    if review.acknowledged_on is None:
        review.acknowledged_on = completed_on
    review.save(
        update_fields=[
            "status",
            "outcome",
            "outcome_reasons",
            "completed_on",
            "completed_by",
            "acknowledged_on",
        ]
    )
    _meet_review_deadlines(
        review, (DeadlineKind.REVIEW_ACKNOWLEDGE, DeadlineKind.REVIEW_COMPLETE), actor
    )
    pseudonym = review.complainant.pseudonym
    label = ReviewOutcome(outcome).label.lower()
    _record(case, actor, "review_completed", f"{pseudonym}'s review completed: {label}")
    audit_record(
        actor=actor,
        action="review.completed",
        obj=review,
        detail={"case": case.pk, "outcome": outcome},
    )
    nfa_status = (
        CaseStatus.POLICE_NFA if review.scheme == ReviewScheme.POLICE else CaseStatus.CPS_NFA
    )
    if outcome == ReviewOutcome.OVERTURNED and case.status != nfa_status:
        # Two complainants asked for a review of one decision, and the other's
        # has already reopened the case: there is nothing left to reopen.
        _record(
            case,
            actor,
            "review_completed",
            f"The case had already been reopened when {pseudonym}'s review overturned the decision",
        )
    elif outcome == ReviewOutcome.OVERTURNED:
        reopened_to = (
            CaseStatus.INVESTIGATION
            if review.scheme == ReviewScheme.POLICE
            else CaseStatus.WITH_CPS
        )
        case = case_set_status(
            actor=actor,
            case=case,
            status=reopened_to,
            description=(
                f"Case reopened after {pseudonym}'s Victims' Right to Review: the decision "
                "to take no further action was overturned"
            ),
        )
        if reopened_to == CaseStatus.WITH_CPS:
            deadline_open(
                case=case,
                kind=DeadlineKind.CHARGING_DECISION,
                description="Charging decision (after a review)",
                due_on=due_date(DeadlineKind.CHARGING_DECISION, completed_on, case.cps_area_id),
                owner=case.prosecutor,
                owner_organisation=case.cps_area,
                source=review_source(review),
                actor=actor,
            )
        case_key_event(case=case, actor=actor, event=KeyEvent.REOPENED)
    return review


def complainant_checklist(case: CaseFile) -> list[Any]:
    from django.urls import reverse

    from cases.services import ChecklistItem

    has_one = Complainant.objects.filter(case=case).exists()
    return [
        ChecklistItem(
            "At least one complainant",
            has_one,
            "Add at least one complainant",
            reverse("victims:complainant-add", args=[case.pk]),
        )
    ]
