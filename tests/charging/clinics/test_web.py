"""RASSO clinics in the browser: the Area's list, the clinic page with its
agenda and minutes (a case the viewer cannot see shows only its force), the
forms of the CPS SPOC and the police, and 404 for everyone who need not know."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.models import CaseEvent, DeadlineStatus
from charging.clinics import services
from charging.clinics.models import (
    Clinic,
    ClinicAction,
    ClinicAgendaItem,
    ClinicOutcome,
    ClinicStatus,
)
from rasso.accounts.models import Role, User
from tests.cases.factories import case_create
from tests.conftest import Personas, _member, org
from tests.support import client_for, html_of, queries_for

pytestmark = pytest.mark.django_db


def schedule(personas: Personas, *attendees: User) -> Clinic:
    return services.clinic_schedule(
        actor=personas.cps_spoc,
        cps_area=org("South East"),
        held_on=timezone.localdate(),
        forces=[org("Kent")],
        attendees=[personas.officer, personas.cps_spoc, *attendees],
    )


def add_case(officer: User, clinic: Clinic) -> ClinicAgendaItem:
    return services.clinic_agenda_add(
        actor=officer, clinic=clinic, case=case_create(officer), question="Likely charges?"
    )


def clinic_url(clinic: Clinic) -> str:
    return reverse("charging:clinic", args=[clinic.pk])


def test_the_spoc_schedules_a_clinic_in_the_browser(personas: Personas) -> None:
    spoc = client_for(personas.cps_spoc)
    form = html_of(spoc.get(reverse("charging:clinic-schedule")))
    assert "Kent" in form and "Durham" not in form
    assert escape(personas.officer.full_name) in form
    assert personas.other_force_officer.full_name not in form

    response = spoc.post(
        reverse("charging:clinic-schedule"),
        {
            "held_on": timezone.localdate().strftime("%d/%m/%Y"),
            "forces": [org("Kent").pk],
            "attendees": [personas.officer.pk, personas.cps_spoc.pk],
        },
    )

    clinic = Clinic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == clinic_url(clinic)
    assert clinic.cps_area == org("South East")


def test_only_a_cps_spoc_has_the_schedule_form(personas: Personas) -> None:
    for who in (personas.prosecutor, personas.officer, personas.manager):
        assert client_for(who).get(reverse("charging:clinic-schedule")).status_code == 403


def test_the_list_shows_the_areas_clinics_and_those_a_force_attends(personas: Personas) -> None:
    schedule(personas)
    sussex_only = services.clinic_schedule(
        actor=personas.cps_spoc,
        cps_area=org("South East"),
        held_on=timezone.localdate(),
        forces=[org("Sussex")],
        attendees=[personas.cps_spoc],
    )

    assert (
        html_of(client_for(personas.prosecutor).get(reverse("charging:clinics"))).count("/clinics/")
        >= 2
    )
    officer_page = html_of(client_for(personas.officer).get(reverse("charging:clinics")))
    assert clinic_url(sussex_only) not in officer_page
    assert clinic_url(Clinic.objects.exclude(pk=sussex_only.pk).get()) in officer_page
    for outsider in (personas.panel_member, personas.manager):
        assert client_for(outsider).get(reverse("charging:clinics")).status_code == 404
    assert 'data-testid="empty"' in html_of(
        client_for(personas.other_area_prosecutor).get(reverse("charging:clinics"))
    )


def test_outsiders_reach_no_clinic_page_or_form(personas: Personas) -> None:
    clinic = schedule(personas)
    item = add_case(personas.officer, clinic)
    durham_supervisor = personas.other_force_officer
    urls = [
        clinic_url(clinic),
        reverse("charging:clinic-agenda-add", args=[clinic.pk]),
        reverse("charging:clinic-outcome", args=[clinic.pk, item.pk]),
        reverse("charging:clinic-action-add", args=[clinic.pk, item.pk]),
    ]
    for outsider in (
        personas.panel_member,
        personas.manager,
        personas.other_area_prosecutor,
        durham_supervisor,
        _member(Role.INVESTIGATOR, org("Sussex")),
    ):
        client = client_for(outsider)
        for url in urls:
            assert client.get(url).status_code == 404, (outsider, url)
        assert client.post(reverse("charging:clinic-cancel", args=[clinic.pk])).status_code == 404
    clinic.refresh_from_db()
    assert clinic.status == ClinicStatus.SCHEDULED


def test_a_case_the_viewer_cannot_see_shows_only_its_force(personas: Personas) -> None:
    clinic = schedule(personas, personas.colleague)
    item = add_case(personas.officer, clinic)

    colleague_page = html_of(client_for(personas.colleague).get(clinic_url(clinic)))
    officer_page = html_of(client_for(personas.officer).get(clinic_url(clinic)))

    assert "An item for Kent" in colleague_page
    assert "Likely charges?" not in colleague_page
    assert item.case.urn not in colleague_page
    assert item.case.urn in officer_page


def test_an_officer_adds_a_case_by_its_urn_and_a_stranger_case_is_refused(
    personas: Personas,
) -> None:
    clinic = schedule(personas)
    officer = client_for(personas.officer)
    mine = case_create(personas.officer)
    theirs = case_create(personas.colleague)
    url = reverse("charging:clinic-agenda-add", args=[clinic.pk])
    assert "Do not name the complainant" in html_of(officer.get(url))

    refused = officer.post(url, {"urn": theirs.urn, "question": "Charge?"})
    assert "You can only add a case you work on" in html_of(refused)
    assert not ClinicAgendaItem.objects.exists()

    done = officer.post(url, {"urn": mine.urn, "question": "Charge?"})
    assert done.status_code == 302
    assert ClinicAgendaItem.objects.get().case == mine


def test_the_spoc_holds_the_clinic_and_records_an_outcome_and_an_action(
    personas: Personas,
) -> None:
    clinic = schedule(personas)
    item = add_case(personas.officer, clinic)
    spoc = client_for(personas.cps_spoc)
    officer = client_for(personas.officer)
    outcome_url = reverse("charging:clinic-outcome", args=[clinic.pk, item.pk])
    assert officer.post(reverse("charging:clinic-hold", args=[clinic.pk])).status_code == 403
    clinic.refresh_from_db()
    assert clinic.status == ClinicStatus.SCHEDULED  # the officer's press changed nothing

    spoc.post(reverse("charging:clinic-hold", args=[clinic.pk]))
    assert officer.get(outcome_url).status_code == 403
    assert "Do not name the complainant" in html_of(spoc.get(outcome_url))
    spoc.post(outcome_url, {"outcome": ClinicOutcome.READY_FOR_CHARGING, "minutes": "Submit."})
    spoc.post(
        reverse("charging:clinic-action-add", args=[clinic.pk, item.pk]),
        {
            "description": "Submit the file for charging",
            "owner": personas.officer.pk,
            "due_on": (timezone.localdate() + timedelta(days=7)).strftime("%d/%m/%Y"),
        },
    )

    page = html_of(officer.get(clinic_url(clinic)))
    assert "Ready for charging submission" in page
    assert "Submit the file for charging" in page
    assert "Mark as done" in page
    assert CaseEvent.objects.filter(
        case=item.case, description__startswith="Discussed at the RASSO clinic"
    ).exists()
    action = ClinicAction.objects.get()
    officer.post(reverse("charging:clinic-action-complete", args=[clinic.pk, action.pk]))
    action.deadline.refresh_from_db()
    assert action.deadline.status == DeadlineStatus.MET


def test_a_clinic_of_40_cases_costs_what_one_of_4_does(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    clinic = schedule(personas)
    items = [add_case(personas.officer, clinic) for _ in range(4)]
    services.clinic_hold(actor=personas.cps_spoc, clinic=clinic)

    def record(batch: list[ClinicAgendaItem]) -> None:
        for item in batch:
            services.clinic_outcome_record(
                actor=personas.cps_spoc, item=item, outcome="advice_given", minutes="Advice."
            )
            services.clinic_action_add(
                actor=personas.cps_spoc,
                item=item,
                description="Trace the taxi driver",
                owner=personas.officer,
                due_on=timezone.localdate(),
            )

    record(items)
    spoc = client_for(personas.cps_spoc)
    # session, user, memberships, the clinic, its forces, its attendees,
    # COUNT(*) of the agenda, the page of items with case, force and people,
    # their actions with owner and deadline, which of the cases the viewer sees,
    # the complainants of the page's cases (the identity scrubber of their text).
    four = queries_for(spoc, clinic_url(clinic), django_assert_max_num_queries, 11)
    more = [
        ClinicAgendaItem.objects.create(
            clinic=clinic,
            case=case_create(personas.officer),
            question="Q",
            added_by=personas.officer,
        )
        for _ in range(36)
    ]
    record(more)
    assert queries_for(spoc, clinic_url(clinic), django_assert_max_num_queries, 11) == four


def test_the_clinic_list_costs_the_same_for_50_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    spoc = client_for(personas.cps_spoc)
    for _ in range(5):
        schedule(personas)
    # session, user, memberships, COUNT(*), the page of clinics with their
    # Area and agenda size, their forces, the read's audit row.
    five = queries_for(spoc, reverse("charging:clinics"), django_assert_max_num_queries, 7)
    for _ in range(45):
        schedule(personas)
    assert queries_for(spoc, reverse("charging:clinics"), django_assert_max_num_queries, 7) == five
