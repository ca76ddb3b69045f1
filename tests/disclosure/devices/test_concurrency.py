"""Two clicks at the same moment, each in its own thread and database
connection: the row lock puts them in order, the second finds the extraction
already moved and is refused, and nothing is applied twice. These tests
commit, so they reload the reference data the flush after each removes."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from disclosure.devices import services
from disclosure.devices.models import DeletionMark, DeviceExtraction, ExtractionStatus
from rasso.audit.models import AuditEvent
from rasso.core.errors import Forbidden
from tests.cases.factories import complete_case
from tests.cases.test_concurrency import at_the_same_time, fresh
from tests.conftest import Personas, load_reference_data
from tests.disclosure.devices.factories import extracted

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference(transactional_db: Any) -> None:
    load_reference_data()
    import_module("cases.migrations.0002_reference_data").load_offences(django_apps, None)


def test_a_double_withdrawal_is_recorded_once(personas: Personas) -> None:
    case = complete_case(personas.officer)
    extraction = extracted(personas.officer, case)

    outcomes = at_the_same_time(
        lambda: services.extraction_withdraw(
            actor=fresh(personas.officer),
            extraction=extraction,
            withdrawn_on=timezone.localdate(),
            details="By phone",
        ),
        lambda: services.extraction_withdraw(
            actor=fresh(personas.officer),
            extraction=extraction,
            withdrawn_on=timezone.localdate(),
            details="By phone",
        ),
    )

    assert sum(isinstance(o, DeviceExtraction) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Forbidden) for o in outcomes) == 1, outcomes
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.WITHDRAWN
    assert extraction.marked_for_deletion == DeletionMark.ALL_EXTRACTED
    assert (
        AuditEvent.objects.filter(
            action="disclosure.device_extraction_withdrawn", object_id=str(extraction.pk)
        ).count()
        == 1
    )
