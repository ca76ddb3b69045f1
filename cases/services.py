"""Every change to a case file: one transaction each, with the timeline and the audit log.

Each service takes the acting user, checks that they may act and that the case
is in a state that allows it, and raises ``DomainError`` (a clear message for the
user) otherwise. State changes lock the case row first, so two people acting
at once are put in order, and an edit names the version it started from, so a
stale edit is refused rather than silently overwriting someone else's.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import IO, Any, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from cases import rules
from cases.deadlines import DeadlineKind, due_date, timing
from cases.filetypes import UnsupportedFile, detect_file_type
from cases.models import (
    CaseEvent,
    CaseFile,
    CaseOffence,
    CaseStatus,
    CourtResult,
    Deadline,
    DeadlineStatus,
    DecisionSought,
    Document,
    DocumentKind,
    Offence,
    PleaAnticipated,
    Suspect,
    SuspectState,
    normalise_urn,
    validate_urn,
)
from cases.retention import schedule
from rasso.accounts.models import Organisation, OrganisationKind, Role, User
from rasso.audit.services import audit_record
from rasso.core import scanning
from rasso.core.errors import DomainError, Forbidden, StaleVersion


class FileIncomplete(DomainError):
    """The file checklist is not complete; ``missing`` lists what it lacks,
    for the API to return as data rather than as one sentence."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "The file is not complete. Missing: " + "; ".join(missing), extra={"missing": missing}
        )
        self.missing = missing


# -- the timeline -----------------------------------------------------------


def case_event_record(*, case: CaseFile, actor: User | None, kind: str, description: str) -> None:
    """Add a line to the case timeline. Other apps call this for their own
    events; a description must never name a complainant."""
    CaseEvent.objects.create(case=case, actor=actor, kind=kind, description=description[:300])


def _record(case: CaseFile, actor: User, kind: str, description: str, **detail: Any) -> None:
    case_event_record(case=case, actor=actor, kind=kind, description=description)
    audit_record(actor=actor, action=f"case.{kind}", obj=case, detail=detail)


def _lock(case: CaseFile) -> CaseFile:
    return CaseFile.objects.select_for_update().get(pk=case.pk)


def _check_version(case: CaseFile, version: int | None) -> None:
    if version is not None and version != case.version:
        raise StaleVersion(
            "Someone else changed this case while you were editing it. "
            "Your changes have not been saved: reload the case to see theirs, then try again."
        )


def case_touch(case: CaseFile) -> None:
    """Move the version on for any change to the case or what it holds."""
    CaseFile.objects.filter(pk=case.pk).update(version=F("version") + 1, updated_at=timezone.now())
    case.refresh_from_db(fields=["version", "updated_at"])


# -- creating and editing ---------------------------------------------------


def _cps_area_for(force: Organisation, cps_area: Organisation | None) -> Organisation:
    areas = list(force.cps_areas.all())
    if cps_area is None:
        if len(areas) == 1:
            return areas[0]
        raise DomainError(f"Choose the CPS Area for this {force.name} case")
    if cps_area.kind != OrganisationKind.CPS_AREA:
        raise DomainError("Choose a CPS Area")
    if areas and cps_area not in areas:
        raise DomainError(f"{force.name} cases go to {' or '.join(a.name for a in areas)}")
    return cps_area


class CaseDetails(TypedDict, total=False):
    """The details an officer keeps up to date on a case: the one definition
    of them, which the browser form and the API serializer both produce and
    ``case_create`` and ``case_update`` take. Each is checked once, by the
    model (``full_clean``) inside the service."""

    dg6_category: str
    reported_on: date | None
    first_account_on: date | None
    arrested_on: date | None
    interviewed_on: date | None
    # Feeds the report-to-charge figure.
    charged_on: date | None
    # The decision the file is referred for, and the plea expected: together
    # they say what unused material the file needs (``case_checklist``).
    decision_sought: str
    plea_anticipated: str
    forensic_report_expected: bool
    # Ticking it signs it: the service records who and when.
    unused_material_nil_return: bool


CASE_FIELDS: tuple[str, ...] = tuple(CaseDetails.__annotations__)


# -- key events the complainant must be told of ------------------------------

# The Victims' Code (right 6): a complainant is told of each key event in the
# case. cases never imports victims: the complainants app registers what a
# key event does (a "tell the complainant" deadline per complainant).
KEY_EVENT_HANDLERS: list[Callable[..., Any]] = []


class KeyEvent:
    """What the complainant is told of, as the deadline's description says it."""

    ARREST = "the arrest"
    INTERVIEW = "the interview"
    BAIL = "the release on bail"
    RUI = "the release under investigation"
    BAIL_CHANGE = "the change to bail"
    CHARGE = "the charging decision"
    POLICE_NFA = "the decision to take no further action"
    CPS_NFA = "the decision to take no further action"
    FULL_CODE_TEST = "the Full Code Test decision"
    REOPENED = "the case being reopened"


