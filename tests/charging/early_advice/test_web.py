"""Early advice in the browser: the case's tab, the forms and buttons (shown
only to whoever may use them), the SPOC's and the prosecutor's lists, and
404 for everyone who need not know."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from cases.models import CaseFile
from charging.early_advice.models import EarlyAdviceRequest, EarlyAdviceStatus
from rasso.accounts.models import Role
from tests.cases.factories import case_create
from tests.charging.factories import (
    ADVICE,
    advised,
    allocated,
    ask,
    case_with_prosecutor,
)
from tests.charging.pages import outsiders
from tests.conftest import Personas, _member, org
from tests.support import client_for, html_of, queries_for, refusal_of

pytestmark = pytest.mark.django_db


def advice_tab(case: CaseFile) -> str:
    return reverse("charging:case-early-advice", args=[case.pk])


def test_the_officer_asks_the_spoc_allocates_the_prosecutor_advises(personas: Personas) -> None:
    case = case_create(personas.officer)
    officer = client_for(personas.officer)
    assert "Ask CPS for early advice" in html_of(officer.get(advice_tab(case)))

    empty = officer.post(reverse("charging:advice-request", args=[case.pk]), {})
    assert "Ask at least one question" in html_of(empty)
    response = officer.post(
        reverse("charging:advice-request", args=[case.pk]),
        {"likely_charges": "Rape or assault by penetration?"},
    )
    assert response.status_code == 302
    request = EarlyAdviceRequest.objects.get(case=case)

    spoc = client_for(personas.cps_spoc)
    queue = html_of(spoc.get(reverse("charging:advice-to-allocate")))
    assert case.urn in queue
    tab = html_of(spoc.get(advice_tab(case)))
    assert "Rape or assault by penetration?" in tab
    assert "Allocate" in tab
    assert "Give advice" not in tab
    response = spoc.post(
        reverse("charging:advice-allocate", args=[case.pk, request.pk]),
        {"prosecutor": personas.prosecutor.pk},
    )
    assert response.status_code == 302

    prosecutor = client_for(personas.prosecutor)
    due = html_of(prosecutor.get(reverse("charging:advice-due")))
    assert case.urn in due
    tab = html_of(prosecutor.get(advice_tab(case)))
    assert "Give advice" in tab
    assert "Withdraw the request" not in tab
    give = reverse("charging:advice-give", args=[case.pk, request.pk])
    partial = html_of(prosecutor.post(give, {**ADVICE, "disclosure_decisions": ""}))
    assert "Enter the disclosure decisions" in partial
    assert prosecutor.post(give, ADVICE).status_code == 302

    tab = html_of(officer.get(advice_tab(case)))
    assert ADVICE["third_party_material_decisions"] in tab
    assert "Acknowledge the advice" in tab
    assert "Follow up" in tab
    officer.post(reverse("charging:advice-acknowledge", args=[case.pk, request.pk]))
    request.refresh_from_db()
    assert request.status == EarlyAdviceStatus.ACKNOWLEDGED


def test_a_refused_button_says_why_and_changes_nothing(personas: Personas) -> None:
    case = case_create(personas.officer)
    request = advised(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    officer = client_for(personas.officer)

    response = officer.post(
        reverse("charging:advice-withdraw", args=[case.pk, request.pk]), follow=True
    )

    assert "advice given: it cannot be withdrawn" in refusal_of(response)
    request.refresh_from_db()
    assert request.status == EarlyAdviceStatus.ADVISED


def test_a_stale_allocation_form_shows_the_refusal(personas: Personas) -> None:
    case = case_create(personas.officer)
    request = ask(personas.officer, case)
    services_withdraw = client_for(personas.officer).post(
        reverse("charging:advice-withdraw", args=[case.pk, request.pk])
    )
    assert services_withdraw.status_code == 302

    response = client_for(personas.cps_spoc).post(
        reverse("charging:advice-allocate", args=[case.pk, request.pk]),
        {"prosecutor": personas.prosecutor.pk},
    )

    assert "withdrawn: it cannot be allocated" in refusal_of(response)
    request.refresh_from_db()
    assert request.prosecutor is None


def test_forms_are_not_offered_to_those_who_may_not_use_them(personas: Personas) -> None:
    case = case_create(personas.officer)
    request = ask(personas.officer, case)
    spoc = client_for(personas.cps_spoc)
    assert spoc.get(reverse("charging:advice-request", args=[case.pk])).status_code == 403
    assert spoc.get(reverse("charging:advice-give", args=[case.pk, request.pk])).status_code == 403
    officer = client_for(personas.officer)
    allocate = reverse("charging:advice-allocate", args=[case.pk, request.pk])
    assert officer.get(allocate).status_code == 403
    # Posting anyway reaches the service, which refuses and says why.
    assert "Only a CPS SPOC" in refusal_of(
        officer.post(allocate, {"prosecutor": personas.prosecutor.pk})
    )


# -- who may see it ---------------------------------------------------------------


def test_outsiders_get_404_on_every_page_and_button(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    request = allocated(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    forms = [
        reverse("charging:advice-request", args=[case.pk]),
        reverse("charging:advice-follow-up", args=[case.pk, request.pk]),
        reverse("charging:advice-allocate", args=[case.pk, request.pk]),
        reverse("charging:advice-give", args=[case.pk, request.pk]),
    ]
    buttons = [
        reverse("charging:advice-acknowledge", args=[case.pk, request.pk]),
        reverse("charging:advice-withdraw", args=[case.pk, request.pk]),
    ]
    for who, user in outsiders(personas).items():
        client = client_for(user)
        assert client.get(advice_tab(case)).status_code == 404, who
        for url in forms:
            assert client.get(url).status_code == 404, (who, url)
            assert client.post(url, {"answer": "x", "likely_charges": "x"}).status_code == 404
        for url in buttons:
            assert client.post(url).status_code == 404, (who, url)
    request.refresh_from_db()
    assert request.status == EarlyAdviceStatus.ALLOCATED


def test_lists_show_outsiders_nothing(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    ask(personas.officer, case)
    other_spoc = client_for(_member(Role.CPS_SPOC, org("North East")))
    assert case.urn not in html_of(other_spoc.get(reverse("charging:advice-to-allocate")))
    for user in (personas.panel_member, personas.manager, personas.administrator):
        for name in ("charging:advice-to-allocate", "charging:advice-due"):
            assert client_for(user).get(reverse(name)).status_code == 404


# -- what the pages cost ------------------------------------------------------------


def requests_on_new_cases(personas: Personas, n: int) -> list[EarlyAdviceRequest]:
    return [ask(personas.officer, case_create(personas.officer)) for _ in range(n)]


def test_the_spocs_and_prosecutors_advice_lists_cost_the_same_for_50_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    spoc = client_for(personas.cps_spoc)
    prosecutor = client_for(personas.prosecutor)

    def batch(n: int) -> None:
        for request in requests_on_new_cases(personas, n):
            if request.pk % 2:
                allocated(personas.cps_spoc, personas.prosecutor, request)

    batch(5)
    # session, user, memberships, COUNT(*), the page of requests with their
    # case, force, asker, prosecutor and deadline joined; the read's audit row.
    to_allocate = queries_for(
        spoc, reverse("charging:advice-to-allocate"), django_assert_max_num_queries, 6
    )
    due = queries_for(prosecutor, reverse("charging:advice-due"), django_assert_max_num_queries, 6)
    batch(45)
    assert (
        queries_for(spoc, reverse("charging:advice-to-allocate"), django_assert_max_num_queries, 6)
        == to_allocate
    )
    assert (
        queries_for(prosecutor, reverse("charging:advice-due"), django_assert_max_num_queries, 6)
        == due
    )


def test_the_advice_tab_costs_the_same_for_50_requests_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    case = case_create(personas.officer)
    for _ in range(5):
        advised(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    officer = client_for(personas.officer)
    # session, user, memberships, the case, COUNT(*), the page of requests
    # with asker, prosecutor, deadline and advice joined, the case.view audit row.
    five = queries_for(officer, advice_tab(case), django_assert_max_num_queries, 7)
    for _ in range(45):
        advised(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    assert queries_for(officer, advice_tab(case), django_assert_max_num_queries, 7) == five
    assert (
        len(
            re.findall('data-testid="early-advice-request"', html_of(officer.get(advice_tab(case))))
        )
        == 25
    )


def test_the_dashboard_counts_early_advice_due(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    allocated(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))

    prosecutor_home = html_of(client_for(personas.prosecutor).get(reverse("home")))

    assert f'href="{reverse("charging:advice-due")}">1 request<' in prosecutor_home
