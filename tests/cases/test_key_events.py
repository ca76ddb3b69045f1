"""Key events in the case: the first recording of an arrest or an interview is
news for the complainant; correcting its date later is not."""

from __future__ import annotations

from datetime import date

import pytest

from cases import services
from cases.models import Deadline
from tests.cases.factories import case_create
from tests.conftest import Personas
from victims.deadlines import TELL_KINDS
from victims.services import complainant_add

pytestmark = pytest.mark.django_db


def told(case_id: int) -> list[str]:
    return list(
        Deadline.objects.filter(case_id=case_id, kind__in=TELL_KINDS)
        .order_by("id")
        .values_list("description", flat=True)
    )


def test_an_arrest_is_told_once_however_often_its_date_is_corrected(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)
    complainant_add(actor=personas.officer, case=case, first_names="A", last_name="B")
    case.refresh_from_db()
    case = services.case_update(
        actor=personas.officer, case=case, version=case.version, arrested_on=date(2026, 3, 2)
    )
    assert told(case.pk) == ["Tell C1 of the arrest"]

    case = services.case_update(
        actor=personas.officer, case=case, version=case.version, arrested_on=date(2026, 3, 3)
    )
    assert told(case.pk) == ["Tell C1 of the arrest"]

    case = services.case_update(
        actor=personas.officer, case=case, version=case.version, interviewed_on=date(2026, 3, 4)
    )
    assert told(case.pk) == ["Tell C1 of the arrest", "Tell C1 of the interview"]