def case_key_event(*, case: CaseFile, actor: User | None, event: str) -> None:
    """A key event happened on ``case``: call inside the service that made it
    happen, so the obligations it opens commit with it."""
    for handler in KEY_EVENT_HANDLERS:
        handler(case=case, actor=actor, event=event)


# Case dates whose first recording (or change) is a key event.
KEY_EVENT_DATES = {"arrested_on": KeyEvent.ARREST, "interviewed_on": KeyEvent.INTERVIEW}


@transaction.atomic
def case_create(
    *,
    actor: User,
    urn: str,
    force: Organisation,
    cps_area: Organisation | None = None,
    **fields: Unpack[CaseDetails],
) -> CaseFile:
    """An investigator (or supervisor) of ``force`` opens a case file, as its OIC.

    The URN's force code must be the force's; the CPS Area comes from the
    force (the Metropolitan Police and British Transport Police name it).
    """
    if not rules.may_create_case(actor, force):
        raise Forbidden(f"Only officers of {force.name} can create its cases")
    urn = normalise_urn(urn)
    try:
        validate_urn(urn)
    except ValidationError as error:
        raise DomainError(error.messages[0]) from None
    if urn[:2] != force.code:
        raise DomainError(f"A {force.name} URN starts with its force code, {force.code}")
    if CaseFile.objects.filter(urn=urn).exists():
        raise DomainError(f"There is already a case with the URN {urn}")
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise DomainError(f"Unknown case details: {', '.join(sorted(unknown))}")
    case = CaseFile(
        urn=urn, force=force, cps_area=_cps_area_for(force, cps_area), oic=actor, **fields
    )
    _sign_nil_return(case, actor)
    try:
        case.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    try:
        # Two officers creating the same URN at once: the unique index decides.
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise DomainError(f"There is already a case with the URN {urn}") from None
    _record(case, actor, "created", f"Case file {urn} created", urn=urn)
    return case


def _sign_nil_return(case: CaseFile, actor: User) -> None:
    """A nil return is the officer's signed statement that there is no unused
    material: whoever ticks it signs it, now; unticking it takes the
    signature away, so a signature never outlives its statement."""
    if case.unused_material_nil_return:
        case.unused_material_nil_return_by = actor
        case.unused_material_nil_return_at = timezone.now()
    else:
        case.unused_material_nil_return_by = None
        case.unused_material_nil_return_at = None


@transaction.atomic
def case_update(
    *, actor: User, case: CaseFile, version: int | None, **fields: Unpack[CaseDetails]
) -> CaseFile:
    """The OIC or an officer granted the case changes its details (on a
    charged case, the date of charge alone), naming the version they started
    from; a stale version is refused."""
    case = _lock(case)
    if refusal := rules.details_refusal(actor, case, fields, CASE_FIELDS):
        raise Forbidden(refusal)
    _check_version(case, version)
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise DomainError(f"Unknown case details: {', '.join(sorted(unknown))}")
    changed = {
        name: (str(getattr(case, name)), str(value))
        for name, value in fields.items()
        if getattr(case, name) != value
    }
    if not changed:
        return case
    unrecorded = {name: getattr(case, name) is None for name in KEY_EVENT_DATES}
    for name, value in fields.items():
        setattr(case, name, value)
    signature: list[str] = []
    if "unused_material_nil_return" in changed:
        _sign_nil_return(case, actor)
        signature = ["unused_material_nil_return_by", "unused_material_nil_return_at"]
    try:
        case.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    case.version += 1
    case.save(update_fields=[*changed, *signature, "version", "updated_at"])
    labels = ", ".join(str(CaseFile._meta.get_field(n).verbose_name) for n in changed)  # type: ignore[union-attr]
    _record(case, actor, "updated", f"Case details changed: {labels}", changed=changed)
    for name, event in KEY_EVENT_DATES.items():
        # The first recording is the event; correcting the date is not news.
        if unrecorded[name] and getattr(case, name) is not None:
            case_key_event(case=case, actor=actor, event=event)
    return case


@transaction.atomic
def offence_add(
    *,
    actor: User,
    case: CaseFile,
    offence: Offence,
    committed_from: date,
    committed_to: date | None = None,
) -> CaseOffence:
    case = _lock(case)
    if refusal := rules.edit_refusal(actor, case):
        raise Forbidden(refusal)
    case_offence = CaseOffence(
        case=case, offence=offence, committed_from=committed_from, committed_to=committed_to
    )
    try:
        case_offence.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    case_offence.save()
    case_touch(case)
    _record(case, actor, "offence_added", f"Offence added: {offence.title}", offence=offence.pk)
    return case_offence


@transaction.atomic
def offence_remove(*, actor: User, case_offence: CaseOffence) -> None:
    case = _lock(case_offence.case)
    if refusal := rules.edit_refusal(actor, case):
        raise Forbidden(refusal)
    title = case_offence.offence.title
    case_offence.delete()
    case_touch(case)
    _record(case, actor, "offence_removed", f"Offence removed: {title}")


