"""Retention over the API: the same services as the pages, a 404 for anyone
but the force's supervisors, refusals as 400 with the rule's reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CaseFile
from tests.cases.retention.factories import due, police_nfa_case
from tests.conftest import Personas
from tests.support import client_for

pytestmark = pytest.mark.django_db


def _url(case: CaseFile, what: str = "") -> str:
    return f"/api/v1/cases/{case.pk}/retention/{what}"


def test_outsiders_get_404(personas: Personas) -> None:
    case = due(police_nfa_case(personas))
    for outsider in (personas.officer, personas.other_force_officer, personas.cps_spoc):
        client = client_for(outsider)
        assert client.get(_url(case)).status_code == 404
        response = client.post(
            _url(case, "delete/"), {"confirm_urn": case.urn}, content_type="application/json"
        )
        assert response.status_code == 404
    assert CaseFile.objects.filter(pk=case.pk).exists()


def test_a_supervisor_reviews_holds_and_deletes_over_the_api(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    case = due(police_nfa_case(personas))
    state = client.get(_url(case)).json()
    assert state["category"] == "group_2"
    assert state["actions"] == {
        "retain": True,
        "delete": True,
        "place_hold": True,
        "lift_hold": False,
    }
    state = client.post(
        _url(case, "hold/"), {"reason": "Civil claim"}, content_type="application/json"
    ).json()
    assert state["legal_hold"]["reason"] == "Civil claim"
    assert state["actions"]["delete"] is False
    assert "under a legal hold" in state["delete_refusal"]
    refused = client.post(
        _url(case, "delete/"), {"confirm_urn": case.urn}, content_type="application/json"
    )
    # The rule's refusal: the supervisor sees the case but may not delete it.
    assert refused.status_code == 403
    assert "under a legal hold" in str(refused.json())
    lift = client.post(
        _url(case, "lift-hold/"), {"reason": "Over"}, content_type="application/json"
    )
    assert lift.status_code == 403
    assert "it can be lifted from" in str(lift.json())
    next_review = timezone.localdate() + timedelta(days=365)
    state = client.post(
        _url(case, "retain/"),
        {"review_on": next_review.isoformat(), "reason": "Held"},
        content_type="application/json",
    ).json()
    assert state["review_on"] == next_review.isoformat()


def test_a_supervisor_deletes_over_the_api(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    case = due(police_nfa_case(personas))
    response = client.post(
        _url(case, "delete/"), {"confirm_urn": case.urn}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"deleted": case.pk}
    assert not CaseFile.objects.filter(pk=case.pk).exists()
    assert client.get(_url(case)).status_code == 404
