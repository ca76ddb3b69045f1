"""Two officers adding items at the same moment, to the MG6C and the MG6D of
one case, each in its own thread and database connection: the case's row
lock puts them in order, so each item gets its own number and the sequence
has no gap and no repeat. These tests commit, so they reload the reference
data the flush after each removes."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps

from cases.services import case_share
from disclosure.schedules import services
from disclosure.schedules.models import ScheduleItem, ScheduleKind
from tests.cases.factories import complete_case
from tests.cases.test_concurrency import at_the_same_time, fresh
from tests.conftest import Personas, load_reference_data
from tests.disclosure.schedules.factories import INFORMANT, MESSAGES, started

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference(transactional_db: Any) -> None:
    load_reference_data()
    import_module("cases.migrations.0002_reference_data").load_offences(django_apps, None)


def test_items_added_at_once_take_consecutive_numbers(personas: Personas) -> None:
    case = complete_case(personas.officer)
    case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    mg6c = started(personas.officer, case)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)

    outcomes = at_the_same_time(
        *(
            lambda: services.schedule_item_add(
                actor=fresh(personas.officer), schedule=mg6c, details=MESSAGES
            )
            for _ in range(2)
        ),
        *(
            lambda: services.schedule_item_add(
                actor=fresh(personas.colleague), schedule=mg6d, details=INFORMANT
            )
            for _ in range(2)
        ),
    )

    assert all(isinstance(o, ScheduleItem) for o in outcomes), outcomes
    numbers = sorted(ScheduleItem.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]
