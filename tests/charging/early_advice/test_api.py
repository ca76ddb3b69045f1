"""Early advice over the API: the same services, the same refusals (400 with
a detail), the same 404 for outsiders."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django.fixtures import DjangoAssertNumQueries

from cases.models import CaseFile, DeadlineStatus
from charging.early_advice.models import EarlyAdviceRequest, EarlyAdviceStatus
from rasso.accounts.models import Role, User
from tests.cases.factories import case_create
from tests.cases.test_api import Api
from tests.charging.factories import ADVICE, allocated, ask, case_with_prosecutor
from tests.conftest import Personas, _member, org

pytestmark = pytest.mark.django_db


ADVICE_URL = "/api/v1/early-advice/"


def test_early_advice_from_request_to_acknowledgement(personas: Personas) -> None:
    case = case_create(personas.officer)
    officer = Api(personas.officer)

    refused = officer.post(ADVICE_URL, {"case": case.pk})
    assert refused.status_code == 400
    assert refused.json() == {"detail": "Ask at least one question"}
    response = officer.post(ADVICE_URL, {"case": case.pk, "likely_charges": "s.1 or s.2?"})
    assert response.status_code == 201, response.json()
    item = response.json()
    assert item["status"] == "requested"
    assert item["advice"] is None
    url = f"{ADVICE_URL}{item['id']}/"

    spoc = Api(personas.cps_spoc)
    assert spoc.post(f"{url}advise/", ADVICE).status_code == 403
    response = spoc.post(f"{url}allocate/", {"prosecutor": personas.prosecutor.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["prosecutor"]["id"] == personas.prosecutor.pk
    assert response.json()["due_on"] is not None

    prosecutor = Api(personas.prosecutor)
    missing = prosecutor.post(f"{url}advise/", {**ADVICE, "disclosure_decisions": ""})
    assert missing.status_code == 400
    assert "disclosure_decisions" in missing.json()
    response = prosecutor.post(f"{url}advise/", ADVICE)
    assert response.status_code == 200, response.json()
    assert response.json()["advice"]["investigation_strategy"] == ADVICE["investigation_strategy"]
    again = prosecutor.post(f"{url}advise/", ADVICE)
    assert again.status_code == 403
    assert "cannot be answered" in again.json()["detail"]

    assert prosecutor.post(f"{url}acknowledge/").status_code == 403
    response = officer.post(f"{url}acknowledge/")
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"


def test_withdrawing_over_the_api_cancels_the_deadline(personas: Personas) -> None:
    request = allocated(
        personas.cps_spoc, personas.prosecutor, ask(personas.officer, case_create(personas.officer))
    )
    url = f"{ADVICE_URL}{request.pk}/withdraw/"
    assert Api(personas.cps_spoc).post(url).status_code == 403
    response = Api(personas.officer).post(url)
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == EarlyAdviceStatus.WITHDRAWN
    assert request.deadline is not None
    assert request.deadline.status == DeadlineStatus.CANCELLED


def test_outsiders_get_404_from_every_endpoint(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    request = allocated(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    people: list[User] = [
        personas.other_force_officer,
        personas.other_area_prosecutor,
        _member(Role.CPS_SPOC, org("North East")),
        personas.panel_member,
        personas.manager,
        personas.administrator,
    ]
    for user in people:
        api = Api(user)
        assert api.get(ADVICE_URL).json()["count"] == 0
        assert api.get(f"{ADVICE_URL}{request.pk}/").status_code == 404
        for action in ("allocate", "advise", "acknowledge", "withdraw"):
            assert api.post(f"{ADVICE_URL}{request.pk}/{action}/", ADVICE).status_code == 404
        asked = api.post(ADVICE_URL, {"case": case.pk, "likely_charges": "x"})
        assert asked.status_code == 404
    assert EarlyAdviceRequest.objects.count() == 1


def test_the_list_costs_the_same_for_50_as_for_5(
    personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    officer = Api(personas.officer)

    def add(n: int) -> None:
        for _ in range(n):
            allocated(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))

    def cost() -> int:
        # the token and its user, memberships, COUNT(*), the page with its
        # related rows joined (case, people, deadline, advice); and at most
        # once a minute the token's last-used time, left out of the comparison.
        with django_assert_max_num_queries(6) as captured:
            assert officer.get(ADVICE_URL).status_code == 200
        return len([q for q in captured.captured_queries if not q["sql"].startswith("UPDATE")])

    add(5)
    before = cost()
    add(45)
    assert cost() == before


def test_filters_by_case_and_status(personas: Personas) -> None:
    first: CaseFile = case_create(personas.officer)
    second = case_create(personas.officer)
    ask(personas.officer, first)
    allocated(personas.cps_spoc, personas.prosecutor, ask(personas.officer, second))
    officer = Api(personas.officer)
    by_case: Any = officer.get(ADVICE_URL, case=first.pk).json()
    assert [item["case"] for item in by_case["results"]] == [first.pk]
    by_status: Any = officer.get(ADVICE_URL, status="allocated").json()
    assert [item["case"] for item in by_status["results"]] == [second.pk]
    assert officer.get(ADVICE_URL, status="nonsense").status_code == 400