# A suspect's release is a key event for the complainant.
RELEASE_EVENTS: dict[str, str] = {SuspectState.BAIL: KeyEvent.BAIL, SuspectState.RUI: KeyEvent.RUI}

SUSPECT_FIELDS = ("first_names", "last_name", "date_of_birth", "state", "state_since", "review_on")


@transaction.atomic
def suspect_add(*, actor: User, case: CaseFile, **fields: Any) -> Suspect:
    case = _lock(case)
    if refusal := rules.edit_refusal(actor, case):
        raise Forbidden(refusal)
    suspect = Suspect(case=case, **{k: v for k, v in fields.items() if k in SUSPECT_FIELDS})
    try:
        suspect.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    suspect.save()
    case_touch(case)
    _record(case, actor, "suspect_added", "Suspect added", suspect=suspect.pk)
    if suspect.review_on:
        _open_bail_review(case, suspect, actor)
    released = RELEASE_EVENTS.get(suspect.state)
    if released:
        case_key_event(case=case, actor=actor, event=released)
    return suspect


@transaction.atomic
def suspect_update(*, actor: User, suspect: Suspect, version: int | None, **fields: Any) -> Suspect:
    case = _lock(suspect.case)
    if refusal := rules.edit_refusal(actor, case):
        raise Forbidden(refusal)
    _check_version(case, version)
    suspect = Suspect.objects.select_for_update().get(pk=suspect.pk)
    old_review, old_state = suspect.review_on, suspect.state
    changed = [n for n in SUSPECT_FIELDS if n in fields and getattr(suspect, n) != fields[n]]
    if not changed:
        return suspect
    for name in changed:
        setattr(suspect, name, fields[name])
    try:
        suspect.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    suspect.save(update_fields=changed)
    case_touch(case)
    _record(case, actor, "suspect_updated", "Suspect details changed", fields=changed)
    # Out of bail or release under investigation (in custody, or not
    # arrested after all), the suspect's review no longer applies.
    moot = suspect.state != old_state and suspect.state not in RELEASE_EVENTS
    if moot or suspect.review_on != old_review:
        reason = (
            f"the suspect is {SuspectState(suspect.state).label.lower()}"
            if moot
            else "the review date changed"
        )
        bail_reviews_cancel(case=case, suspect_ids=[suspect.pk], reason=reason, actor=actor)
        if suspect.review_on and suspect.state in RELEASE_EVENTS:
            _open_bail_review(case, suspect, actor)
    elif (
        suspect.state != old_state
        and suspect.state in RELEASE_EVENTS
        and suspect.review_on
        and not Deadline.objects.filter(
            case=case,
            kind=DeadlineKind.BAIL_REVIEW,
            source=f"cases.suspect:{suspect.pk}",
            status=DeadlineStatus.OPEN,
        ).exists()
    ):
        # Back on bail (or released) with the review date already recorded.
        _open_bail_review(case, suspect, actor)
    if suspect.state != old_state and suspect.state in RELEASE_EVENTS:
        case_key_event(case=case, actor=actor, event=RELEASE_EVENTS[suspect.state])
    elif suspect.state == old_state == SuspectState.BAIL and suspect.review_on != old_review:
        case_key_event(case=case, actor=actor, event=KeyEvent.BAIL_CHANGE)
    return suspect


def _open_bail_review(case: CaseFile, suspect: Suspect, actor: User) -> None:
    if suspect.review_on is None:
        return
    deadline_open(
        case=case,
        kind=DeadlineKind.BAIL_REVIEW,
        description="Bail return or released-under-investigation review",
        due_on=suspect.review_on,
        owner=case.oic,
        owner_organisation=case.force,
        source=f"cases.suspect:{suspect.pk}",
        actor=actor,
    )


def bail_reviews_cancel(
    *, case: CaseFile, suspect_ids: Iterable[int], reason: str, actor: User | None
) -> None:
    """Cancel the open bail-review deadlines of these suspects of ``case``,
    which no longer apply (the suspect was charged, or is in custody): for
    other services, inside the one that makes them moot."""
    sources = [f"cases.suspect:{pk}" for pk in suspect_ids]
    for deadline in Deadline.objects.filter(
        case=case, kind=DeadlineKind.BAIL_REVIEW, source__in=sources, status=DeadlineStatus.OPEN
    ):
        deadline_cancel(deadline=deadline, actor=actor, reason=reason)


# -- sharing and allocation -------------------------------------------------


@transaction.atomic
def case_share(*, actor: User, case: CaseFile, colleague: User) -> None:
    """The OIC (or a supervisor of the force) grants an investigator of the
    same force access to the case: a django-guardian row, read by
    ``visible_to``. A grant carries the complainant's identity, so nobody can
    grant it to themselves, and only investigators receive it."""
    case = _lock(case)
    if refusal := rules.share_refusal(actor, case):
        raise Forbidden(refusal)
    if colleague.pk == actor.pk:
        raise DomainError("You cannot share a case with yourself")
    if not rules.has_role(colleague, Role.INVESTIGATOR, case.force_id):
        raise DomainError(f"You can only share a case with investigators of {case.force.name}")
    if colleague.pk == case.oic_id:
        raise DomainError("That officer is already the officer in the case")
    assign_perm("cases.view_casefile", colleague, case)
    case_touch(case)
    _record(
        case, actor, "shared", f"Case shared with {colleague.full_name}", colleague=colleague.pk
    )


