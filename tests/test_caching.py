"""No shared or browser cache keeps a page that carries identity or case content.

Every response to a signed-in user, every API response and every download
says ``Cache-Control: no-store``: a proxy, or the browser's back button on a
shared office computer, must not hand a case or a complainant's name to the
next person. Static files and the public pages may be cached.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import DocumentKind
from tests.cases.factories import case_create, upload
from tests.cases.test_api import Api
from tests.conftest import Personas
from tests.support import client_for
from victims.services import complainant_add

pytestmark = pytest.mark.django_db


def no_store(response: Any) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


def test_case_and_complainant_pages_are_never_stored(personas: Personas) -> None:
    case = case_create(personas.officer)
    complainant = complainant_add(
        actor=personas.officer, case=case, first_names="Jane", last_name="Complainant"
    )
    client = client_for(personas.officer)
    for url in (
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:list"),
        reverse("victims:complainant", args=[case.pk, complainant.pk]),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), (url, response.get("Cache-Control"))


def test_a_hidden_case_answers_404_without_being_stored(personas: Personas) -> None:
    case = case_create(personas.officer)
    response = client_for(personas.other_force_officer).get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404
    assert no_store(response)


def test_a_document_download_is_never_stored(personas: Personas) -> None:
    case = case_create(personas.officer)
    document = upload(case, personas.officer, DocumentKind.MG3)
    response = client_for(personas.officer).get(
        reverse("cases:document-download", args=[case.pk, document.pk])
    )
    assert response.status_code == 200
    assert no_store(response)


def test_api_responses_are_never_stored(personas: Personas) -> None:
    case = case_create(personas.officer)
    api = Api(personas.officer)
    for url in ("/api/v1/cases/", f"/api/v1/cases/{case.pk}/", "/api/v1/organisations/"):
        response = api.get(url)
        assert response.status_code == 200, url
        assert no_store(response), (url, response.get("Cache-Control"))
    # A refusal to an anonymous client too: it is still the API's answer.
    assert no_store(Client().get("/api/v1/cases/"))


def test_the_public_pages_may_be_cached(client: Client) -> None:
    # The published progress reports are for anyone (sign-in is Django's
    # never-cached page of its own).
    response = client.get(reverse("progress:list"))
    assert response.status_code == 200
    assert not no_store(response)
