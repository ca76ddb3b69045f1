"""Every change to a RASSO clinic: scheduled, a case put on its agenda (the
Area's CPS SPOC then sees it), held or cancelled, each discussion's outcome
and the actions agreed recorded, an action marked done. One transaction each,
the clinic's row locked, with the audit log (and the case's timeline for what
is about a case)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases import rules as case_rules
from cases.models import CaseFile
from cases.services import case_refer_to_cps, deadline_meet, deadline_open
from charging.casework import case_read, record_event, refuse
from charging.clinics import rules, selectors
from charging.clinics.models import (
    Clinic,
    ClinicAction,
    ClinicAgendaItem,
    ClinicOutcome,
    ClinicStatus,
)
from rasso.accounts.models import CPS_ROLES, POLICE_ROLES, Membership, Organisation, User
from rasso.accounts.selectors import memberships_of
from rasso.audit.services import audit_record
from rasso.core.errors import DomainError


def _clinic_locked(clinic: Clinic) -> Clinic:
    return Clinic.objects.select_for_update().get(pk=clinic.pk)


def _clinic_audit(actor: User, clinic: Clinic, kind: str, **detail: Any) -> None:
    audit_record(actor=actor, action=f"charging.{kind}", obj=clinic, detail=detail)


@transaction.atomic
def clinic_schedule(
    *,
    actor: User,
    cps_area: Organisation,
    held_on: date,
    forces: Sequence[Organisation],
    attendees: Sequence[User],
) -> Clinic:
    """A CPS SPOC of the Area schedules a clinic with police forces of the
    Area (``selectors.area_forces``, what the form offers) and attendees from
    those forces and the Area. A refusal of the forces or the attendees names
    its field."""
    refuse(rules.clinic_schedule_refusal(actor, cps_area.pk))
    if held_on < timezone.localdate():
        raise DomainError("A clinic cannot be scheduled in the past")
    if not forces:
        raise DomainError(
            "Choose at least one force attending the clinic",
            problems={"forces": "Choose at least one force attending the clinic"},
        )
    force_ids = {force.pk for force in forces}
    # The forces the schedule form offers: police forces of the Area, never
    # another kind of organisation working with it (a scrutiny panel).
    partners = set(
        selectors.area_forces(cps_area).filter(pk__in=force_ids).values_list("pk", flat=True)
    )
    if partners != force_ids:
        message = f"Only police forces working with CPS {cps_area.name} can attend its clinic"
        raise DomainError(message, problems={"forces": message})
    user_ids = {user.pk for user in attendees}
    allowed = set(
        Membership.objects.filter(user_id__in=user_ids)
        .filter(
            Q(organisation_id__in=force_ids, role__in=POLICE_ROLES)
            | Q(organisation=cps_area, role__in=CPS_ROLES)
        )
        .values_list("user_id", flat=True)
    )
    if allowed != user_ids:
        message = "Attendees must be police of the attending forces or CPS of the Area"
        raise DomainError(message, problems={"attendees": message})
    clinic = Clinic.objects.create(cps_area=cps_area, held_on=held_on, scheduled_by=actor)
    clinic.forces.set(force_ids)
    clinic.attendees.set(user_ids)
    _clinic_audit(actor, clinic, "clinic_scheduled", held_on=held_on.isoformat())
    return clinic


@transaction.atomic
def clinic_agenda_add(
    *, actor: User, clinic: Clinic, case: CaseFile, question: str
) -> ClinicAgendaItem:
    """Put a case the actor can see, of an attending force, on the agenda.
    From then on the Area's CPS SPOC sees the case (it is referred)."""
    clinic = _clinic_locked(clinic)
    refuse(rules.clinic_agenda_refusal(actor, clinic))
    if not CaseFile.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise DomainError("You can only add a case you work on")
    case = case_read(case.pk)
    if case.cps_area_id != clinic.cps_area_id or not clinic.forces.filter(pk=case.force_id):
        raise DomainError("The case must be of a force attending this clinic")
    question = question.strip()
    if not question:
        raise DomainError("Say what the clinic should discuss")
    if ClinicAgendaItem.objects.filter(clinic=clinic, case=case).exists():
        raise DomainError(f"{case.urn} is already on this clinic's agenda")
    item = ClinicAgendaItem.objects.create(
        clinic=clinic, case=case, question=question, added_by=actor
    )
    case_refer_to_cps(case=case, actor=actor)
    record_event(
        case,
        actor,
        item,
        "clinic_agenda_added",
        f"Added to the agenda of the RASSO clinic of {clinic.held_on:%-d %B %Y}",
        clinic=clinic.pk,
    )
    return item


