"""File-quality queries over the API: the same services, the same refusals
(400 with a detail), the same 404 for outsiders."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import DjangoAssertNumQueries

from cases.models import DocumentKind
from charging.queries.models import FileQualityQuery, QueryStatus
from rasso.accounts.models import Role, User
from tests.cases.factories import case_create
from tests.cases.test_api import Api
from tests.charging.factories import case_with_prosecutor, raise_query
from tests.conftest import Personas, _member, org

pytestmark = pytest.mark.django_db

QUERIES_URL = "/api/v1/file-quality-queries/"


def test_a_query_raised_passed_on_and_resolved_with_a_document(personas: Personas) -> None:
    spoc = Api(_member(Role.POLICE_SPOC, org("Kent")))
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    prosecutor = Api(personas.prosecutor)
    assert spoc.post(
        QUERIES_URL, {"case": case.pk, "category": "other", "description": "x"}
    ).json() == {"detail": "Only the prosecutor allocated the case can raise a file-quality query"}
    response = prosecutor.post(
        QUERIES_URL,
        {
            "case": case.pk,
            "category": "incomplete_schedule",
            "description": "MG6C stops at item 40",
        },
    )
    assert response.status_code == 201, response.json()
    url = f"{QUERIES_URL}{response.json()['id']}/"
    assert response.json()["owed_by"] is None

    response = spoc.post(f"{url}pass-to-oic/")
    assert response.status_code == 200
    assert response.json()["status"] == "with_oic"
    assert response.json()["owed_by"]["id"] == personas.officer.pk

    officer = Api(personas.officer)
    other_case = case_create(personas.officer)
    from tests.cases.factories import upload

    stranger = upload(other_case, personas.officer, DocumentKind.MG6C)
    refused = officer.post(f"{url}resolve/", {"answer": "Here", "document": stranger.pk})
    assert refused.status_code == 400
    mg6c = case.documents.get(kind=DocumentKind.MG6C)
    response = officer.post(f"{url}resolve/", {"answer": "Full schedule", "document": mg6c.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "resolved"
    assert response.json()["document"] == mg6c.pk
    assert prosecutor.post(f"{url}withdraw/").status_code == 403


def test_outsiders_get_404_from_every_endpoint(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    query = raise_query(personas.prosecutor, case)
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
        assert api.get(QUERIES_URL).json()["count"] == 0
        assert api.get(f"{QUERIES_URL}{query.pk}/").status_code == 404
        for action in ("resolve", "pass-to-oic", "withdraw"):
            assert (
                api.post(f"{QUERIES_URL}{query.pk}/{action}/", {"answer": "x"}).status_code == 404
            )
        raised = api.post(QUERIES_URL, {"case": case.pk, "category": "other", "description": "x"})
        assert raised.status_code == 404
    assert FileQualityQuery.objects.get().status == QueryStatus.OPEN


def test_the_list_costs_the_same_for_50_as_for_5(
    personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    officer = Api(personas.officer)

    def add(n: int) -> None:
        for _ in range(n):
            raise_query(personas.prosecutor, case)

    def cost() -> int:
        # the token and its user, memberships, COUNT(*), the page with its
        # related rows joined (case, people, deadline); and at most once a
        # minute the token's last-used time, left out of the comparison.
        with django_assert_max_num_queries(6) as captured:
            assert officer.get(QUERIES_URL).status_code == 200
        return len([q for q in captured.captured_queries if not q["sql"].startswith("UPDATE")])

    add(5)
    before = cost()
    add(45)
    assert cost() == before