@transaction.atomic
def case_reallocate_oic(*, actor: User, case: CaseFile, new_oic: User) -> CaseFile:
    """A police supervisor or SPOC of the force makes another investigator the OIC.
    The previous OIC keeps no access of their own (the complainant's identity
    goes with the case); the supervisor can share the case with them."""
    case = _lock(case)
    if refusal := rules.oic_reallocation_refusal(actor, case):
        raise Forbidden(refusal)
    if not rules.has_role(new_oic, Role.INVESTIGATOR, case.force_id):
        raise DomainError(f"Choose an investigator of {case.force.name}")
    return _oic_change(case, actor, new_oic)


def _oic_change(case: CaseFile, actor: User, new_oic: User) -> CaseFile:
    if new_oic.pk == case.oic_id:
        return case
    previous = case.oic
    case.oic = new_oic
    case.version += 1
    case.save(update_fields=["oic", "version", "updated_at"])
    Deadline.objects.filter(case=case, owner=previous, status=DeadlineStatus.OPEN).update(
        owner=new_oic
    )
    _record(
        case,
        actor,
        "oic_changed",
        f"Officer in the case changed to {new_oic.full_name}",
        previous=previous.pk,
        new=new_oic.pk,
    )
    return case


@transaction.atomic
def case_allocate_prosecutor(*, actor: User, case: CaseFile, prosecutor: User) -> CaseFile:
    """A CPS SPOC of the case's Area allocates (or re-allocates) a prosecutor."""
    case = _lock(case)
    if refusal := rules.allocation_refusal(actor, case):
        raise Forbidden(refusal)
    if not rules.has_role(prosecutor, Role.PROSECUTOR, case.cps_area_id):
        raise DomainError(f"Choose a prosecutor of CPS {case.cps_area.name}")
    return _prosecutor_allocate(case, actor, prosecutor)


def _prosecutor_allocate(case: CaseFile, actor: User, prosecutor: User) -> CaseFile:
    if case.prosecutor_id == prosecutor.pk:
        return case
    case.prosecutor = prosecutor
    case.version += 1
    case.save(update_fields=["prosecutor", "version", "updated_at"])
    Deadline.objects.filter(
        case=case, kind=DeadlineKind.CHARGING_DECISION, status=DeadlineStatus.OPEN
    ).update(owner=prosecutor)
    _record(
        case,
        actor,
        "prosecutor_allocated",
        f"Allocated to prosecutor {prosecutor.full_name}",
        prosecutor=prosecutor.pk,
    )
    return case


# -- several cases at once ------------------------------------------------------


def _cases_chosen(actor: User, chosen: Mapping[int, int]) -> list[CaseFile]:
    """The cases ``chosen`` (id: the version the list showed), locked in id
    order (two batches over the same cases queue, never deadlock). All or
    nothing: one the actor may no longer see, or one changed since the list
    was shown, refuses the whole batch, naming the changed ones."""
    if not chosen:
        raise DomainError("Select at least one case")
    cases = list(
        CaseFile.objects.visible_to(actor)
        .filter(pk__in=list(chosen))
        .select_for_update(of=("self",))
        .select_related("force", "cps_area", "oic", "prosecutor")
        .order_by("pk")
    )
    if len(cases) != len(chosen):
        raise DomainError("A case you selected is no longer one you can see: nothing was changed")
    changed = [case.urn for case in cases if case.version != chosen[case.pk]]
    if changed:
        raise StaleVersion(
            "These cases changed since the list was shown, so nothing was changed: "
            + ", ".join(changed)
            + ". Check them and try again."
        )
    return cases


@transaction.atomic
def cases_allocate_prosecutor(
    *, actor: User, chosen: Mapping[int, int], prosecutor: User
) -> list[CaseFile]:
    """A CPS SPOC allocates (or re-allocates: a leaver's or an absent
    prosecutor's work) several cases to one prosecutor, in one transaction:
    each case as ``case_allocate_prosecutor`` would, audited and on its
    timeline, or none."""
    cases = _cases_chosen(actor, chosen)
    for case in cases:
        if refusal := rules.allocation_refusal(actor, case):
            raise Forbidden(f"{case.urn}: {refusal}")
        if not rules.has_role(prosecutor, Role.PROSECUTOR, case.cps_area_id):
            raise DomainError(f"{case.urn}: choose a prosecutor of CPS {case.cps_area.name}")
    return [_prosecutor_allocate(case, actor, prosecutor) for case in cases]


