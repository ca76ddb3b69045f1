"""Who sees a device extraction: as restricted as the complainant's identity.
The officers of the case and the prosecutor on it; nobody else, and a fetch
answers 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from cases.models import CaseFile
from cases.services import case_share
from disclosure.devices.models import DeviceExtraction
from disclosure.devices.selectors import extraction_get, extractions_list, extractions_visible_to
from rasso.accounts.models import Role, User
from tests.cases.factories import complete_case
from tests.conftest import Personas, _member, org
from tests.disclosure.devices.factories import drafted, extracted
from tests.disclosure.requests.factories import with_prosecutor

pytestmark = pytest.mark.django_db


def seen(user: Any) -> set[int]:
    return set(extractions_visible_to(user).values_list("pk", flat=True))


def test_the_officers_and_the_prosecutor_on_the_case_see_its_extractions(
    personas: Personas, case: CaseFile
) -> None:
    phone = drafted(personas.officer, case)
    witness = extracted(personas.officer, case, complainant=None, witness="W1")
    case_share(actor=personas.officer, case=case, colleague=personas.colleague)

    for user in (personas.officer, personas.colleague, personas.prosecutor):
        assert seen(user) == {phone.pk, witness.pk}
        assert extraction_get(user, phone.pk, case_pk=case.pk) == phone


@pytest.mark.parametrize(
    "who",
    [
        "colleague",  # of the force, not granted the case
        "supervisor",  # reads pseudonyms only: not entitled to the identity
        "other_force_officer",
        "other_area_prosecutor",
        "cps_spoc",
        "panel_member",
        "manager",
        "administrator",
    ],
)
def test_outsiders_see_none_and_a_fetch_is_404(
    personas: Personas, case: CaseFile, who: str
) -> None:
    extraction = extracted(personas.officer, case)
    user: User = getattr(personas, who)
    assert seen(user) == set()
    with pytest.raises(Http404):
        extraction_get(user, extraction.pk)


def test_a_spoc_a_visitor_and_a_leaver_see_none(personas: Personas, case: CaseFile) -> None:
    extraction = drafted(personas.officer, case)
    assert seen(_member(Role.POLICE_SPOC, org("Kent"))) == set()
    assert seen(AnonymousUser()) == set()
    personas.officer.is_active = False
    personas.officer.save(update_fields=["is_active"])
    assert seen(personas.officer) == set()
    with pytest.raises(Http404):
        extraction_get(personas.officer, extraction.pk)


def test_an_extraction_of_another_case_is_404_under_this_one(
    personas: Personas, case: CaseFile
) -> None:
    other = with_prosecutor(personas, complete_case(personas.officer))
    extraction = drafted(personas.officer, other)
    with pytest.raises(Http404):
        extraction_get(personas.officer, extraction.pk, case_pk=case.pk)


@pytest.mark.parametrize("who", ["officer", "prosecutor"])
def test_the_list_costs_the_same_whatever_the_number_of_extractions(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: Any, who: str
) -> None:
    for _ in range(3):
        drafted(personas.officer, case)
        drafted(personas.officer, with_prosecutor(personas, complete_case(personas.officer)))
    reader = User.objects.get(pk=getattr(personas, who).pk)  # no memberships cached
    # 1 memberships, 2 the cases holding extractions (with the grants'
    # subquery), 3 the grants of those cases where only a grant would entitle
    # (none for the OIC), 4 the extractions with their case, force, Area,
    # complainant and author.
    with django_assert_max_num_queries(4):
        listed = list(extractions_list(reader))
    assert len(listed) == 6
    assert {e.owner for e in listed} == {"C1"}
    assert all(isinstance(e, DeviceExtraction) for e in listed)
