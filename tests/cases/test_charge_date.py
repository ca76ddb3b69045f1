"""The date of charge, recorded by the officers of the case once the police
have charged (after the CPS's decision to charge): it feeds the
report-to-charge figure. On a charged case it is the one detail they may
still change, in the browser and the API alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cases import rules, services
from cases.models import CaseFile, CaseStatus
from rasso.core.errors import DomainError
from tests.cases.factories import submitted_case
from tests.conftest import Personas
from tests.support import client_for, html_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def charged(personas: Personas) -> CaseFile:
    case = submitted_case(personas.officer)
    # Arranged directly: the charging decision that gets it there is
    # charging's, tested there.
    CaseFile.objects.filter(pk=case.pk).update(status=CaseStatus.CHARGED)
    case.refresh_from_db()
    return case


def test_the_officer_records_the_date_of_charge_on_a_charged_case(
    personas: Personas, charged: CaseFile
) -> None:
    client = client_for(personas.officer)
    detail = html_of(client.get(reverse("cases:detail", args=[charged.pk])))
    assert f'href="{reverse("cases:edit", args=[charged.pk])}"' in detail
    assert "Not recorded" in detail

    page = html_of(client.get(reverse("cases:edit", args=[charged.pk])))
    assert 'name="charged_on"' in page
    assert 'name="reported_on"' not in page

    response = client.post(
        reverse("cases:edit", args=[charged.pk]),
        {"charged_on": "14/3/2026", "version": charged.version, "reported_on": "1/1/2020"},
    )
    assert response.status_code == 302
    charged.refresh_from_db()
    assert charged.charged_on == date(2026, 3, 14)
    # What the form does not hold is not changed, whatever was posted.
    assert charged.reported_on != date(2020, 1, 1)


def test_on_a_charged_case_nothing_but_the_date_of_charge_changes(
    personas: Personas, charged: CaseFile
) -> None:
    with pytest.raises(DomainError, match="Only the date of charge can be changed"):
        services.case_update(
            actor=personas.officer, case=charged, version=charged.version, reported_on=None
        )
    services.case_update(
        actor=personas.officer, case=charged, version=charged.version, charged_on=date(2026, 3, 1)
    )
    charged.refresh_from_db()
    assert charged.charged_on == date(2026, 3, 1)


@pytest.mark.parametrize("who", ["supervisor", "prosecutor", "cps_spoc", "other_force_officer"])
def test_no_one_else_records_it(personas: Personas, charged: CaseFile, who: str) -> None:
    user = getattr(personas, who)
    assert rules.editable_details(user, charged, services.CASE_FIELDS) == ()
    with pytest.raises(DomainError, match="You cannot change this case"):
        services.case_update(
            actor=user, case=charged, version=charged.version, charged_on=date(2026, 3, 1)
        )
    # Those who see the case are refused with the reason; to the others the
    # case is hidden.
    sees = who in ("supervisor", "cps_spoc")
    assert client_for(user).get(reverse("cases:edit", args=[charged.pk])).status_code == (
        403 if sees else 404
    )


def test_the_api_records_it_too(personas: Personas, charged: CaseFile) -> None:
    client = client_for(personas.officer)
    url = reverse("case-detail", args=[charged.pk])
    refused = client.patch(
        url, {"version": charged.version, "dg6_category": "red"}, content_type="application/json"
    )
    assert refused.status_code == 403
    saved = client.patch(
        url,
        {"version": charged.version, "charged_on": "2026-03-14"},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["charged_on"] == "2026-03-14"
