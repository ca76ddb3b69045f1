"""A refusal by a rule answers 403 with the rule's reason, in the API and the
browser alike; input a service finds wrong stays 400 (a form page again, in
the browser); anything the user may not see stays 404."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.exceptions import APIException

from rasso.accounts.services import api_token_issue
from rasso.core.api import api_exception
from rasso.core.errors import DomainError, Forbidden
from rasso.core.web import button_action, form_action
from tests.cases.factories import case_create
from tests.conftest import Personas
from tests.support import client_for

pytestmark = pytest.mark.django_db


def api_for(user: Any) -> Client:
    _, key = api_token_issue(actor=None, user=user)
    return Client(headers={"Authorization": f"Token {key}"})


def status_of(exc: Exception) -> int:
    answer = api_exception(exc)
    assert isinstance(answer, APIException)
    return int(answer.status_code)


def test_the_answer_to_each_kind_of_refusal() -> None:
    assert status_of(Forbidden("You cannot change this case")) == 403
    assert status_of(DomainError("Enter a date in the past")) == 400
    assert status_of(Forbidden("No", problems={"oic": "Not this one"})) == 403
    problems = api_exception(Forbidden("No", problems={"oic": "Not this one"}))
    assert isinstance(problems, APIException)
    assert problems.detail == {"detail": "No", "oic": ["Not this one"]}
    assert status_of(DjangoValidationError("Bad")) == 400


def test_the_api_answers_a_rule_refusal_403_with_the_reason(personas: Personas) -> None:
    case = case_create(personas.officer)
    url = f"/api/v1/cases/{case.pk}/"
    body = {"version": case.version, "dg6_category": "red"}
    # The supervisor sees the case but may not change it.
    refused = api_for(personas.supervisor).patch(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "You cannot change this case"}
    # An officer of another force does not see it at all.
    hidden = api_for(personas.other_force_officer).patch(url, body, content_type="application/json")
    assert hidden.status_code == 404
    # The officer may change it; a detail that does not exist is bad input.
    bad = api_for(personas.officer).patch(
        url, {"version": case.version, "no_such_detail": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400
    case.refresh_from_db()
    assert case.dg6_category != "red"


def test_the_schema_documents_403_on_every_action() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    actions = [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in {"post", "put", "patch", "delete"}
    ]
    assert len(actions) > 20
    for path, method, operation in actions:
        assert "403" in operation["responses"], (method, path)
    assert "403" not in schema["paths"]["/api/v1/cases/"]["get"]["responses"]


# -- in the browser ---------------------------------------------------------


def a_request(user: Any) -> Any:
    request = RequestFactory().post("/somewhere/", {"field": "x"})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


class OneField(forms.Form):
    field = forms.CharField()


def test_a_form_refused_by_a_rule_answers_403_with_the_reason(personas: Personas) -> None:
    def refuse(data: dict[str, Any]) -> None:
        raise Forbidden("Only the officer in the case can do this")

    request = a_request(personas.officer)
    response = form_action(
        request, OneField(request.POST), refuse, back_url="/", done="", title="T", submit="Go"
    )
    assert response.status_code == 403
    assert "Only the officer in the case can do this" in response.content.decode()


def test_a_form_with_bad_input_is_shown_again_with_200(personas: Personas) -> None:
    def reject(data: dict[str, Any]) -> None:
        raise DomainError("The date cannot be in the future")

    request = a_request(personas.officer)
    response = form_action(
        request, OneField(request.POST), reject, back_url="/", done="", title="T", submit="Go"
    )
    assert response.status_code == 200
    assert "The date cannot be in the future" in response.content.decode()


def test_a_button_refused_by_a_rule_is_the_refusal_page_with_403(personas: Personas) -> None:
    def refuse() -> None:
        raise Forbidden("Only a CPS SPOC of the Area can do this")

    response = button_action(a_request(personas.officer), refuse, back_url="/cases/1/", done="")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only a CPS SPOC of the Area can do this" in html
    assert 'href="/cases/1/"' in html


def test_a_button_refused_on_a_case_page_answers_403(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    url = reverse("cases:start-investigation", args=[case.pk])
    assert client.post(url).status_code == 302
    # The case is already under investigation: the life of a case refuses.
    again = client.post(url)
    assert again.status_code == 403
    assert "cannot become" in again.content.decode()
