"""The officer's "your work" page counts the updates they owe to
complainants, and its list shows each by URN and pseudonym (never a name),
soonest due first, so overdue first; paginated. The count is one query."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services import KeyEvent, deadline_reschedule
from rasso.accounts.selectors import memberships_of
from tests.cases.factories import case_create
from tests.conftest import Personas
from tests.support import client_for, html_of
from victims.dashboard import victims_work
from victims.selectors import updates_owed
from victims.services import complainant_add, complainants_tell, contact_log

pytestmark = pytest.mark.django_db

LIST = "victims:work-updates-owed"


def owed_case(personas: Personas, last_name: str = "Quillfeather") -> Any:
    case = case_create(personas.officer, reported_on=timezone.localdate() - timedelta(days=30))
    complainant = complainant_add(
        actor=personas.officer, case=case, first_names="Zephyrine", last_name=last_name
    )
    complainants_tell(case=case, actor=personas.officer, event=KeyEvent.ARREST)
    return case, complainant


def test_the_dashboard_counts_the_updates_owed_and_links_the_list(personas: Personas) -> None:
    owed_case(personas)
    owed_case(personas)

    html = html_of(client_for(personas.officer).get("/"))

    row = html[html.index("Complainant updates owed") :]
    # Each complainant is owed the news of the arrest and a regular update.
    assert "4 updates" in row[:400]
    assert reverse(LIST) in row[:400]


def test_the_list_is_soonest_due_first_by_pseudonym_only(personas: Personas) -> None:
    late_case, _ = owed_case(personas, last_name="Latecomer")
    soon_case, _ = owed_case(personas)
    tell = late_case.deadlines.get(kind="tell_complainant_enhanced")
    deadline_reschedule(deadline=tell, due_on=timezone.localdate() - timedelta(days=2))

    html = html_of(client_for(personas.officer).get(reverse(LIST)))

    assert html.index(late_case.urn) < html.index(soon_case.urn)
    assert "Overdue" in html
    assert "Tell C1 of the arrest" in html and "Regular update to C1" in html
    for name in ("Zephyrine", "Quillfeather", "Latecomer"):
        assert name not in html


def test_a_met_update_leaves_the_list(personas: Personas) -> None:
    _, complainant = owed_case(personas)
    contact_log(
        actor=personas.officer,
        complainant=complainant,
        contacted_at=timezone.now() - timedelta(minutes=10),
        channel="phone",
        direction="out",
        summary="Told C1 of the arrest.",
    )

    html = html_of(client_for(personas.officer).get(reverse(LIST)))

    assert "Tell C1 of the arrest" not in html
    assert "Regular update to C1" in html  # the next one, from the call


def test_the_list_is_paginated(personas: Personas) -> None:
    case = case_create(personas.officer, reported_on=timezone.localdate() - timedelta(days=30))
    for n in range(13):
        complainant_add(actor=personas.officer, case=case, first_names="A", last_name=f"N{n}")
    complainants_tell(case=case, actor=personas.officer, event=KeyEvent.ARREST)  # 26 owed

    client = client_for(personas.officer)
    first = html_of(client.get(reverse(LIST)))
    second = html_of(client.get(reverse(LIST) + "?page=2"))

    assert "Showing <b>1</b> to <b>25</b> of <b>26</b> updates" in first
    assert "Showing <b>26</b> to <b>26</b> of <b>26</b> updates" in second


def test_the_count_is_one_query(personas: Personas, django_assert_num_queries: Any) -> None:
    owed_case(personas)
    officer = personas.officer
    # The dashboard has read the memberships already.
    (membership,) = memberships_of(officer)
    count, _ = victims_work(officer, membership)["Complainant updates owed"]
    # One COUNT over the open updates the officer owes on cases they may see.
    with django_assert_num_queries(1):
        assert count() == 2


def test_only_the_updates_the_user_owes_are_listed(personas: Personas) -> None:
    owed_case(personas)
    assert updates_owed(personas.colleague).count() == 0
    assert updates_owed(personas.supervisor).count() == 0


@pytest.mark.parametrize(
    "persona", ["prosecutor", "cps_spoc", "panel_member", "manager", "administrator"]
)
def test_the_list_is_404_for_those_who_owe_no_updates(personas: Personas, persona: str) -> None:
    assert client_for(getattr(personas, persona)).get(reverse(LIST)).status_code == 404


def test_the_list_costs_the_same_for_one_or_many(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    owed_case(personas)
    client = client_for(personas.officer)
    # session, user, memberships, the COUNT, the page, the unread notifications.
    with django_assert_max_num_queries(6) as one:
        client.get(reverse(LIST))
    for _ in range(5):
        owed_case(personas)
    with django_assert_max_num_queries(6) as many:
        client.get(reverse(LIST))
    assert len(many) == len(one)
