"""RASSO clinics: what the clinic pages offer each persona is exactly what
the services accept, for a clinic scheduled for today, one still to come, one
held (with an agenda item and an action) and one cancelled, and for
scheduling another.

Which case goes on an agenda is input the service checks (a case the user
may see, of an attending force): a refusal of the case, not of the person, is
not the page's to foresee, so it counts as accepted here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from charging.clinics import services
from charging.clinics.models import Clinic, ClinicAction, ClinicAgendaItem, ClinicOutcome
from rasso.accounts.models import User
from rasso.core.errors import DomainError
from tests.charging.agreement import Verdicts, agree, grid, offers, page
from tests.charging.clinics.test_services import held, on_agenda, schedule
from tests.charging.factories import case_with_prosecutor
from tests.conftest import Personas, org
from tests.support import accepted

pytestmark = pytest.mark.django_db

CASE_REFUSALS = ("You can only add a case you work on", "The case must be of a force attending")


def agenda_add(**arguments: Any) -> object:
    try:
        return services.clinic_agenda_add(**arguments)
    except DomainError as error:
        if str(error).startswith(CASE_REFUSALS):
            return None  # the person may add; this case is not theirs to add
        raise


def test_the_clinic_pages_offer_what_the_services_accept(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    today = schedule(personas)
    to_come = schedule(personas, held_on=timezone.localdate() + timedelta(days=7))
    held_one = schedule(personas)
    item = on_agenda(personas, held_one, case)
    held(personas, held_one)
    action = services.clinic_action_add(
        actor=personas.cps_spoc,
        item=item,
        description="Trace the taxi driver",
        owner=personas.officer,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    cancelled = services.clinic_cancel(actor=personas.cps_spoc, clinic=schedule(personas))
    other = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)

    verdicts: Verdicts = []
    people: dict[str, User] = grid(personas)
    for who, user in people.items():
        verdicts.append(
            (
                who,
                "schedule a clinic",
                offers(page(user, "charging:clinics"), "charging:clinic-schedule"),
                accepted(
                    services.clinic_schedule,
                    actor=user,
                    cps_area=org("South East"),
                    held_on=timezone.localdate(),
                    forces=[org("Kent")],
                    attendees=[personas.officer],
                ),
            )
        )
        for state in (today, to_come, held_one, cancelled):
            clinic = Clinic.objects.get(pk=state.pk)
            html = page(user, "charging:clinic", clinic.pk)
            what = f"a clinic {clinic.status} on {clinic.held_on}: "
            verdicts += [
                (
                    who,
                    what + "add a case",
                    offers(html, "charging:clinic-agenda-add", clinic.pk),
                    accepted(agenda_add, actor=user, clinic=clinic, case=other, question="Next?"),
                ),
                (
                    who,
                    what + "hold",
                    offers(html, "charging:clinic-hold", clinic.pk),
                    accepted(services.clinic_hold, actor=user, clinic=clinic),
                ),
                (
                    who,
                    what + "cancel",
                    offers(html, "charging:clinic-cancel", clinic.pk),
                    accepted(services.clinic_cancel, actor=user, clinic=clinic),
                ),
            ]
        html = page(user, "charging:clinic", held_one.pk)
        discussed = ClinicAgendaItem.objects.select_related("clinic").get(pk=item.pk)
        agreed = ClinicAction.objects.select_related("deadline").get(pk=action.pk)
        verdicts += [
            (
                who,
                "record an outcome",
                offers(html, "charging:clinic-outcome", held_one.pk, item.pk),
                accepted(
                    services.clinic_outcome_record,
                    actor=user,
                    item=discussed,
                    outcome=ClinicOutcome.STRATEGY_AGREED,
                    minutes="Agreed",
                ),
            ),
            (
                who,
                "add an action",
                offers(html, "charging:clinic-action-add", held_one.pk, item.pk),
                accepted(
                    services.clinic_action_add,
                    actor=user,
                    item=discussed,
                    description="Seek the GP records",
                    owner=personas.officer,
                    due_on=timezone.localdate() + timedelta(days=7),
                ),
            ),
            (
                who,
                "mark an action done",
                offers(html, "charging:clinic-action-complete", held_one.pk, action.pk),
                accepted(services.clinic_action_complete, actor=user, action=agreed),
            ),
        ]
    agree(verdicts)
