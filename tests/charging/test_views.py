"""Early advice and file-quality queries in the browser: the case's tabs, the
forms and buttons (shown only to whoever may use them), the work lists, and
404 for everyone who need not know."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CaseFile
from charging.models import EarlyAdviceRequest, EarlyAdviceStatus, FileQualityQuery, QueryStatus
from rasso.accounts.models import Role, User
from tests.cases.factories import case_create
from tests.charging.factories import (
    ADVICE,
    advised,
    allocated,
    ask,
    case_with_prosecutor,
    raise_query,
)
from tests.conftest import Personas, _member, org

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def banner(response: Any) -> str:
    """The page a POST redirected to, as text."""
    assert response.status_code == 302, response.status_code
    return str(response.content.decode())


def advice_tab(case: CaseFile) -> str:
    return reverse("charging:case-early-advice", args=[case.pk])


def queries_tab(case: CaseFile) -> str:
    return reverse("charging:case-queries", args=[case.pk])


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

    assert "advice given: it cannot be withdrawn" in html_of(response)
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

    assert "withdrawn: it cannot be allocated" in html_of(response)
    request.refresh_from_db()
    assert request.prosecutor is None


def test_forms_are_not_offered_to_those_who_may_not_use_them(personas: Personas) -> None:
    case = case_create(personas.officer)
    request = ask(personas.officer, case)
    spoc = client_for(personas.cps_spoc)
    assert spoc.get(reverse("charging:advice-request", args=[case.pk])).status_code == 404
    assert spoc.get(reverse("charging:advice-give", args=[case.pk, request.pk])).status_code == 404
    officer = client_for(personas.officer)
    allocate = reverse("charging:advice-allocate", args=[case.pk, request.pk])
    assert officer.get(allocate).status_code == 404
    # Posting anyway reaches the service, which refuses and says why.
    assert "Only a CPS SPOC" in html_of(
        officer.post(allocate, {"prosecutor": personas.prosecutor.pk})
    )


def test_a_query_raised_resolved_through_the_pages(personas: Personas) -> None:
    spoc_user = _member(Role.POLICE_SPOC, org("Kent"))
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    prosecutor = client_for(personas.prosecutor)
    assert "Raise a file-quality query" in html_of(prosecutor.get(queries_tab(case)))
    response = prosecutor.post(
        reverse("charging:query-raise", args=[case.pk]),
        {"category": "illegible", "description": "Page 3 of the MG5 is unreadable"},
    )
    assert response.status_code == 302
    query = FileQualityQuery.objects.get(case=case)
    assert case.urn in html_of(prosecutor.get(reverse("charging:queries")))

    spoc = client_for(spoc_user)
    assert case.urn in html_of(spoc.get(reverse("charging:queries")))
    tab = html_of(spoc.get(queries_tab(case)))
    assert "Page 3 of the MG5 is unreadable" in tab
    assert "Pass to the officer in the case" in tab
    assert "Withdraw the query" not in tab
    spoc.post(reverse("charging:query-pass-to-oic", args=[case.pk, query.pk]))

    officer = client_for(personas.officer)
    assert case.urn in html_of(officer.get(reverse("charging:queries")))
    resolve = reverse("charging:query-resolve", args=[case.pk, query.pk])
    assert "Give the answer" in html_of(officer.post(resolve, {"answer": ""}))
    assert officer.post(resolve, {"answer": "Rescanned and uploaded"}).status_code == 302
    query.refresh_from_db()
    assert query.status == QueryStatus.RESOLVED
    assert case.urn not in html_of(spoc.get(reverse("charging:queries")))
    assert "Rescanned and uploaded" in html_of(prosecutor.get(queries_tab(case)))


# -- who may see it ---------------------------------------------------------------


def outsiders(personas: Personas) -> dict[str, User]:
    return {
        "officer of another force": personas.other_force_officer,
        "prosecutor of another Area": personas.other_area_prosecutor,
        "CPS SPOC of another Area": _member(Role.CPS_SPOC, org("North East")),
        "panel member": personas.panel_member,
        "manager": personas.manager,
        "administrator": personas.administrator,
    }


def test_outsiders_get_404_on_every_page_and_button(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    request = allocated(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    query = raise_query(personas.prosecutor, case)
    tabs = [advice_tab(case), queries_tab(case)]
    forms = [
        reverse("charging:advice-request", args=[case.pk]),
        reverse("charging:advice-follow-up", args=[case.pk, request.pk]),
        reverse("charging:advice-allocate", args=[case.pk, request.pk]),
        reverse("charging:advice-give", args=[case.pk, request.pk]),
        reverse("charging:query-raise", args=[case.pk]),
        reverse("charging:query-resolve", args=[case.pk, query.pk]),
    ]
    buttons = [
        reverse("charging:advice-acknowledge", args=[case.pk, request.pk]),
        reverse("charging:advice-withdraw", args=[case.pk, request.pk]),
        reverse("charging:query-pass-to-oic", args=[case.pk, query.pk]),
        reverse("charging:query-withdraw", args=[case.pk, query.pk]),
    ]
    for who, user in outsiders(personas).items():
        client = client_for(user)
        for url in tabs:
            assert client.get(url).status_code == 404, (who, url)
        for url in forms:
            assert client.get(url).status_code == 404, (who, url)
            assert client.post(url, {"answer": "x", "likely_charges": "x"}).status_code == 404
        for url in buttons:
            assert client.post(url).status_code == 404, (who, url)
    request.refresh_from_db()
    query.refresh_from_db()
    assert request.status == EarlyAdviceStatus.ALLOCATED
    assert query.status == QueryStatus.OPEN


def test_lists_show_outsiders_nothing(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    ask(personas.officer, case)
    raise_query(personas.prosecutor, case)
    other_spoc = client_for(_member(Role.CPS_SPOC, org("North East")))
    assert case.urn not in html_of(other_spoc.get(reverse("charging:advice-to-allocate")))
    durham_spoc = client_for(_member(Role.POLICE_SPOC, org("Durham")))
    assert case.urn not in html_of(durham_spoc.get(reverse("charging:queries")))
    lists = ["charging:advice-to-allocate", "charging:advice-due", "charging:queries"]
    for user in (personas.panel_member, personas.manager, personas.administrator):
        for name in lists:
            assert client_for(user).get(reverse(name)).status_code == 404


# -- what the pages cost ------------------------------------------------------------


def queries_for(client: Client, url: str, assert_max: Any, limit: int) -> int:
    with assert_max(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


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
    # case, force, asker, prosecutor and deadline joined.
    to_allocate = queries_for(
        spoc, reverse("charging:advice-to-allocate"), django_assert_max_num_queries, 5
    )
    due = queries_for(prosecutor, reverse("charging:advice-due"), django_assert_max_num_queries, 5)
    batch(45)
    assert (
        queries_for(spoc, reverse("charging:advice-to-allocate"), django_assert_max_num_queries, 5)
        == to_allocate
    )
    assert (
        queries_for(prosecutor, reverse("charging:advice-due"), django_assert_max_num_queries, 5)
        == due
    )


def test_the_query_list_and_tab_cost_the_same_for_50_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    spoc = client_for(_member(Role.POLICE_SPOC, org("Kent")))
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    for _ in range(5):
        raise_query(personas.prosecutor, case)
    # session, user, memberships, COUNT(*), the page with case, force, raiser,
    # deadline and its owner, and document joined.
    listed = queries_for(spoc, reverse("charging:queries"), django_assert_max_num_queries, 5)
    # session, user, memberships, the case, is the user granted it (who may
    # act; asked again by the rule for showing document titles), COUNT(*),
    # the page of queries, the case.view audit row.
    tab = queries_for(spoc, queries_tab(case), django_assert_max_num_queries, 9)
    for _ in range(45):
        raise_query(personas.prosecutor, case)
    assert (
        queries_for(spoc, reverse("charging:queries"), django_assert_max_num_queries, 5) == listed
    )
    assert queries_for(spoc, queries_tab(case), django_assert_max_num_queries, 9) == tab


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


def test_the_dashboard_counts_early_advice_due_and_queries_to_resolve(personas: Personas) -> None:
    spoc_user = _member(Role.POLICE_SPOC, org("Kent"))
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    allocated(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    raise_query(personas.prosecutor, case)
    raise_query(personas.prosecutor, case)

    prosecutor_home = html_of(client_for(personas.prosecutor).get(reverse("home")))
    spoc_home = html_of(client_for(spoc_user).get(reverse("home")))

    assert f'href="{reverse("charging:advice-due")}">1 request<' in prosecutor_home
    assert f'href="{reverse("charging:queries")}">2 queries<' in spoc_home


def test_a_spoc_chooses_documents_by_kind_never_by_title(personas: Personas) -> None:
    spoc_user = _member(Role.POLICE_SPOC, org("Kent"))
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    case.documents.update(title="Statement of Jane Complainant")
    query = raise_query(personas.prosecutor, case)

    page = html_of(
        client_for(spoc_user).get(reverse("charging:query-resolve", args=[case.pk, query.pk]))
    )

    assert "MG5 case summary, added" in page
    assert "Jane Complainant" not in page
