"""RASSO clinics through their services: the CPS SPOC schedules a clinic of
the Area, police and CPS put cases on its agenda, the SPOC records outcomes
and actions with owners and due dates; every wrong person or wrong moment is
refused, changing nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import CaseEvent, CaseFile, Deadline, DeadlineStatus
from charging.clinics import services
from charging.clinics.models import (
    Clinic,
    ClinicAction,
    ClinicAgendaItem,
    ClinicOutcome,
    ClinicStatus,
)
from rasso.accounts.models import Role, User
from rasso.core.errors import DomainError
from tests.cases.factories import case_create
from tests.conftest import Personas, _member, org

pytestmark = pytest.mark.django_db


def schedule(personas: Personas, held_on: date | None = None) -> Clinic:
    return services.clinic_schedule(
        actor=personas.cps_spoc,
        cps_area=org("South East"),
        held_on=held_on or timezone.localdate(),
        forces=[org("Kent")],
        attendees=[personas.officer, personas.cps_spoc, personas.prosecutor],
    )


def on_agenda(personas: Personas, clinic: Clinic, case: CaseFile) -> ClinicAgendaItem:
    return services.clinic_agenda_add(
        actor=personas.officer,
        clinic=clinic,
        case=case,
        question="Is the first account admissible as recent complaint?",
    )


def held(personas: Personas, clinic: Clinic) -> Clinic:
    return services.clinic_hold(actor=personas.cps_spoc, clinic=clinic)


def test_the_cps_spoc_schedules_a_clinic_with_the_areas_forces_and_people(
    personas: Personas,
) -> None:
    clinic = schedule(personas)

    assert clinic.status == ClinicStatus.SCHEDULED
    assert list(clinic.forces.all()) == [org("Kent")]
    assert set(clinic.attendees.all()) == {personas.officer, personas.cps_spoc, personas.prosecutor}


@pytest.mark.parametrize(
    "who", ["prosecutor", "officer", "supervisor", "other_area_prosecutor", "manager"]
)
def test_only_a_cps_spoc_of_the_area_schedules_a_clinic(personas: Personas, who: str) -> None:
    with pytest.raises(DomainError, match="Only a CPS SPOC of the Area"):
        services.clinic_schedule(
            actor=getattr(personas, who),
            cps_area=org("South East"),
            held_on=timezone.localdate(),
            forces=[org("Kent")],
            attendees=[personas.officer],
        )
    assert not Clinic.objects.exists()


def test_a_force_of_another_area_or_its_officers_cannot_attend(personas: Personas) -> None:
    with pytest.raises(DomainError, match="Only police forces working with CPS South East"):
        services.clinic_schedule(
            actor=personas.cps_spoc,
            cps_area=org("South East"),
            held_on=timezone.localdate(),
            forces=[org("Kent"), org("Durham")],
            attendees=[personas.officer],
        )
    with pytest.raises(DomainError, match="Attendees must be police of the attending forces"):
        services.clinic_schedule(
            actor=personas.cps_spoc,
            cps_area=org("South East"),
            held_on=timezone.localdate(),
            forces=[org("Kent")],
            attendees=[personas.officer, personas.other_force_officer],
        )
    assert not Clinic.objects.exists()


def test_an_officer_adds_their_case_and_the_areas_spoc_then_sees_it(personas: Personas) -> None:
    clinic = schedule(personas)
    case = case_create(personas.officer)
    assert not CaseFile.objects.visible_to(personas.cps_spoc).filter(pk=case.pk).exists()

    item = on_agenda(personas, clinic, case)

    assert item.case == case
    assert CaseFile.objects.visible_to(personas.cps_spoc).filter(pk=case.pk).exists()


def test_nobody_adds_a_case_they_cannot_see_or_of_a_force_not_attending(
    personas: Personas,
) -> None:
    clinic = schedule(personas)
    someone_elses = case_create(personas.colleague)
    sussex_officer = _member(Role.INVESTIGATOR, org("Sussex"))
    sussex_case = case_create(sussex_officer, force_name="Sussex")

    with pytest.raises(DomainError, match="only add a case you work on"):
        on_agenda(personas, clinic, someone_elses)
    with pytest.raises(DomainError, match="Only the attending forces"):
        services.clinic_agenda_add(
            actor=sussex_officer, clinic=clinic, case=sussex_case, question="Charge?"
        )
    # The Area's SPOC sees a referred Sussex case, but Sussex does not attend.
    sussex_case.referred_at = timezone.now()
    sussex_case.save(update_fields=["referred_at"])
    with pytest.raises(DomainError, match="force attending this clinic"):
        services.clinic_agenda_add(
            actor=personas.cps_spoc, clinic=clinic, case=sussex_case, question="Charge?"
        )
    assert not ClinicAgendaItem.objects.exists()


def test_a_case_goes_on_an_agenda_once(personas: Personas) -> None:
    clinic = schedule(personas)
    case = case_create(personas.officer)
    on_agenda(personas, clinic, case)

    with pytest.raises(DomainError, match="already on this clinic's agenda"):
        on_agenda(personas, clinic, case)
    assert ClinicAgendaItem.objects.count() == 1


def test_cancelling_a_clinic_before_it_is_held_closes_its_agenda_and_nothing_else(
    personas: Personas,
) -> None:
    clinic = schedule(personas)
    case = case_create(personas.officer)
    on_agenda(personas, clinic, case)
    events = CaseEvent.objects.filter(case=case).count()

    with pytest.raises(DomainError, match="Only a CPS SPOC"):
        services.clinic_cancel(actor=personas.prosecutor, clinic=clinic)
    clinic.refresh_from_db()
    assert clinic.status == ClinicStatus.SCHEDULED

    services.clinic_cancel(actor=personas.cps_spoc, clinic=clinic)

    clinic.refresh_from_db()
    assert clinic.status == ClinicStatus.CANCELLED
    assert CaseEvent.objects.filter(case=case).count() == events
    with pytest.raises(DomainError, match="This clinic is cancelled"):
        on_agenda(personas, clinic, case_create(personas.officer))
    with pytest.raises(DomainError, match="it cannot be held"):
        held(personas, clinic)


def test_a_clinic_is_not_held_before_its_date(personas: Personas) -> None:
    clinic = schedule(personas, timezone.localdate() + timedelta(days=7))

    with pytest.raises(DomainError, match="cannot be held before its date"):
        held(personas, clinic)
    clinic.refresh_from_db()
    assert clinic.status == ClinicStatus.SCHEDULED


def test_the_outcome_goes_on_the_case_timeline(personas: Personas) -> None:
    clinic = schedule(personas)
    case = case_create(personas.officer)
    item = on_agenda(personas, clinic, case)
    with pytest.raises(DomainError, match="once it has been held"):
        services.clinic_outcome_record(
            actor=personas.cps_spoc, item=item, outcome="advice_given", minutes="Advice on C1."
        )
    held(personas, clinic)
    with pytest.raises(DomainError, match="Only a CPS SPOC"):
        services.clinic_outcome_record(
            actor=personas.officer, item=item, outcome="advice_given", minutes="Advice."
        )
    item.refresh_from_db()
    assert item.outcome == ""

    services.clinic_outcome_record(
        actor=personas.cps_spoc,
        item=item,
        outcome=ClinicOutcome.STRATEGY_AGREED,
        minutes="Agreed to obtain the door camera footage before interview of the suspect.",
    )

    item.refresh_from_db()
    assert item.outcome == ClinicOutcome.STRATEGY_AGREED
    assert CaseEvent.objects.filter(
        case=case,
        description=f"Discussed at the RASSO clinic of {clinic.held_on:%-d %B %Y}: Strategy agreed",
    ).exists()


def test_an_action_opens_a_deadline_its_owner_meets(personas: Personas) -> None:
    clinic = schedule(personas)
    item = on_agenda(personas, clinic, case_create(personas.officer))
    held(personas, clinic)
    due = timezone.localdate() + timedelta(days=14)

    action = services.clinic_action_add(
        actor=personas.cps_spoc,
        item=item,
        description="Obtain the door camera footage",
        owner=personas.officer,
        due_on=due,
    )

    deadline = action.deadline
    assert deadline.kind == "clinic_action"
    assert deadline.owner == personas.officer
    assert deadline.owner_organisation == org("Kent")
    assert deadline.due_on == due
    assert deadline.status == DeadlineStatus.OPEN

    with pytest.raises(DomainError, match="Only the owner"):
        services.clinic_action_complete(actor=personas.cps_spoc, action=action)
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN

    services.clinic_action_complete(actor=personas.officer, action=action)

    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET
    with pytest.raises(DomainError, match="already closed"):
        services.clinic_action_complete(actor=personas.officer, action=action)


def test_a_cps_owner_owes_the_action_for_the_area(personas: Personas) -> None:
    clinic = schedule(personas)
    item = on_agenda(personas, clinic, case_create(personas.officer))
    held(personas, clinic)

    action = services.clinic_action_add(
        actor=personas.cps_spoc,
        item=item,
        description="Send the early-advice template",
        owner=personas.prosecutor,
        due_on=timezone.localdate(),
    )

    assert action.deadline.owner_organisation == org("South East")


def test_an_action_needs_an_attending_owner_and_the_spoc(personas: Personas) -> None:
    clinic = schedule(personas)
    item = on_agenda(personas, clinic, case_create(personas.officer))
    held(personas, clinic)
    stranger: User = personas.colleague
    due = timezone.localdate()

    with pytest.raises(DomainError, match="must attend the clinic"):
        services.clinic_action_add(
            actor=personas.cps_spoc, item=item, description="x", owner=stranger, due_on=due
        )
    with pytest.raises(DomainError, match="Only a CPS SPOC"):
        services.clinic_action_add(
            actor=personas.prosecutor,
            item=item,
            description="x",
            owner=personas.officer,
            due_on=due,
        )
    assert not ClinicAction.objects.exists()
    assert not Deadline.objects.filter(kind="clinic_action").exists()
