"""An agenda item's content is for those who may see its case: to an officer
of another attending force, or a prosecutor of the Area not allocated the
case, the agenda says only that an item exists for a force — no case
reference, question, minutes, outcome, actions or link — in the browser and
the API alike, at a cost that does not grow with the agenda."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from charging.clinics import services
from charging.clinics.models import Clinic, ClinicAgendaItem, ClinicOutcome
from rasso.accounts.models import Role, User
from tests.cases.factories import case_create
from tests.cases.test_api import Api
from tests.conftest import Personas, _member, org
from tests.support import client_for, html_of, queries_for

pytestmark = pytest.mark.django_db

QUESTION = "Is the account of the night at the Anchor admissible?"
MINUTES = "Agreed the door camera footage is needed before charge."
ACTION = "Obtain the Anchor door camera footage"
SECRETS = (QUESTION, MINUTES, ACTION, ClinicOutcome.STRATEGY_AGREED.label)


def kent_and_sussex_clinic(personas: Personas, *attendees: User) -> Clinic:
    return services.clinic_schedule(
        actor=personas.cps_spoc,
        cps_area=org("South East"),
        held_on=timezone.localdate(),
        forces=[org("Kent"), org("Sussex")],
        attendees=[personas.officer, personas.cps_spoc, personas.prosecutor, *attendees],
    )


def discussed(personas: Personas, clinic: Clinic) -> ClinicAgendaItem:
    """A Kent case on the agenda, discussed, with an action for its OIC."""
    item = services.clinic_agenda_add(
        actor=personas.officer, clinic=clinic, case=case_create(personas.officer), question=QUESTION
    )
    services.clinic_hold(actor=personas.cps_spoc, clinic=clinic)
    services.clinic_outcome_record(
        actor=personas.cps_spoc, item=item, outcome=ClinicOutcome.STRATEGY_AGREED, minutes=MINUTES
    )
    services.clinic_action_add(
        actor=personas.cps_spoc,
        item=item,
        description=ACTION,
        owner=personas.officer,
        due_on=timezone.localdate(),
    )
    return item


@pytest.fixture
def sussex_supervisor() -> User:
    return _member(Role.POLICE_SUPERVISOR, org("Sussex"))


def readers_without_the_case(personas: Personas, sussex_supervisor: User) -> dict[str, User]:
    return {
        "officer of another attending force": sussex_supervisor,
        "prosecutor of the Area not allocated the case": personas.prosecutor,
    }


def test_the_agenda_page_shows_others_only_an_item_for_the_force(
    personas: Personas, sussex_supervisor: User
) -> None:
    clinic = kent_and_sussex_clinic(personas, sussex_supervisor)
    item = discussed(personas, clinic)
    url = reverse("charging:clinic", args=[clinic.pk])

    for who, user in readers_without_the_case(personas, sussex_supervisor).items():
        assert client_for(user).get(reverse("cases:detail", args=[item.case_id])).status_code == 404
        page = html_of(client_for(user).get(url))
        assert "An item for Kent" in page, who
        for secret in (*SECRETS, item.case.urn, f"/cases/{item.case_id}/"):
            assert secret not in page, (who, secret)
        assert 'data-testid="clinic-action"' not in page, who

    for entitled in (personas.officer, personas.cps_spoc):
        page = html_of(client_for(entitled).get(url))
        assert "An item for" not in page
        for secret in (*SECRETS, item.case.urn):
            assert secret in page, (entitled, secret)


def test_the_agenda_api_shows_others_only_an_item_for_the_force(
    personas: Personas, sussex_supervisor: User
) -> None:
    clinic = kent_and_sussex_clinic(personas, sussex_supervisor)
    item = discussed(personas, clinic)
    url = f"/api/v1/clinics/{clinic.pk}/agenda/"

    for who, user in readers_without_the_case(personas, sussex_supervisor).items():
        response = Api(user).get(url)
        assert response.status_code == 200, who
        assert response.json()["results"] == [
            {"id": item.pk, "case_visible": False, "force": "Kent"}
        ], who
        for secret in (*SECRETS, item.case.urn):
            assert secret not in response.content.decode(), (who, secret)

    entry = Api(personas.officer).get(url).json()["results"][0]
    assert entry["case_visible"] is True
    assert (entry["case"], entry["case_urn"]) == (item.case_id, item.case.urn)
    assert (entry["question"], entry["minutes"]) == (QUESTION, MINUTES)
    assert [action["description"] for action in entry["actions"]] == [ACTION]


def test_others_cannot_open_a_hidden_item_or_its_forms(
    personas: Personas, sussex_supervisor: User
) -> None:
    """Whoever runs the clinic but cannot see the case (it moved to another
    Area since) cannot open the item's forms either."""
    clinic = kent_and_sussex_clinic(personas, sussex_supervisor)
    item = discussed(personas, clinic)
    item.case.cps_area = org("North East")
    item.case.save(update_fields=["cps_area"])
    spoc = client_for(personas.cps_spoc)
    for name in ("charging:clinic-outcome", "charging:clinic-action-add"):
        assert spoc.get(reverse(name, args=[clinic.pk, item.pk])).status_code == 404, name
    page = html_of(spoc.get(reverse("charging:clinic", args=[clinic.pk])))
    assert "An item for Kent" in page and MINUTES not in page


