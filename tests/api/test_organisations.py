"""/api/v1/: authentication, the schema, and the organisations reference list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import DjangoAssertNumQueries

from rasso.accounts.services import api_token_issue
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations/"


@pytest.fixture
def token(personas: Personas) -> str:
    _, key = api_token_issue(actor=None, user=personas.officer)
    return key


def get(client: Client, url: str, key: str | None = None, **params: Any) -> Any:
    headers = {"Authorization": f"Token {key}"} if key else {}
    return client.get(url, params, headers=headers)


def test_api_requires_authentication(client: Client) -> None:
    for url in (URL, "/api/v1/"):
        response = get(client, url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_or_revoked_token_is_refused(client: Client, token: str) -> None:
    assert get(client, URL, "not-a-real-key").status_code == 401
    from rasso.accounts.models import ApiToken

    ApiToken.objects.all().delete()
    assert get(client, URL, token).status_code == 401


def test_an_inactive_user_s_token_is_refused(
    client: Client, token: str, personas: Personas
) -> None:
    personas.officer.is_active = False
    personas.officer.save(update_fields=["is_active"])
    assert get(client, URL, token).status_code == 401


def test_tokens_are_stored_only_as_digests(token: str) -> None:
    from rasso.accounts.models import ApiToken

    stored = ApiToken.objects.get()
    assert token not in stored.digest
    assert len(stored.digest) == 64


def test_token_lists_organisations_with_each_force_s_area(client: Client, token: str) -> None:
    response = get(client, URL, token, kind="police_force", page_size=100)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 44
    kent = next(o for o in body["results"] if o["name"] == "Kent")
    assert kent["code"] == "46"
    assert [a["name"] for a in kent["cps_areas"]] == ["South East"]
    met = next(o for o in body["results"] if o["code"] == "01")
    assert sorted(a["name"] for a in met["cps_areas"]) == ["London North", "London South"]


def test_filter_by_kind(client: Client, token: str) -> None:
    areas = get(client, URL, token, kind="cps_area").json()
    assert areas["count"] == 14
    assert {o["kind"] for o in areas["results"]} == {"cps_area"}


def test_an_unknown_kind_is_a_clear_400(client: Client, token: str) -> None:
    response = get(client, URL, token, kind="bakery")
    assert response.status_code == 400
    assert "kind" in response.json()


def test_session_authentication_works_too(client: Client, personas: Personas) -> None:
    client.force_login(personas.prosecutor)
    assert client.get(URL).status_code == 200


def test_list_query_count_does_not_grow_with_rows(
    client: Client, token: str, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    # 1 token lookup (+1 last-used update), 1 count, 1 page, 1 prefetch of Areas.
    with django_assert_max_num_queries(6):
        response = get(client, URL, token)
    assert response.json()["count"] > 50


def test_schema_and_docs_are_served(client: Client, personas: Personas) -> None:
    client.force_login(personas.officer)
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/organisations/" in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # Swagger UI comes from the installed sidecar package, never a CDN.
    assert "cdn" not in docs.content.decode().lower()
