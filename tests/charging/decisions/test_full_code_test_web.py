"""The Full Code Test after a Threshold Test charge in the browser and the
API: the link on the decision shown only to the allocated prosecutor while
the test is owed, the form, the explicit API action, and 404 for outsiders."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cases.models import CaseFile, CaseStatus
from charging.decisions.models import CpsDecision
from tests.cases.test_api import Api
from tests.charging.decisions.test_full_code_test import BOTH_MET, charged_on_threshold
from tests.charging.decisions.test_services import allocated_case, decide
from tests.charging.decisions.test_web import DECISIONS_URL, tab
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.support import client_for, html_of, refusal_of

pytestmark = pytest.mark.django_db

LINK = "Apply the Full Code Test"


def form_url(case: CaseFile, decision: CpsDecision) -> str:
    return reverse("charging:decision-full-test", args=[case.pk, decision.pk])


def api_url(decision: CpsDecision) -> str:
    return f"{DECISIONS_URL}{decision.pk}/full-code-test/"


def posted(case: CaseFile, **overrides: str) -> dict[str, Any]:
    case.refresh_from_db()
    return {
        "version": case.version,
        "evidential_met": "yes",
        "evidential_reasons": "The forensic report supports the account",
        "public_interest_met": "yes",
        "public_interest_reasons": "Serious offence",
        **overrides,
    }


def test_the_prosecutor_applies_the_full_test_through_the_page(personas: Personas) -> None:
    case, first = charged_on_threshold(personas)
    officer = client_for(personas.officer)
    assert LINK not in html_of(officer.get(tab(case)))
    assert officer.get(form_url(case, first)).status_code == 403
    prosecutor = client_for(personas.prosecutor)
    assert LINK in html_of(prosecutor.get(tab(case)))
    assert "The charges were decided on the Threshold Test" in html_of(
        prosecutor.get(form_url(case, first))
    )

    missing = prosecutor.post(form_url(case, first), posted(case, evidential_reasons=""))
    assert "Say whether the evidential stage is met" in html_of(missing)
    assert prosecutor.post(form_url(case, first), posted(case)).status_code == 302

    case.refresh_from_db()
    assert case.status == CaseStatus.CHARGED
    applied = CpsDecision.objects.get(applies_full_test_to=first)
    page = html_of(prosecutor.get(tab(case)))
    assert "The forensic report supports the account" in page
    assert "The charge on the Threshold Test of" in page
    assert "(applied)" in page
    assert LINK not in page  # owed no more
    assert prosecutor.get(form_url(case, first)).status_code == 403
    assert applied.charges.count() == 1


def test_an_officer_posting_the_form_is_refused_and_nothing_is_recorded(
    personas: Personas,
) -> None:
    case, first = charged_on_threshold(personas)

    response = client_for(personas.officer).post(form_url(case, first), posted(case))

    assert "Only the prosecutor allocated the case can apply" in refusal_of(response)
    assert CpsDecision.objects.filter(case=case).count() == 1


def test_no_link_on_a_full_code_test_charge(personas: Personas) -> None:
    case = allocated_case(personas)
    full = decide(personas.prosecutor, case)
    prosecutor = client_for(personas.prosecutor)
    assert LINK not in html_of(prosecutor.get(tab(case)))
    assert prosecutor.get(form_url(case, full)).status_code == 403


def test_the_full_test_over_the_api(personas: Personas) -> None:
    case, first = charged_on_threshold(personas)
    body = {"version": case.version, **BOTH_MET, "public_interest_met": False}
    refused = Api(personas.cps_spoc).post(api_url(first), body)
    assert refused.status_code == 403
    assert "Only the prosecutor allocated the case" in refused.json()["detail"]
    prosecutor = Api(personas.prosecutor)
    stale = prosecutor.post(api_url(first), {**body, "version": case.version - 1})
    assert stale.status_code == 409

    response = prosecutor.post(api_url(first), body)

    assert response.status_code == 201, response.json()
    applied = response.json()
    assert applied["applies_full_test_to"] == first.pk
    assert (applied["test"], applied["outcome"]) == ("full", "nfa_public_interest")
    assert applied["charges"] == []
    case.refresh_from_db()
    assert case.status == CaseStatus.CPS_NFA
    again = prosecutor.post(api_url(first), {**body, "version": case.version})
    assert again.status_code == 403
    assert "already been applied" in again.json()["detail"]
    listed = prosecutor.get(DECISIONS_URL, case=case.pk).json()["results"]
    assert [d["id"] for d in listed] == [applied["id"], first.pk]
    assert listed[1]["applies_full_test_to"] is None


def test_outsiders_get_404_from_the_form_and_the_api(personas: Personas) -> None:
    case, first = charged_on_threshold(personas)
    for who, user in outsiders(personas).items():
        client = client_for(user)
        assert client.get(form_url(case, first)).status_code == 404, who
        assert client.post(form_url(case, first), posted(case)).status_code == 404, who
        response = Api(user).post(api_url(first), {"version": case.version, **BOTH_MET})
        assert response.status_code == 404, who
    # A decision of another case named under this case's URL: 404 too.
    other_case, other = charged_on_threshold(personas)
    prosecutor = client_for(personas.prosecutor)
    assert prosecutor.get(form_url(case, other)).status_code == 404
    assert prosecutor.post(form_url(case, other), posted(other_case)).status_code == 404
    assert CpsDecision.objects.count() == 2
