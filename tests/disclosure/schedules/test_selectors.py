"""The one read path of schedules: the case's entitled police and its
prosecutor, nobody else, whatever else of the case they may see."""

from __future__ import annotations

import pytest
from django.http import Http404

from cases.models import CaseFile
from cases.services import case_share
from disclosure.schedules import selectors
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.schedules.factories import served

pytestmark = pytest.mark.django_db


def test_the_entitled_see_the_schedules(personas: Personas, case: CaseFile) -> None:
    schedule = served(personas.officer, case)
    case_share(actor=personas.officer, case=case, colleague=personas.colleague)

    for user in (personas.officer, personas.colleague, personas.prosecutor):
        assert list(selectors.schedules_visible_to(user)) == [schedule], user
        assert selectors.unused_material_case(user, case.pk) == case


def test_nobody_else_does(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    for user in (*outsiders(personas).values(), personas.supervisor, personas.cps_spoc):
        assert not selectors.schedules_visible_to(user).exists(), user
        with pytest.raises(Http404):
            selectors.unused_material_case(user, case.pk)


def test_a_leaver_sees_none(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    personas.officer.is_active = False
    personas.officer.save(update_fields=["is_active"])
    assert not selectors.schedules_visible_to(personas.officer).exists()