@transaction.atomic
def cases_reallocate_oic(
    *, actor: User, chosen: Mapping[int, int], new_oic: User
) -> list[CaseFile]:
    """A police supervisor or SPOC makes one investigator the officer in the
    case of several cases (a leaver's), in one transaction, or none."""
    cases = _cases_chosen(actor, chosen)
    for case in cases:
        if refusal := rules.oic_reallocation_refusal(actor, case):
            raise Forbidden(f"{case.urn}: {refusal}")
        if not rules.has_role(new_oic, Role.INVESTIGATOR, case.force_id):
            raise DomainError(f"{case.urn}: choose an investigator of {case.force.name}")
    return [_oic_change(case, actor, new_oic) for case in cases]


@transaction.atomic
def case_refer_to_cps(*, case: CaseFile, actor: User) -> None:
    """Bring the case to its CPS Area's attention without submitting it (an
    early-advice request): from now on the Area's SPOC sees it. The caller
    has checked that ``actor`` may ask; a case already referred is left as it is.
    The version does not move: nothing the police edit has changed."""
    case = _lock(case)
    if case.referred_at is not None:
        return
    case.referred_at = timezone.now()
    case.save(update_fields=["referred_at", "updated_at"])
    _record(case, actor, "referred", f"Referred to CPS {case.cps_area.name}")


# -- the case's life --------------------------------------------------------


def _lower_first(label: str) -> str:
    # "With CPS for a charging decision" -> "with CPS ...": only the first letter.
    return label[:1].lower() + label[1:]


def _move(case: CaseFile, status: str) -> None:
    if not case.can_move_to(status):
        # The life of a case (TRANSITIONS) is a rule: its refusal is a 403.
        raise Forbidden(
            f"A case that is {_lower_first(case.get_status_display())} cannot become "
            f"{_lower_first(CaseStatus(status).label)}"
        )
    case.status = status
    case.version += 1


@transaction.atomic
def case_set_status(*, actor: User, case: CaseFile, status: str, description: str) -> CaseFile:
    """Move the case along ``TRANSITIONS`` for another app's decision (a
    charge, an NFA, an action plan). The caller has checked who may act; this
    refuses a move the case's life does not allow, with ``_move``'s message."""
    case = _lock(case)
    previous = case.status
    _move(case, status)
    # An NFA starts the case's retention period; a reopened case has none.
    retention = schedule.outcome_apply(case, timezone.localdate())
    case.save(update_fields=["status", "version", "updated_at", *retention])
    _record(case, actor, "status_changed", description, previous=previous, status=status)
    return case


@transaction.atomic
def case_finalise(*, actor: User, case: CaseFile, result: str, finalised_on: date) -> CaseFile:
    """An officer working on a charged case, or a supervisor or SPOC of its
    force, records how it ended at court. The result decides its retention:
    a conviction is MoPI group 1, anything else group 2, from that date."""
    case = _lock(case)
    if refusal := rules.finalise_refusal(actor, case):
        raise DomainError(refusal)
    if result not in CourtResult.values:
        raise DomainError("Choose the result at court", problems={"result": "Choose the result"})
    if finalised_on > timezone.localdate():
        message = "The date finalised must be today or in the past"
        raise DomainError(message, problems={"finalised_on": message})
    if case.charged_on and finalised_on < case.charged_on:
        message = "The date finalised must be on or after the date of charge"
        raise DomainError(message, problems={"finalised_on": message})
    _move(case, CaseStatus.FINALISED)
    case.court_result = result
    case.finalised_on = finalised_on
    retention = schedule.outcome_apply(case, finalised_on)
    case.save(
        update_fields=[
            "status",
            "court_result",
            "finalised_on",
            "version",
            "updated_at",
            *retention,
        ]
    )
    _record(
        case,
        actor,
        "finalised",
        f"Case finalised: {CourtResult(result).label}",
        result=result,
        finalised_on=finalised_on.isoformat(),
    )
    return case


@transaction.atomic
def case_start_investigation(*, actor: User, case: CaseFile) -> CaseFile:
    """The OIC moves a draft into investigation."""
    case = _lock(case)
    if refusal := rules.edit_refusal(actor, case):
        raise Forbidden(refusal)
    _move(case, CaseStatus.INVESTIGATION)
    case.save(update_fields=["status", "version", "updated_at"])
    _record(case, actor, "investigation_started", "Investigation started")
    return case


@dataclass(frozen=True)
class ChecklistItem:
    """One item of the file checklist. ``fix`` says, in GOV.UK words, what to
    do while it is missing ("Add the MG5 case summary"), and ``url`` is the
    page where it is done: the submission page's error summary links the one
    to the other."""

    label: str
    done: bool
    fix: str = ""
    url: str = ""


def _add_document(case: CaseFile, kind: str) -> str:
    """The case's upload form with ``kind`` chosen."""
    return f"{reverse('cases:documents', args=[case.pk])}?kind={kind}#id_upload"


def _nil_return(case: CaseFile) -> str:
    return f"{reverse('cases:edit', args=[case.pk])}#id_unused_material_nil_return"


# Other apps add checks (the complainants app: "at least one complainant").
CHECKLIST_EXTENSIONS: list[Callable[[CaseFile], Iterable[ChecklistItem]]] = []


