"""Who sees a request: as restricted as the complainant's identity. The
officers of the case and the prosecutor on it; a supervisor of the force only
what is submitted for their decision; nobody else, and a fetch answers 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from cases.models import CaseFile
from cases.services import case_share
from disclosure.requests.models import VictimInformationRequest
from disclosure.requests.selectors import request_get, requests_list, requests_visible_to
from rasso.accounts.models import Role, User
from tests.cases.factories import complete_case
from tests.conftest import Personas, _member, org
from tests.disclosure.requests.factories import (
    COUNSELLING,
    CREDIBILITY,
    drafted,
    submitted,
    with_prosecutor,
)

pytestmark = pytest.mark.django_db


def seen(user: Any) -> set[int]:
    return set(requests_visible_to(user).values_list("pk", flat=True))


def test_the_officers_and_the_prosecutor_on_the_case_see_its_requests(
    personas: Personas, case: CaseFile
) -> None:
    gp = drafted(personas.officer, case)
    counselling = submitted(personas, case, COUNSELLING)
    case_share(actor=personas.officer, case=case, colleague=personas.colleague)

    for user in (personas.officer, personas.colleague, personas.prosecutor):
        assert seen(user) == {gp.pk, counselling.pk}
        assert request_get(user, gp.pk, case_pk=case.pk) == gp


@pytest.mark.parametrize(
    "who",
    [
        "colleague",  # of the force, not granted the case
        "other_force_officer",
        "other_area_prosecutor",
        "cps_spoc",  # sees the case once referred, never the complainant
        "panel_member",
        "manager",
        "administrator",
    ],
)
def test_outsiders_see_none_and_a_fetch_is_404(
    personas: Personas, case: CaseFile, who: str
) -> None:
    request = submitted(personas, case, COUNSELLING)
    user: User = getattr(personas, who)
    assert seen(user) == set()
    with pytest.raises(Http404):
        request_get(user, request.pk)


def test_a_visitor_and_a_leaver_see_none(personas: Personas, case: CaseFile) -> None:
    request = drafted(personas.officer, case)
    assert seen(AnonymousUser()) == set()
    personas.officer.is_active = False
    personas.officer.save(update_fields=["is_active"])
    assert seen(personas.officer) == set()
    with pytest.raises(Http404):
        request_get(personas.officer, request.pk)


def test_a_supervisor_sees_only_what_is_submitted_for_their_decision(
    personas: Personas, case: CaseFile
) -> None:
    ordinary = submitted(personas, case)
    counselling_draft = drafted(personas.officer, case, COUNSELLING)
    counselling = submitted(personas, case, COUNSELLING)
    flagged = submitted(personas, case, CREDIBILITY)

    assert seen(personas.supervisor) == {counselling.pk, flagged.pk}
    for hidden in (ordinary, counselling_draft):
        with pytest.raises(Http404):
            request_get(personas.supervisor, hidden.pk)
    # A SPOC is not the senior officer, and another force's supervisor is not theirs.
    assert seen(_member(Role.POLICE_SPOC, org("Kent"))) == set()
    assert seen(_member(Role.POLICE_SUPERVISOR, org("Durham"))) == set()


def test_a_request_of_another_case_is_404_under_this_one(
    personas: Personas, case: CaseFile
) -> None:
    other = with_prosecutor(personas, complete_case(personas.officer))
    request = drafted(personas.officer, other)
    with pytest.raises(Http404):
        request_get(personas.officer, request.pk, case_pk=case.pk)


def test_the_list_costs_the_same_whatever_the_number_of_requests(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        drafted(personas.officer, case)
        drafted(personas.officer, with_prosecutor(personas, complete_case(personas.officer)))
    officer = User.objects.get(pk=personas.officer.pk)  # no memberships cached
    # 1 memberships, 2 the cases holding requests (with the grants' subquery),
    # 3 the grants of those cases where only a grant would entitle (none for
    # the OIC: skipped), 4 the requests with their case, force, Area,
    # complainant and author.
    with django_assert_max_num_queries(4):
        listed = list(requests_list(officer))
    assert len(listed) == 6
    assert {r.complainant.pseudonym for r in listed} == {"C1"}
    assert all(isinstance(r, VictimInformationRequest) for r in listed)
