"""Lists that show what is due: the case's next due date kept by the database
from its open deadlines, and the case list's columns (offence, the suspect's
surname for police, custody or DG6, the next deadline) sorted by next due."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from cases import services
from cases.models import CaseFile, Deadline, Offence, SuspectState
from tests.cases.factories import case_create
from tests.charging.factories import case_with_prosecutor
from tests.conftest import Personas
from tests.support import client_for, html_of

pytestmark = pytest.mark.django_db


def open_deadline(case: CaseFile, due_on: date, what: str = "Review the bail") -> Deadline:
    return services.deadline_open(
        case=case, kind="bail_review", description=what, due_on=due_on, owner=case.oic
    )


def next_due(case: CaseFile) -> date | None:
    return CaseFile.objects.values_list("next_due_on", flat=True).get(pk=case.pk)


class TestNextDueKeptByTheDatabase:
    def test_it_follows_the_earliest_open_deadline(self, personas: Personas) -> None:
        case = case_create(personas.officer)
        assert next_due(case) is None
        later = open_deadline(case, date(2027, 3, 1))
        assert next_due(case) == date(2027, 3, 1)
        earlier = open_deadline(case, date(2027, 2, 1))
        assert next_due(case) == date(2027, 2, 1)
        services.deadline_meet(deadline=earlier)
        assert next_due(case) == date(2027, 3, 1)
        services.deadline_reschedule(deadline=later, due_on=date(2027, 4, 1))
        assert next_due(case) == date(2027, 4, 1)
        services.deadline_cancel(deadline=later, reason="No longer applies")
        assert next_due(case) is None

    def test_bulk_writes_outside_the_services_keep_it_too(self, personas: Personas) -> None:
        one, two = case_create(personas.officer), case_create(personas.officer)
        Deadline.objects.bulk_create(
            [
                Deadline(
                    case=one, kind="x", description="x", due_on=date(2027, 1, 5), owner=one.oic
                ),
                Deadline(
                    case=two, kind="x", description="x", due_on=date(2027, 1, 7), owner=two.oic
                ),
                Deadline(
                    case=two, kind="x", description="x", due_on=date(2027, 1, 6), owner=two.oic
                ),
            ]
        )
        assert (next_due(one), next_due(two)) == (date(2027, 1, 5), date(2027, 1, 6))
        Deadline.objects.filter(case=two, due_on=date(2027, 1, 6)).update(status="met")
        assert next_due(two) == date(2027, 1, 7)
        Deadline.objects.filter(case=two).delete()
        assert next_due(two) is None

    def test_a_stale_instance_saved_whole_does_not_overwrite_it(self, personas: Personas) -> None:
        case = case_create(personas.officer)
        stale = CaseFile.objects.get(pk=case.pk)
        open_deadline(case, date(2027, 2, 1))
        stale.save()  # every column, next_due_on (None in memory) included
        assert next_due(case) == date(2027, 2, 1)

    def test_nobody_sets_it_by_hand(self, personas: Personas) -> None:
        case = case_create(personas.officer)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE cases_casefile SET next_due_on = %s WHERE id = %s",
                [date(2030, 1, 1), case.pk],
            )
        assert next_due(case) is None


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', html, re.S)[1:]


class TestTheCaseList:
    def test_it_shows_what_a_case_worker_decides_by(self, personas: Personas) -> None:
        today = timezone.localdate()
        case = case_create(personas.officer)
        services.offence_add(
            actor=personas.officer,
            case=case,
            offence=Offence.objects.get(section="1", act__contains="2003"),
            committed_from=date(2026, 1, 1),
        )
        services.suspect_add(
            actor=personas.officer, case=case, first_names="John", last_name="Quaritch"
        )
        services.suspect_add(
            actor=personas.officer,
            case=case,
            first_names="Jim",
            last_name="Other",
            state=SuspectState.CUSTODY,
            state_since=today,
        )
        open_deadline(case, today - timedelta(days=2), "Review the bail of S1")
        open_deadline(case, today + timedelta(days=9), "Later")

        (row,) = rows(html_of(client_for(personas.officer).get("/cases/")))

        assert "Rape" in row
        assert "QUARITCH" in row and "and 1 more" in row
        assert "In custody" in row
        assert "Review the bail of S1" in row and "Later" not in row
        assert "Overdue" in row

    def test_dg6_when_nobody_is_in_custody_and_nothing_open(self, personas: Personas) -> None:
        case_create(personas.officer, dg6_category="green_priority")
        (row,) = rows(html_of(client_for(personas.officer).get("/cases/")))
        assert "DG6 green priority" in row and "In custody" not in row
        assert "Nothing open" in row and "Overdue" not in row

    def test_prosecutors_never_see_the_suspects_surname(self, personas: Personas) -> None:
        case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
        surname = case.suspects.get().last_name.upper()
        assert surname in html_of(client_for(personas.officer).get("/cases/"))
        for who in (personas.prosecutor, personas.cps_spoc):
            page = html_of(client_for(who).get("/cases/"))
            assert case.urn in page
            assert surname not in page and ">Suspect<" not in page

    def test_sorted_by_next_due_across_every_branch_nothing_open_last(
        self, personas: Personas
    ) -> None:
        today = timezone.localdate()
        mine = case_create(personas.officer)
        colleagues = case_create(personas.colleague)
        nothing = case_create(personas.colleague)
        open_deadline(mine, today + timedelta(days=5))
        open_deadline(colleagues, today + timedelta(days=1))
        page = html_of(client_for(personas.supervisor).get("/cases/?sort=due"))
        found = re.findall(r'href="/cases/\d+/">(\w+)</a>', page)
        assert found == [colleagues.urn, mine.urn, nothing.urn]
        assert 'aria-sort="ascending"' in page


def test_the_list_with_what_is_due_costs_the_same_for_30_cases_as_for_3(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    from tests.support import queries_for

    def make(count: int) -> None:
        for _ in range(count):
            case = case_create(personas.officer)
            services.suspect_add(
                actor=personas.officer, case=case, first_names="A", last_name="Suspect"
            )
            open_deadline(case, timezone.localdate())

    client = client_for(personas.supervisor)
    make(3)
    few = queries_for(client, "/cases/?sort=due", django_assert_max_num_queries, 9)
    make(27)
    assert queries_for(client, "/cases/?sort=due", django_assert_max_num_queries, 9) == few


def test_the_allocation_queue_shows_what_an_allocator_decides_by(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    from tests.cases.factories import submitted_case
    from tests.support import queries_for

    case = submitted_case(personas.officer)
    suspect = case.suspects.get()
    CaseFile.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - timedelta(days=6))
    suspect.state, suspect.review_on = SuspectState.BAIL, date(2027, 1, 15)
    suspect.save()
    spoc = client_for(personas.cps_spoc)

    (row,) = rows(html_of(spoc.get("/cases/queue/")))

    assert "On bail to 15 Jan 2027" in row
    assert re.search(r'data-testid="days-waiting">6<', row)
    due = case.deadlines.get(kind="charging_decision").due_on
    assert f"{due:%-d %b %Y}" in row
    assert suspect.last_name.upper() not in row  # police only
    few = queries_for(spoc, "/cases/queue/", django_assert_max_num_queries, 7)
    for _ in range(5):
        submitted_case(personas.officer)
    assert queries_for(spoc, "/cases/queue/", django_assert_max_num_queries, 7) == few
