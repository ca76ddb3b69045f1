"""A drawn review pack of a police NFA whose rationale names the complainant,
her phone number and the suspect."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CaseFile
from charging.panels import services
from charging.panels.models import Panel, PanelMeeting, ReviewPack
from charging.police_nfa.models import HomeOfficeOutcome
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from rasso.accounts.models import Organisation
from tests.cases.factories import complete_case
from tests.conftest import Personas, org

RATIONALE = "Jane Complainant (07700 900 123) no longer supports action against John Suspectson."


@pytest.fixture
def panel(personas: Personas) -> Panel:
    organisation = Organisation.objects.get(name="South East Scrutiny Panel")
    panel = Panel.objects.create(organisation=organisation, cps_area=org("South East"))
    panel.forces.set([org("Kent")])
    return panel


@pytest.fixture
def meeting(panel: Panel, personas: Personas) -> PanelMeeting:
    return services.meeting_create(
        actor=personas.cps_spoc, panel=panel, held_on=timezone.localdate() + timedelta(days=14)
    )


def police_nfa(personas: Personas, code: str) -> CaseFile:
    case = complete_case(personas.officer)
    proposal = police_nfa_propose(
        actor=personas.officer, case=case, outcome_code=code, rationale="No realistic prospect."
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    case.refresh_from_db()
    return case


@pytest.fixture
def pack(personas: Personas, panel: Panel) -> ReviewPack:
    case = complete_case(personas.officer)
    complainant = case.complainants.get()
    complainant.phone = "07700900123"
    complainant.save()
    proposal = police_nfa_propose(
        actor=personas.officer,
        case=case,
        outcome_code=HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT,
        rationale=RATIONALE,
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    meeting = services.meeting_create(
        actor=personas.cps_spoc, panel=panel, held_on=timezone.localdate() + timedelta(days=7)
    )
    today = timezone.localdate()
    services.sample_draw(
        actor=personas.cps_spoc,
        meeting=meeting,
        date_from=today - timedelta(days=1),
        date_to=today,
        size=1,
        seed=5,
    )
    return meeting.packs.get()
