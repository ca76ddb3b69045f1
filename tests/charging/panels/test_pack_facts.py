"""A pack's facts: days from the report, roles and pseudonyms, age bands,
the force and nothing smaller; never the URN, a name or a date."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services as case_services
from charging.panels.packs import age_band, pack_facts
from charging.police_nfa.models import HomeOfficeOutcome
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from tests.cases.factories import complete_case
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_age_bands() -> None:
    on = date(2026, 6, 1)
    assert age_band(date(2010, 6, 2), on) == "under 16"
    assert age_band(date(2008, 6, 1), on) == "18 to 24"
    assert age_band(date(1990, 7, 14), on) == "35 to 44"
    assert age_band(date(1950, 1, 1), on) == "65 and over"
    assert age_band(None, on) == "not recorded"


def test_the_facts_of_a_police_nfa_name_no_one_and_no_date(personas: Personas) -> None:
    case = complete_case(personas.officer, first_account_on=date(2026, 3, 3))
    case_services.case_update(
        actor=personas.officer, case=case, version=case.version, arrested_on=date(2026, 3, 11)
    )
    case.refresh_from_db()
    suspect = case.suspects.get()
    suspect.date_of_birth = date(1990, 7, 14)
    suspect.save()
    proposal = police_nfa_propose(
        actor=personas.officer,
        case=case,
        outcome_code=HomeOfficeOutcome.EVIDENTIAL_WITH_SUPPORT,
        rationale="Jane Complainant supports action; evidence insufficient.",
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    facts = pack_facts(case)
    assert facts["force"] == "Kent"
    assert facts["offences"] == ["Rape"]
    assert facts["suspects"] == [{"pseudonym": "S1", "age": "35 to 44"}]
    days = {row["step"]: row["day"] for row in facts["timeline"]}
    assert days["Reported to the police"] == 0
    assert days["First account"] == 2
    assert days["Suspect arrested"] == 10
    assert "Police decision to take no further action" in days
    assert facts["decision"]["by"] == "the police"
    assert facts["decision"]["outcome_code"].startswith("15")
    assert facts["early_advice"] == {"sought": False, "first_day": None}
    text = json.dumps(facts)
    for identifier in (
        case.urn,
        "Jane",
        "Jane Complainant",
        "Suspectson",
        "John",
        "2026-03",
        "1990",
    ):
        assert identifier not in text, identifier


def test_the_facts_cost_the_same_however_much_the_case_holds(personas: Personas) -> None:
    def cost(case: Any) -> int:
        with CaptureQueriesContext(connection) as captured:
            pack_facts(case)
        return len(captured)

    small = complete_case(personas.officer)
    large = complete_case(personas.officer)
    for _ in range(5):
        case_services.suspect_add(
            actor=personas.officer, case=large, first_names="Another", last_name="Person"
        )
    assert cost(small) == cost(large)


def test_the_facts_say_whether_the_complainant_was_told_in_time(personas: Personas) -> None:
    from cases.models import Deadline
    from victims.deadlines import TELL_KINDS

    case = complete_case(personas.officer)
    complainant = case.complainants.get()
    complainant.date_of_birth = date(2001, 1, 9)
    complainant.save()
    proposal = police_nfa_propose(
        actor=personas.officer,
        case=case,
        outcome_code=HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT,
        rationale="Withdrawn.",
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    tell = Deadline.objects.filter(case=case, kind__in=TELL_KINDS).latest("opened_at")

    owed = pack_facts(case)["complainants"]
    case_services.deadline_meet(deadline=tell, actor=personas.officer)
    told = pack_facts(case)["complainants"]
    Deadline.objects.filter(pk=tell.pk).update(due_on=date(2026, 1, 1))
    late = pack_facts(case)["complainants"]

    assert owed == [{"pseudonym": "C1", "age": "25 to 34", "told": "not yet due"}]
    assert told[0]["told"] == "on time"
    assert late[0]["told"] == "late"


def test_the_facts_count_third_party_requests_and_device_extractions(personas: Personas) -> None:
    from tests.disclosure.requests.factories import HOLDER_NAME, drafted

    case = complete_case(personas.officer)
    assert pack_facts(case)["third_party"] == {
        "requests": 0,
        "by_holder": {},
        "devices": 0,
        "devices_agreed": 0,
    }
    drafted(personas.officer, case)

    facts = pack_facts(case)

    assert facts["third_party"]["requests"] == 1
    assert facts["third_party"]["by_holder"] == {"GP or medical": 1}
    assert HOLDER_NAME not in json.dumps(facts)  # counts and kinds, never who