SCHEDULES_OR_NIL_RETURN = "Unused material schedules MG6C and MG6D, or a nil return"
SCHEDULES_OR_SIGNED_NIL_RETURN = "Unused material schedules MG6C and MG6D, or a signed nil return"


def unused_material_checklist(case: CaseFile, kinds: set[str]) -> list[ChecklistItem]:
    """What the file needs about unused material at referral, by the decision
    sought and the plea anticipated (``kinds``: the kinds of document the
    case holds):

    ==================  ============================  ===============================
    decision sought     plea anticipated              the file needs
    ==================  ============================  ===============================
    not recorded        any                           MG6C and MG6D, or a nil return
    Full Code Test      not guilty, not known, blank  MG6C and MG6D, or a signed nil
                                                      return; and the MG6E
    Full Code Test      guilty                        MG6C and MG6D, or a signed nil
                                                      return
    Threshold Test      any                           the list of material identified
                                                      as potentially disclosable
    ==================  ============================  ===============================
    """
    schedules = {DocumentKind.MG6C, DocumentKind.MG6D} <= kinds
    if case.decision_sought == DecisionSought.THRESHOLD_TEST:
        # The schedules come later, with the full file: what the prosecutor
        # needs now is what is known so far that might be disclosable.
        return [
            ChecklistItem(
                DocumentKind.DISCLOSABLE_LIST.label,
                DocumentKind.DISCLOSABLE_LIST in kinds,
                "Add the list of material identified as potentially disclosable",
                _add_document(case, DocumentKind.DISCLOSABLE_LIST),
            )
        ]
    if case.decision_sought != DecisionSought.FULL_CODE_TEST:
        # Not recorded (every case from before the field, and the demo's):
        # the item the checklist always had, so those files pass as they did.
        return [
            ChecklistItem(
                SCHEDULES_OR_NIL_RETURN,
                case.unused_material_nil_return or schedules,
                "Sign the nil return or add the MG6C and MG6D",
                _nil_return(case),
            )
        ]
    items = [
        ChecklistItem(
            SCHEDULES_OR_SIGNED_NIL_RETURN,
            case.unused_material_nil_return_signed or schedules,
            "Sign the nil return or add the MG6C and MG6D",
            _nil_return(case),
        )
    ]
    # Only an anticipated guilty plea spares the MG6E: that streamlined file
    # is what the CPS guidance allows for a guilty plea, and a plea that is
    # not known (or not recorded) may yet be not guilty. Asking for the
    # report costs the officer one form now; a trial file without it is the
    # disclosure that comes late, after the decision was made without it.
    if case.plea_anticipated != PleaAnticipated.GUILTY:
        items.append(
            ChecklistItem(
                DocumentKind.MG6E.label,
                DocumentKind.MG6E in kinds,
                "Add the MG6E disclosure officer's report",
                _add_document(case, DocumentKind.MG6E),
            )
        )
    return items


def case_checklist(case: CaseFile) -> list[ChecklistItem]:
    """The National File Standard items for a RASSO pre-charge file: the same
    for every file, but for its unused material, which follows the decision
    sought (``unused_material_checklist``). The submission and the page both
    read it."""
    kinds = set(case.documents.values_list("kind", flat=True))
    items = [
        ChecklistItem(
            "At least one offence",
            case.offences.exists(),
            "Add at least one offence",
            reverse("cases:offence-add", args=[case.pk]),
        ),
        ChecklistItem(
            "At least one suspect",
            case.suspects.exists(),
            "Add at least one suspect",
            reverse("cases:suspect-add", args=[case.pk]),
        ),
        ChecklistItem(
            "MG3 report to CPS for a charging decision",
            DocumentKind.MG3 in kinds,
            "Add the MG3 report to CPS for a charging decision",
            _add_document(case, DocumentKind.MG3),
        ),
        ChecklistItem(
            "The complainant's account: ABE interview record or MG11 statement",
            bool(kinds & {DocumentKind.ABE, DocumentKind.MG11}),
            "Add the complainant's ABE interview record or MG11 statement",
            _add_document(case, DocumentKind.ABE),
        ),
        ChecklistItem(
            "Record of the suspect's interview (MG15)",
            DocumentKind.MG15 in kinds,
            "Add the MG15 record of the suspect's interview",
            _add_document(case, DocumentKind.MG15),
        ),
        ChecklistItem(
            "MG5 case summary",
            DocumentKind.MG5 in kinds,
            "Add the MG5 case summary",
            _add_document(case, DocumentKind.MG5),
        ),
        *unused_material_checklist(case, kinds),
    ]
    if case.forensic_report_expected:
        items.append(
            ChecklistItem(
                "Forensic or medical report",
                DocumentKind.FORENSIC in kinds,
                "Add the forensic or medical report",
                _add_document(case, DocumentKind.FORENSIC),
            )
        )
    for extension in CHECKLIST_EXTENSIONS:
        items.extend(extension(case))
    return items


