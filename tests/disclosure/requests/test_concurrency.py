"""Two clicks at the same moment, each in its own thread and database
connection: the row lock puts them in order, the second finds the request
already moved and is refused, and nothing is applied twice. These tests
commit, so they reload the reference data the flush after each removes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from cases.models import Deadline
from disclosure.requests import services
from disclosure.requests.models import RequestStatus, VictimInformationRequest
from disclosure.requests.services import REPLY_DEADLINE_KIND
from rasso.core.errors import Forbidden
from tests.cases.factories import complete_case
from tests.cases.test_concurrency import at_the_same_time, fresh
from tests.conftest import Personas, load_reference_data
from tests.disclosure.requests.factories import GP, agreed, noticed, with_prosecutor
from victims.models import Channel, Contact

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference(transactional_db: Any) -> None:
    load_reference_data()
    import_module("cases.migrations.0002_reference_data").load_offences(django_apps, None)


def twice(action: Callable[[], object]) -> list[object]:
    outcomes = at_the_same_time(action, action)
    assert sum(isinstance(o, VictimInformationRequest) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Forbidden) for o in outcomes) == 1, outcomes
    return outcomes


def test_a_double_send_opens_one_reply_deadline(personas: Personas) -> None:
    case = with_prosecutor(personas, complete_case(personas.officer))
    request = noticed(personas.officer, agreed(personas, case))
    today = timezone.localdate()

    twice(
        lambda: services.request_send(
            actor=fresh(personas.officer),
            request=request,
            sent_on=today,
            reply_by=today + timedelta(days=14),
        )
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.SENT
    assert Deadline.objects.filter(kind=REPLY_DEADLINE_KIND).count() == 1


def test_a_double_notice_logs_one_contact(personas: Personas) -> None:
    case = complete_case(personas.officer)
    request = services.request_create(
        actor=personas.officer,
        case=case,
        complainant=case.complainants.get(),
        details=GP,
    )

    twice(
        lambda: services.request_notice_give(
            actor=fresh(personas.officer),
            request=request,
            given_at=timezone.now(),
            channel=Channel.EMAIL,
            summary="What we are asking your GP for, and why",
        )
    )

    assert Contact.objects.filter(complainant=request.complainant).count() == 1
