"""RASSO clinics in the API: the CPS SPOC schedules one, an officer puts a
case on the agenda, the SPOC holds it and records the outcome; the same
refusals as in the browser, and 404 for outsiders."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from cases.models import CaseEvent
from charging.models import Clinic, ClinicAgendaItem, ClinicStatus
from tests.cases.factories import case_create
from tests.cases.test_api import Api
from tests.conftest import Personas, org

pytestmark = pytest.mark.django_db

CLINICS = "/api/v1/clinics/"


def test_a_clinic_from_scheduling_to_its_minutes(personas: Personas) -> None:
    spoc = Api(personas.cps_spoc)
    officer = Api(personas.officer)
    body: dict[str, Any] = {
        "held_on": timezone.localdate().isoformat(),
        "forces": [org("Kent").pk],
        "attendees": [personas.officer.pk, personas.cps_spoc.pk],
    }
    assert officer.post(CLINICS, body).status_code == 400
    assert not Clinic.objects.exists()

    response = spoc.post(CLINICS, body)
    assert response.status_code == 201, response.json()
    url = f"{CLINICS}{response.json()['id']}/"
    assert response.json()["status"] == "scheduled"

    case = case_create(personas.officer)
    added = officer.post(f"{url}agenda/", {"case": case.pk, "question": "Likely charges?"})
    assert added.status_code == 201, added.json()
    item = added.json()
    assert item["case_urn"] == case.urn

    early = spoc.post(
        f"{url}outcome/", {"item": item["id"], "outcome": "advice_given", "minutes": "Advice."}
    )
    assert early.status_code == 400
    assert "once it has been held" in early.json()["detail"]
    assert officer.post(f"{url}hold/").status_code == 400
    assert spoc.post(f"{url}hold/").json()["status"] == ClinicStatus.HELD
    recorded = spoc.post(
        f"{url}outcome/", {"item": item["id"], "outcome": "advice_given", "minutes": "Advice."}
    )
    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["outcome_display"] == "Advice given"
    assert CaseEvent.objects.filter(
        case=case, description__startswith="Discussed at the RASSO clinic"
    ).exists()

    listed = officer.get(f"{url}agenda/").json()
    assert listed["results"][0]["case_urn"] == case.urn


def test_outsiders_get_404_and_an_unseen_case_shows_only_its_force(personas: Personas) -> None:
    spoc = Api(personas.cps_spoc)
    created = spoc.post(
        CLINICS,
        {
            "held_on": timezone.localdate().isoformat(),
            "forces": [org("Kent").pk],
            "attendees": [personas.officer.pk, personas.colleague.pk],
        },
    ).json()
    url = f"{CLINICS}{created['id']}/"
    Api(personas.officer).post(
        f"{url}agenda/", {"case": case_create(personas.officer).pk, "question": "Charge?"}
    )

    agenda = Api(personas.colleague).get(f"{url}agenda/").json()["results"]
    assert agenda[0]["case"] is None and agenda[0]["case_urn"] is None
    assert agenda[0]["force"] == "Kent"
    for outsider in (
        personas.panel_member,
        personas.manager,
        personas.other_area_prosecutor,
        personas.other_force_officer,
    ):
        api = Api(outsider)
        assert api.get(url).status_code == 404
        assert api.get(f"{url}agenda/").status_code == 404
        assert api.post(f"{url}cancel/").status_code == 404
        assert created["id"] not in [c["id"] for c in api.get(CLINICS).json()["results"]]
    assert ClinicAgendaItem.objects.count() == 1