@transaction.atomic
def case_submit_for_charging(*, actor: User, case: CaseFile) -> CaseFile:
    """The OIC (or an officer granted the case) submits it to CPS for a charging
    decision. Nothing is submitted unless every checklist item is done."""
    case = _lock(case)
    # Who first, then the status: a second submission (a double click, a
    # colleague at the same time) is told the case is already with CPS. Only
    # police-editable statuses can be submitted (a CPS NFA goes back to CPS
    # only by a review: victims.services.review_complete).
    if not rules.works_on_case(actor, case):
        raise Forbidden("You cannot submit this case")
    if not case.can_move_to(CaseStatus.WITH_CPS) or not case.police_may_edit:
        raise Forbidden(
            f"A case that is {_lower_first(case.get_status_display())} cannot become "
            f"{_lower_first(CaseStatus.WITH_CPS.label)}"
        )
    missing = [item.label for item in case_checklist(case) if not item.done]
    if missing:
        raise FileIncomplete(missing)
    _move(case, CaseStatus.WITH_CPS)
    now = timezone.now()
    case.submitted_at = now
    case.referred_at = case.referred_at or now
    case.save(update_fields=["status", "submitted_at", "referred_at", "version", "updated_at"])
    # A resubmission (after an action plan) starts the decision clock again.
    for earlier in Deadline.objects.filter(
        case=case, kind=DeadlineKind.CHARGING_DECISION, status=DeadlineStatus.OPEN
    ):
        deadline_cancel(deadline=earlier, actor=actor, reason="file resubmitted")
    deadline_open(
        case=case,
        kind=DeadlineKind.CHARGING_DECISION,
        description=timing(DeadlineKind.CHARGING_DECISION).description,
        due_on=due_date(DeadlineKind.CHARGING_DECISION, timezone.localdate(), case.cps_area_id),
        owner=case.prosecutor,
        owner_organisation=case.cps_area,
        source=f"cases.casefile:{case.pk}",
        actor=actor,
    )
    _record(case, actor, "submitted", f"Submitted to CPS {case.cps_area.name} for a decision")
    return case


# -- documents --------------------------------------------------------------


