"""A drawn review pack of a police NFA whose rationale names the complainant,
her phone number and the suspect."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from charging.panels import services
from charging.panels.models import Panel, ReviewPack
from charging.police_nfa.models import HomeOfficeOutcome
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from tests.cases.factories import complete_case
from tests.conftest import Personas, org

RATIONALE = "Jane Complainant (07700 900 123) no longer supports action against John Suspectson."


@pytest.fixture
def pack(personas: Personas) -> ReviewPack:
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
    panel = Panel.objects.create(
        organisation=org("South East Scrutiny Panel"), cps_area=org("South East")
    )
    panel.forces.set([org("Kent")])
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