def test_an_agenda_of_hidden_and_visible_items_costs_what_a_short_one_does(
    personas: Personas, sussex_supervisor: User, django_assert_max_num_queries: Any
) -> None:
    clinic = kent_and_sussex_clinic(personas, sussex_supervisor)
    sussex_officer = _member(Role.INVESTIGATOR, org("Sussex"))
    clinic.attendees.add(sussex_officer)

    def add(count: int) -> None:
        for _ in range(count):
            services.clinic_agenda_add(
                actor=personas.officer,
                clinic=clinic,
                case=case_create(personas.officer),
                question=QUESTION,
            )
            services.clinic_agenda_add(
                actor=sussex_officer,
                clinic=clinic,
                case=case_create(sussex_officer, "Sussex"),
                question="Sussex question",
            )

    add(1)
    url = reverse("charging:clinic", args=[clinic.pk])
    api_url = f"/api/v1/clinics/{clinic.pk}/agenda/"
    supervisor = client_for(sussex_supervisor)
    # session, user, memberships, the clinic, its forces, its attendees,
    # COUNT(*) of the agenda, the page of items (each marked seen or not by
    # the same query), the actions of the items seen, the read's audit row; and the
    # identity scrubber's complainants of the page's cases.
    two = queries_for(supervisor, url, django_assert_max_num_queries, 12)
    token = Api(sussex_supervisor)
    with django_assert_max_num_queries(12) as api_two:
        token.get(api_url)
    add(10)
    page = html_of(supervisor.get(url))
    assert page.count("An item for Kent") == 11
    assert page.count("Sussex question") == 11
    assert queries_for(supervisor, url, django_assert_max_num_queries, 12) == two
    with django_assert_max_num_queries(12) as api_many:
        token.get(api_url)
    assert len(api_many) == len(api_two)


def test_only_police_forces_of_the_area_may_attend(personas: Personas) -> None:
    """A scrutiny panel (or any organisation) working with the Area is not a
    force: the form does not offer it, the service and the API refuse it
    against the field, and nothing is scheduled."""
    panel = org("South East Scrutiny Panel")
    panel.cps_areas.add(org("South East"))
    from rasso.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        services.clinic_schedule(
            actor=personas.cps_spoc,
            cps_area=org("South East"),
            held_on=timezone.localdate(),
            forces=[org("Kent"), panel],
            attendees=[personas.cps_spoc],
        )
    assert "forces" in refused.value.problems

    spoc = client_for(personas.cps_spoc)
    form = html_of(spoc.get(reverse("charging:clinic-schedule")))
    assert "Scrutiny Panel" not in form
    posted = spoc.post(
        reverse("charging:clinic-schedule"),
        {
            "held_on": timezone.localdate().strftime("%d/%m/%Y"),
            "forces": [panel.pk],
            "attendees": [personas.cps_spoc.pk],
        },
    )
    assert posted.status_code == 200
    assert "Scrutiny Panel" not in html_of(posted)

    answer = Api(personas.cps_spoc).client.post(
        "/api/v1/clinics/",
        {
            "held_on": timezone.localdate().isoformat(),
            "forces": [panel.pk],
            "attendees": [personas.cps_spoc.pk],
        },
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "forces" in answer.json(), answer.json()
    for area_not_force in (org("South East"), org("North East"), org("Durham")):
        answer = Api(personas.cps_spoc).client.post(
            "/api/v1/clinics/",
            {
                "held_on": timezone.localdate().isoformat(),
                "forces": [area_not_force.pk],
                "attendees": [personas.cps_spoc.pk],
            },
            content_type="application/json",
        )
        assert answer.status_code == 400
        assert "forces" in answer.json(), (area_not_force, answer.json())
    assert not Clinic.objects.exists()