def _shortened(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` characters, keeping its extension."""
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: limit - len(suffix)] + suffix


def document_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.MEDIA_ROOT / "documents")


def document_of_case(
    case: CaseFile, document_id: int | None, *, field: str = "document", what: str = ""
) -> Document | None:
    """The document ``document_id`` of ``case`` (None for none), for a service
    that points at one: a document of any other case is refused, against
    ``field``; ``what`` opens the message with the part of the input it is."""
    if document_id is None:
        return None
    document = Document.objects.filter(case=case, pk=document_id).first()
    if document is None:
        message = (
            f"{what}choose a document of this case" if what else "Choose a document of this case"
        )
        raise DomainError(message, problems={field: message})
    return document


# Durable: the upload must be the outermost transaction, so that the clean-up
# below sees every way it can roll back (Django has no on-rollback hook).
@transaction.atomic(durable=True)
def document_upload(
    *, actor: User, case: CaseFile, kind: str, upload: IO[bytes], name: str, title: str = ""
) -> Document:
    """An officer on the case adds a document. Its type is read from its bytes
    (PDF, DOCX, ODT, JPEG, PNG or plain text, matching its extension, checked
    to the last byte and the last part of a package: ``cases.filetypes``), it
    is size-limited, scanned for viruses by clamd (``rasso.core.scanning``;
    refused if the scanner cannot answer), and only then stored under a random
    name outside the web root. A refused file leaves nothing behind, on disk
    or in the database. This is the one way a file enters the system: other
    services (query and action-plan answers) point at a document of the case."""
    # Who may add is checked (on the case as it is now) before the file is read
    # and scanned, and again under the row lock, not held while the scanner reads.
    if refusal := rules.documents_refusal(actor, CaseFile.objects.get(pk=case.pk)):
        raise Forbidden(refusal)
    if kind not in DocumentKind.values:
        raise DomainError("Choose what kind of document this is")
    limit: int = settings.DOCUMENT_MAX_BYTES
    data = upload.read(limit + 1)
    if not data:
        raise DomainError("The selected file is empty")
    if len(data) > limit:
        raise DomainError(f"The selected file must be smaller than {limit // (1024 * 1024)} MB")
    try:
        content_type = detect_file_type(data, name)
        scanning.scan(data)
    except (UnsupportedFile, scanning.ScanRefused) as error:
        raise DomainError(str(error)) from None
    case = _lock(case)
    if refusal := rules.documents_refusal(actor, case):
        raise Forbidden(refusal)
    storage = document_storage()
    stored_name = storage.save(secrets.token_hex(20), ContentFile(data))
    try:
        document = Document.objects.create(
            case=case,
            kind=kind,
            title=title[:200],
            original_name=_shortened(name, 255),
            stored_name=stored_name,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
        )
        case_touch(case)
        _record(
            case,
            actor,
            "document_added",
            f"Document added: {DocumentKind(kind).label}",
            document=document.pk,
            sha256=document.sha256,
        )
    except BaseException:
        storage.delete(stored_name)
        raise
    return document


# -- deadlines --------------------------------------------------------------


def _case_row_locked(case_id: int) -> None:
    """The case row first, then its deadline: the database keeps the case's
    next due date (``CaseFile.next_due_on``) from its deadlines, so every
    change of a deadline writes the case row too, and taking the locks in the
    order every service does (case, then what hangs off it) means two writers
    on one case queue rather than deadlock. (Outside a transaction each
    statement stands alone and holds nothing to deadlock on.)"""
    if transaction.get_connection().in_atomic_block:
        CaseFile.objects.select_for_update(of=("self",)).filter(pk=case_id).values_list(
            "pk"
        ).first()


def deadline_open(
    *,
    case: CaseFile,
    kind: str,
    description: str,
    due_on: date,
    owner: User | None = None,
    owner_organisation: Organisation | None = None,
    source: str = "",
    actor: User | None = None,
) -> Deadline:
    """Open an obligation with a date. For other services only (no check of
    who may act: the calling service has made it): call it inside the service
    that creates the obligation, so both commit or neither does."""
    if owner is None and owner_organisation is None:
        raise DomainError("A deadline needs someone who owes it")
    _case_row_locked(case.pk)
    deadline = Deadline.objects.create(
        case=case,
        kind=kind,
        description=description[:200],
        due_on=due_on,
        owner=owner,
        owner_organisation=owner_organisation,
        source=source,
    )
    case_event_record(
        case=case,
        actor=actor,
        kind="deadline_opened",
        description=(
            f"{deadline.description} due by {due_on:%-d %B %Y} (owed by {_owed_by(deadline)})"
        ),
    )
    audit_record(
        actor=actor,
        action="deadline.open",
        obj=deadline,
        detail={"case": case.pk, "kind": kind, "due_on": due_on.isoformat()},
    )
    return deadline


def _owed_by(deadline: Deadline) -> str:
    """Who owes a deadline, for the timeline every reader of the case sees: a
    person (an officer or prosecutor, named elsewhere on the case too), or else
    their organisation. Never a complainant: they owe nothing."""
    if deadline.owner is not None:
        return deadline.owner.full_name or deadline.owner.email
    # deadline_open insists on one or the other.
    return deadline.owner_organisation.name if deadline.owner_organisation else ""


def _close_once(
    deadline: Deadline, status: str, actor: User | None = None, reason: str = ""
) -> tuple[Deadline, bool]:
    """Close an open deadline; say whether this call closed it."""
    _case_row_locked(deadline.case_id)
    locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.status != DeadlineStatus.OPEN:
        # Already closed (a retried task, a double click): nothing more to do,
        # and nothing to write on the timeline.
        return locked, False
    locked.status = status
    locked.closed_at = timezone.now()
    locked.closed_reason = reason[:200]
    locked.save(update_fields=["status", "closed_at", "closed_reason"])
    audit_record(
        actor=actor,
        action=f"deadline.{status}",
        obj=locked,
        detail={"case": locked.case_id, "kind": locked.kind},
    )
    return locked, True


@transaction.atomic
def deadline_meet(*, deadline: Deadline, actor: User | None = None) -> Deadline:
    closed, now_closed = _close_once(deadline, DeadlineStatus.MET, actor)
    if not now_closed:
        return closed
    case_event_record(
        case=closed.case, actor=actor, kind="deadline_met", description=f"{closed.description}: met"
    )
    return closed


@transaction.atomic
def deadline_cancel(*, deadline: Deadline, actor: User | None = None, reason: str = "") -> Deadline:
    reason = reason.strip()
    closed, now_closed = _close_once(deadline, DeadlineStatus.CANCELLED, actor, reason)
    if not now_closed:
        return closed
    suffix = f" ({closed.closed_reason})" if closed.closed_reason else ""
    case_event_record(
        case=closed.case,
        actor=actor,
        kind="deadline_cancelled",
        description=f"{closed.description}: cancelled{suffix}",
    )
    return closed


@transaction.atomic
def deadline_reschedule(*, deadline: Deadline, due_on: date, actor: User | None = None) -> Deadline:
    _case_row_locked(deadline.case_id)
    locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.status != DeadlineStatus.OPEN:
        raise DomainError("Only an open deadline can be moved")
    if locked.due_on == due_on:
        return locked
    previous = locked.due_on
    locked.due_on = due_on
    locked.save(update_fields=["due_on"])
    case_event_record(
        case=locked.case,
        actor=actor,
        kind="deadline_rescheduled",
        description=(
            f"{locked.description}: now due by {due_on:%-d %B %Y} (was {previous:%-d %B %Y})"
        ),
    )
    audit_record(
        actor=actor,
        action="deadline.reschedule",
        obj=locked,
        detail={"case": locked.case_id, "from": previous.isoformat(), "to": due_on.isoformat()},
    )
    return locked
