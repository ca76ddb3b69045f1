"""File-quality queries in the browser: the case's tab, the forms and buttons
(shown only to whoever may use them), the SPOC's list, and 404 for everyone
who need not know."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cases.models import CaseFile
from charging.queries.models import FileQualityQuery, QueryStatus
from rasso.accounts.models import Role
from tests.charging.factories import (
    case_with_prosecutor,
    raise_query,
)
from tests.charging.pages import outsiders
from tests.conftest import Personas, _member, org
from tests.support import client_for, html_of, queries_for

pytestmark = pytest.mark.django_db


def queries_tab(case: CaseFile) -> str:
    return reverse("charging:case-queries", args=[case.pk])


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


def test_outsiders_get_404_on_every_page_and_button(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    query = raise_query(personas.prosecutor, case)
    forms = [
        reverse("charging:query-raise", args=[case.pk]),
        reverse("charging:query-resolve", args=[case.pk, query.pk]),
    ]
    buttons = [
        reverse("charging:query-pass-to-oic", args=[case.pk, query.pk]),
        reverse("charging:query-withdraw", args=[case.pk, query.pk]),
    ]
    for who, user in outsiders(personas).items():
        client = client_for(user)
        assert client.get(queries_tab(case)).status_code == 404, who
        for url in forms:
            assert client.get(url).status_code == 404, (who, url)
            assert client.post(url, {"answer": "x", "likely_charges": "x"}).status_code == 404
        for url in buttons:
            assert client.post(url).status_code == 404, (who, url)
    query.refresh_from_db()
    assert query.status == QueryStatus.OPEN


def test_lists_show_outsiders_nothing(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    raise_query(personas.prosecutor, case)
    durham_spoc = client_for(_member(Role.POLICE_SPOC, org("Durham")))
    assert case.urn not in html_of(durham_spoc.get(reverse("charging:queries")))
    for user in (personas.panel_member, personas.manager, personas.administrator):
        assert client_for(user).get(reverse("charging:queries")).status_code == 404


# -- what the pages cost ------------------------------------------------------------


def test_the_query_list_and_tab_cost_the_same_for_50_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    spoc = client_for(_member(Role.POLICE_SPOC, org("Kent")))
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    for _ in range(5):
        raise_query(personas.prosecutor, case)
    # session, user, memberships, COUNT(*), the page with case, force, raiser,
    # deadline and its owner, and document joined; the read's audit row.
    listed = queries_for(spoc, reverse("charging:queries"), django_assert_max_num_queries, 6)
    # session, user, memberships, the case, is the user granted it (who may
    # act; asked again by the rule for showing document titles), COUNT(*),
    # the page of queries, the case.view audit row; for the free text, whether
    # a grant entitles them to the identity and the case's complainants.
    tab = queries_for(spoc, queries_tab(case), django_assert_max_num_queries, 11)
    for _ in range(45):
        raise_query(personas.prosecutor, case)
    assert (
        queries_for(spoc, reverse("charging:queries"), django_assert_max_num_queries, 6) == listed
    )
    assert queries_for(spoc, queries_tab(case), django_assert_max_num_queries, 11) == tab


def test_the_dashboard_counts_queries_to_resolve(personas: Personas) -> None:
    spoc_user = _member(Role.POLICE_SPOC, org("Kent"))
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    raise_query(personas.prosecutor, case)
    raise_query(personas.prosecutor, case)

    spoc_home = html_of(client_for(spoc_user).get(reverse("home")))

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
