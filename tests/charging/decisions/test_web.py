"""Charging decisions in the browser and the API: the tab, the form shown
only to the allocated prosecutor, the refusals, and 404 for outsiders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile, CaseStatus
from charging.decisions.models import Charge, CpsDecision, DecisionOutcome
from rasso.accounts.models import User
from tests.cases.test_api import Api
from tests.charging.decisions.test_services import (
    EVIDENTIAL_NFA,
    FULL_CHARGE,
    allocated_case,
    decide,
)
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.support import client_for, html_of

pytestmark = pytest.mark.django_db

DECISIONS_URL = "/api/v1/cps-decisions/"


def tab(case: CaseFile) -> str:
    return reverse("charging:case-decisions", args=[case.pk])


def form_url(case: CaseFile) -> str:
    return reverse("charging:decision-record", args=[case.pk])


def posted_charge(case: CaseFile) -> dict[str, Any]:
    offence = case.offences.get()
    suspect = case.suspects.get()
    return {
        "version": case.version,
        "test": "full",
        "evidential_met": "yes",
        "evidential_reasons": "Consistent account, CCTV",
        "public_interest_met": "yes",
        "public_interest_reasons": "Serious offence",
        "outcome": "charge",
        "charges": [f"{offence.pk}:{suspect.pk}"],
    }


def test_the_prosecutor_records_a_charge_through_the_page(personas: Personas) -> None:
    case = allocated_case(personas)
    officer = client_for(personas.officer)
    assert "Record the charging decision" not in html_of(officer.get(tab(case)))
    assert officer.get(form_url(case)).status_code == 403
    prosecutor = client_for(personas.prosecutor)
    assert "Record the charging decision" in html_of(prosecutor.get(tab(case)))
    form = html_of(prosecutor.get(form_url(case)))
    assert "Rape" in form and "John Suspectson" in form

    missing = prosecutor.post(form_url(case), {**posted_charge(case), "charges": []})
    assert "Name at least one charge" in html_of(missing)
    assert prosecutor.post(form_url(case), posted_charge(case)).status_code == 302

    case.refresh_from_db()
    assert case.status == CaseStatus.CHARGED
    page = html_of(officer.get(tab(case)))
    assert "Consistent account, CCTV" in page
    assert "Rape" in page
    assert "Record the charging decision" not in html_of(prosecutor.get(tab(case)))


def test_a_stale_form_is_refused_with_a_clear_message(personas: Personas) -> None:
    case = allocated_case(personas)
    stale = posted_charge(case)
    decide(personas.prosecutor, case, **EVIDENTIAL_NFA)
    # The case was decided since the form was opened (a colleague, a second tab).
    response = client_for(personas.prosecutor).post(form_url(case), stale)
    assert "has changed since you opened it" in html_of(response)
    assert CpsDecision.objects.filter(case=case).count() == 1


def test_a_threshold_decision_over_the_api(personas: Personas) -> None:
    case = allocated_case(personas)
    prosecutor = Api(personas.prosecutor)
    offence, suspect = case.offences.get(), case.suspects.get()
    body = {
        "case": case.pk,
        "version": case.version,
        "test": "threshold",
        "outcome": "charge",
        "threshold_conditions": {
            key: {"met": True, "reasons": "Yes"}
            for key in (
                "reasonable_suspicion",
                "further_evidence",
                "seriousness",
                "bail_objection",
                "proper",
            )
        },
        "full_test_by": (timezone.localdate() + timedelta(days=21)).isoformat(),
        "charges": [{"offence": offence.pk, "suspect": suspect.pk}],
    }
    assert Api(personas.officer).post(DECISIONS_URL, body).status_code == 403

    response = prosecutor.post(DECISIONS_URL, body)

    assert response.status_code == 201, response.json()
    decision = response.json()
    assert decision["charges"][0]["offence"] == offence.pk
    assert decision["threshold_conditions"]["proper"] == {"met": True, "reasons": "Yes"}
    again = prosecutor.post(DECISIONS_URL, body)
    assert again.status_code == 409
    listed = prosecutor.get(DECISIONS_URL, case=case.pk).json()
    assert [d["id"] for d in listed["results"]] == [decision["id"]]
    assert prosecutor.get(f"{DECISIONS_URL}{decision['id']}/").status_code == 200


def test_charges_of_another_case_are_refused_over_the_api(personas: Personas) -> None:
    case = allocated_case(personas)
    other = allocated_case(personas)
    response = Api(personas.prosecutor).post(
        DECISIONS_URL,
        {
            **FULL_CHARGE,
            "case": case.pk,
            "version": case.version,
            "charges": [{"offence": other.offences.get().pk, "suspect": case.suspects.get().pk}],
        },
    )
    assert response.status_code == 400
    assert not CpsDecision.objects.exists()


def test_outsiders_get_404_from_the_tab_the_form_and_the_api(personas: Personas) -> None:
    case = allocated_case(personas)
    decision = decide(personas.prosecutor, case)
    people: dict[str, User] = outsiders(personas)
    for who, user in people.items():
        client = client_for(user)
        assert client.get(tab(case)).status_code == 404, who
        assert client.get(form_url(case)).status_code == 404, who
        assert client.post(form_url(case), posted_charge(case)).status_code == 404, who
        api = Api(user)
        assert api.get(f"{DECISIONS_URL}{decision.pk}/").status_code == 404, who
        assert api.get(DECISIONS_URL).json()["results"] == [], who
        body = {"case": case.pk, "version": case.version, **EVIDENTIAL_NFA}
        assert api.post(DECISIONS_URL, body).status_code == 404, who


def many_decisions(case: CaseFile, prosecutor: User, n: int) -> None:
    """Earlier decisions on a case (as after reviews), each with two charges."""
    offence, suspect = case.offences.get(), case.suspects.get()
    start = CpsDecision.objects.count() + 1000
    for i in range(n):
        decision = CpsDecision.objects.create(
            case=case,
            case_version=start + i,
            decided_by=prosecutor,
            test="full",
            outcome=DecisionOutcome.CHARGE,
            evidential_met=True,
            public_interest_met=True,
        )
        Charge.objects.create(decision=decision, offence=offence, suspect=suspect)


def test_the_tab_and_the_api_list_cost_the_same_for_50_decisions_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    case = allocated_case(personas)
    many_decisions(case, personas.prosecutor, 5)
    officer = client_for(personas.officer)
    api = Api(personas.officer)
    api.get(DECISIONS_URL)  # the token's first use is recorded once

    def cost(url: str, limit: int, client: Any) -> int:
        with django_assert_max_num_queries(limit) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    # session, user, memberships, the case, COUNT(*), the case.view audit row,
    # the page of decisions with decider and deadline, their charges with
    # offence and suspect.
    five_tab = cost(tab(case), 8, officer)
    # token with its user, memberships, COUNT(*), the page of decisions,
    # their charges, the read's audit row.
    five_api = cost(DECISIONS_URL, 6, api.client)
    many_decisions(case, personas.prosecutor, 45)
    assert cost(tab(case), 8, officer) == five_tab
    assert cost(DECISIONS_URL, 6, api.client) == five_api