def _clinic_move(actor: User, clinic: Clinic, status: str, doing: str) -> Clinic:
    clinic = _clinic_locked(clinic)
    if status == ClinicStatus.HELD:
        refuse(rules.clinic_hold_refusal(actor, clinic))
    refuse(rules.clinic_move_refusal(actor, clinic, status, doing))
    clinic.status = status
    clinic.save(update_fields=["status"])
    _clinic_audit(actor, clinic, f"clinic_{status}")
    return clinic


@transaction.atomic
def clinic_hold(*, actor: User, clinic: Clinic) -> Clinic:
    """The CPS SPOC records that the clinic took place: minutes may follow."""
    return _clinic_move(actor, clinic, ClinicStatus.HELD, "held")


@transaction.atomic
def clinic_cancel(*, actor: User, clinic: Clinic) -> Clinic:
    """Cancelling a clinic not yet held: its agenda stays, nothing else moves."""
    return _clinic_move(actor, clinic, ClinicStatus.CANCELLED, "cancelled")


@transaction.atomic
def clinic_outcome_record(
    *, actor: User, item: ClinicAgendaItem, outcome: str, minutes: str
) -> ClinicAgendaItem:
    """The CPS SPOC records what the clinic decided about one case; the case's
    timeline says so."""
    clinic = _clinic_locked(item.clinic)
    refuse(rules.clinic_outcome_refusal(actor, clinic))
    if outcome not in ClinicOutcome.values:
        raise DomainError("Choose the outcome of the discussion")
    minutes = minutes.strip()
    if not minutes:
        raise DomainError("Write the minutes of the discussion")
    item = ClinicAgendaItem.objects.select_for_update().get(pk=item.pk)
    item.outcome = outcome
    item.minutes = minutes
    item.recorded_by = actor
    item.recorded_at = timezone.now()
    item.save(update_fields=["outcome", "minutes", "recorded_by", "recorded_at"])
    record_event(
        case_read(item.case_id),
        actor,
        item,
        "clinic_discussed",
        f"Discussed at the RASSO clinic of {clinic.held_on:%-d %B %Y}: "
        f"{ClinicOutcome(outcome).label}",
        clinic=clinic.pk,
    )
    return item


@transaction.atomic
def clinic_action_add(
    *, actor: User, item: ClinicAgendaItem, description: str, owner: User, due_on: date
) -> ClinicAction:
    """An action agreed at the clinic: its owner, an attendee working for the
    case's force or Area, owes it by ``due_on``."""
    clinic = _clinic_locked(item.clinic)
    refuse(rules.clinic_action_refusal(actor, clinic))
    description = description.strip()
    if not description:
        raise DomainError("Say what is to be done")
    if due_on < timezone.localdate():
        raise DomainError("An action cannot be due in the past")
    if not clinic.attendees.filter(pk=owner.pk).exists():
        raise DomainError("The owner of an action must attend the clinic")
    case = case_read(item.case_id)
    if case_rules.is_police_officer_of(owner, case.force_id):
        organisation = case.force
    elif any(
        m.role in CPS_ROLES and m.organisation_id == case.cps_area_id for m in memberships_of(owner)
    ):
        organisation = case.cps_area
    else:
        raise DomainError(f"The owner must work for {case.force.name} or CPS {case.cps_area.name}")
    action = ClinicAction(
        item=item, description=description, owner=owner, due_on=due_on, created_by=actor
    )
    action.deadline = deadline_open(
        case=case,
        kind="clinic_action",
        description=f"Clinic action: {description}",
        due_on=due_on,
        owner=owner,
        owner_organisation=organisation,
        source=f"charging.clinicagendaitem:{item.pk}",
        actor=actor,
    )
    action.save()
    _clinic_audit(actor, clinic, "clinic_action_added", item=item.pk, owner=owner.pk)
    return action


@transaction.atomic
def clinic_action_complete(*, actor: User, action: ClinicAction) -> ClinicAction:
    """The owner marks their action done: its deadline is met."""
    action = ClinicAction.objects.select_related("deadline").select_for_update().get(pk=action.pk)
    refuse(rules.clinic_action_complete_refusal(actor, action))
    deadline_meet(deadline=action.deadline, actor=actor)
    audit_record(
        actor=actor,
        action="charging.clinic_action_completed",
        obj=action,
        detail={"case": action.deadline.case_id, "item": action.item_id},
    )
    return action
