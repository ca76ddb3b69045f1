"""RASSO clinics in the API: the CPS SPOC schedules one, an officer puts a
case on the agenda, the SPOC holds it, records the outcome and the actions
agreed, and each action's owner marks it done; the same refusals as in the
browser, and 404 for outsiders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cases.models import CaseEvent, Deadline, DeadlineStatus
from charging.clinics.models import Clinic, ClinicAction, ClinicAgendaItem, ClinicStatus
from rasso.audit.models import AuditEvent
from tests.cases.factories import case_create
from tests.cases.test_api import Api
from tests.charging.clinics.test_services import held, on_agenda, schedule
from tests.charging.pages import outsiders
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
    assert officer.post(CLINICS, body).status_code == 403
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
    assert early.status_code == 403
    assert "once it has been held" in early.json()["detail"]
    assert officer.post(f"{url}hold/").status_code == 403
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
    assert set(agenda[0]) == {"id", "case_visible", "force"}
    assert (agenda[0]["case_visible"], agenda[0]["force"]) == (False, "Kent")
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


# -- actions agreed at a clinic --------------------------------------------------------


def held_clinic_with_a_case(personas: Personas) -> tuple[str, ClinicAgendaItem]:
    clinic = schedule(personas)
    item = on_agenda(personas, clinic, case_create(personas.officer))
    held(personas, clinic)
    return f"{CLINICS}{clinic.pk}/", item


def action_body(item: ClinicAgendaItem, owner_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "item": item.pk,
        "description": "Obtain the door camera footage",
        "owner": owner_id,
        "due_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
        **overrides,
    }


def test_the_spoc_records_an_action_and_its_owner_marks_it_done(personas: Personas) -> None:
    url, item = held_clinic_with_a_case(personas)
    spoc = Api(personas.cps_spoc)
    officer = Api(personas.officer)

    refused = officer.post(f"{url}actions/", action_body(item, personas.officer.pk))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only a CPS SPOC of the Area can record the clinic's actions"
    response = spoc.post(f"{url}actions/", action_body(item, personas.officer.pk))
    assert response.status_code == 201, response.json()
    added = response.json()
    assert added["owner"]["id"] == personas.officer.pk
    assert added["status"] == DeadlineStatus.OPEN
    deadline = ClinicAction.objects.get(pk=added["id"]).deadline
    assert (deadline.kind, deadline.owner, deadline.status) == (
        "clinic_action",
        personas.officer,
        DeadlineStatus.OPEN,
    )
    agenda = officer.get(f"{url}agenda/").json()["results"]
    assert [a["id"] for a in agenda[0]["actions"]] == [added["id"]]

    complete = f"{url}actions/{added['id']}/complete/"
    not_theirs = spoc.post(complete)
    assert not_theirs.status_code == 403
    assert not_theirs.json()["detail"] == "Only the owner of an action can mark it done"
    done = officer.post(complete)
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == DeadlineStatus.MET
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET
    assert AuditEvent.objects.filter(action="charging.clinic_action_completed").count() == 1
    again = officer.post(complete)
    assert again.status_code == 403
    assert again.json()["detail"] == "This action is already closed"


def test_an_action_before_the_clinic_is_held_or_with_a_stranger_is_refused(
    personas: Personas,
) -> None:
    clinic = schedule(personas)
    item = on_agenda(personas, clinic, case_create(personas.officer))
    url = f"{CLINICS}{clinic.pk}/"
    spoc = Api(personas.cps_spoc)

    early = spoc.post(f"{url}actions/", action_body(item, personas.officer.pk))
    assert early.status_code == 403
    assert "actions are recorded once it has been held" in early.json()["detail"]
    held(personas, clinic)
    stranger = spoc.post(f"{url}actions/", action_body(item, personas.colleague.pk))
    assert stranger.status_code == 400
    assert stranger.json()["detail"] == "The owner of an action must attend the clinic"
    nobody = spoc.post(f"{url}actions/", action_body(item, 999_999))
    assert nobody.status_code == 400
    assert nobody.json() == {"owner": ["Choose an attendee of the clinic"]}
    past = spoc.post(
        f"{url}actions/",
        action_body(
            item,
            personas.officer.pk,
            due_on=(timezone.localdate() - timedelta(days=1)).isoformat(),
        ),
    )
    assert past.status_code == 400
    assert past.json()["detail"] == "An action cannot be due in the past"
    shapeless = spoc.post(f"{url}actions/", {"item": item.pk})
    assert shapeless.status_code == 400
    assert set(shapeless.json()) == {"description", "owner", "due_on"}
    assert not ClinicAction.objects.exists()
    assert not Deadline.objects.filter(kind="clinic_action").exists()


def test_an_item_or_action_of_another_clinic_is_not_found(personas: Personas) -> None:
    url, _ = held_clinic_with_a_case(personas)
    other_url, other_item = held_clinic_with_a_case(personas)
    spoc = Api(personas.cps_spoc)
    body = action_body(other_item, personas.officer.pk)
    added = spoc.post(f"{other_url}actions/", body).json()

    assert spoc.post(f"{url}actions/", body).status_code == 404
    assert Api(personas.officer).post(f"{url}actions/{added['id']}/complete/").status_code == 404
    assert ClinicAction.objects.count() == 1


def test_outsiders_get_404_from_the_actions(personas: Personas) -> None:
    url, item = held_clinic_with_a_case(personas)
    added = Api(personas.cps_spoc).post(f"{url}actions/", action_body(item, personas.officer.pk))
    complete = f"{url}actions/{added.json()['id']}/complete/"
    for who, user in outsiders(personas).items():
        api = Api(user)
        response = api.post(f"{url}actions/", action_body(item, personas.officer.pk))
        assert response.status_code == 404, who
        assert api.post(complete).status_code == 404, who
    assert ClinicAction.objects.count() == 1
    assert ClinicAction.objects.get().deadline.status == DeadlineStatus.OPEN
