"""Retention's pages: the supervisors' list of cases due (paginated, queries
that do not grow with rows), each case's retention page offering exactly the
actions the rules allow, the forms, and a 404 for everyone else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile, CaseStatus
from cases.retention import services as retention
from rasso.audit.models import AuditEvent
from tests.cases.factories import case_create
from tests.cases.retention.factories import due, police_nfa_case
from tests.conftest import Personas
from tests.support import client_for, html_of, queries_for, refusal_of

pytestmark = pytest.mark.django_db


def test_outsiders_get_404_on_the_review_pages(personas: Personas) -> None:
    case = due(police_nfa_case(personas))
    pages = [
        reverse("cases:retention", args=[case.pk]),
        reverse("cases:retention-retain", args=[case.pk]),
        reverse("cases:retention-delete", args=[case.pk]),
        reverse("cases:legal-hold-place", args=[case.pk]),
        reverse("cases:legal-hold-lift", args=[case.pk]),
    ]
    for outsider in (
        personas.officer,  # sees the case, but retention is the supervisors'
        personas.other_force_officer,
        personas.prosecutor,
        personas.cps_spoc,
        personas.panel_member,
        personas.manager,
        personas.administrator,
    ):
        client = client_for(outsider)
        assert client.get(reverse("cases:retention-due")).status_code == 404
        for url in pages:
            assert client.get(url).status_code == 404, (outsider, url)
        for url in pages[1:]:
            assert client.post(url, {"reason": "x", "confirm_urn": case.urn}).status_code == 404
    assert CaseFile.objects.filter(pk=case.pk).exists()


def test_the_due_list_shows_the_forces_cases_due(personas: Personas) -> None:
    listed = due(police_nfa_case(personas))
    later = police_nfa_case(personas)
    held = due(police_nfa_case(personas), days_ago=30)
    retention.legal_hold_place(actor=personas.supervisor, case=held, reason="Inquiry")
    page = html_of(client_for(personas.supervisor).get(reverse("cases:retention-due")))
    assert listed.urn in page and held.urn in page
    assert later.urn not in page
    assert page.index(held.urn) < page.index(listed.urn)  # most overdue first
    assert "Legal hold" in page
    assert AuditEvent.objects.filter(action="retention.due_list.view").exists()


def test_the_due_list_costs_the_same_queries_for_30_cases_as_for_3(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    client = client_for(personas.supervisor)
    url = reverse("cases:retention-due")
    for _ in range(3):
        due(case_create(personas.officer))
    CaseFile.objects.update(status=CaseStatus.POLICE_NFA)
    few = queries_for(client, url, django_assert_max_num_queries, 12)
    for _ in range(27):
        case_create(personas.officer)
    CaseFile.objects.update(
        status=CaseStatus.POLICE_NFA, retention_review_on=timezone.localdate() - timedelta(days=2)
    )
    # session, user, memberships, count, the page (with holds), audit row, ...
    many = queries_for(client, url, django_assert_max_num_queries, 12)
    assert many == few
    page = html_of(client.get(url))
    assert "Next" in page  # 30 cases: two pages


def test_the_case_page_offers_what_the_rules_allow(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    case = police_nfa_case(personas)
    url = reverse("cases:retention", args=[case.pk])
    page = html_of(client.get(url))
    assert "Retain the case" not in page and "Delete the case" not in page  # not due
    assert "Place a legal hold" in page
    due(case)
    page = html_of(client.get(url))
    assert "Retain the case" in page and "Delete the case" in page
    retention.legal_hold_place(actor=personas.supervisor, case=case, reason="Civil claim")
    page = html_of(client.get(url))
    assert "Delete the case" not in page
    assert "Lift the legal hold" not in page  # within 30 days
    assert "Place a legal hold" not in page
    assert "under a legal hold and cannot be deleted: Civil claim" in page


def test_a_supervisor_retains_a_case_in_the_browser(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    case = due(police_nfa_case(personas))
    url = reverse("cases:retention-retain", args=[case.pk])
    assert "Next review date" in html_of(client.get(url))
    next_review = timezone.localdate() + timedelta(days=400)
    response = client.post(url, {"review_on": next_review.isoformat(), "reason": ""})
    assert "Enter the reason" in html_of(response)
    response = client.post(url, {"review_on": next_review.isoformat(), "reason": "Inquiry"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.retention_review_on == next_review


def test_a_supervisor_deletes_a_case_in_the_browser(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    case = due(police_nfa_case(personas))
    url = reverse("cases:retention-delete", args=[case.pk])
    response = client.post(url, {"confirm_urn": "46KA0000000"})
    assert "Enter the case&#x27;s URN" in html_of(response)
    assert CaseFile.objects.filter(pk=case.pk).exists()
    response = client.post(url, {"confirm_urn": case.urn})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:retention-due")
    assert not CaseFile.objects.filter(pk=case.pk).exists()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_held_case_is_not_deleted_from_the_browser(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    case = due(police_nfa_case(personas))
    retention.legal_hold_place(actor=personas.supervisor, case=case, reason="Civil claim")
    url = reverse("cases:retention-delete", args=[case.pk])
    response = client.post(url, {"confirm_urn": case.urn})
    assert "under a legal hold" in refusal_of(response)
    assert CaseFile.objects.filter(pk=case.pk).exists()


def test_a_supervisor_places_a_hold_in_the_browser(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    case = police_nfa_case(personas)
    url = reverse("cases:legal-hold-place", args=[case.pk])
    response = client.post(url, {"reason": "Civil claim"})
    assert response.status_code == 302
    lift = reverse("cases:legal-hold-lift", args=[case.pk])
    response = client.post(lift, {"reason": "Over"})
    assert "it can be lifted from" in refusal_of(response)


def test_created_in_error_and_finalise_are_offered_by_the_rules(personas: Personas) -> None:
    case = case_create(personas.officer)
    detail = reverse("cases:detail", args=[case.pk])
    assert "Close as created in error" not in html_of(client_for(personas.officer).get(detail))
    supervisor = client_for(personas.supervisor)
    assert "Close as created in error" in html_of(supervisor.get(detail))
    url = reverse("cases:created-in-error", args=[case.pk])
    # The officer sees the case but may not close it: the refusal, 403.
    assert client_for(personas.officer).get(url).status_code == 403
    response = supervisor.post(url, {"reason": "A duplicate of 46KA0000126"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CREATED_IN_ERROR
    assert "Created in error" in html_of(supervisor.get(detail))
    assert supervisor.get(url).status_code == 403  # closed already: the refusal
    assert (
        client_for(personas.officer).get(reverse("cases:finalise", args=[case.pk])).status_code
        == 403
    )


def test_the_officer_records_the_result_at_court_in_the_browser(personas: Personas) -> None:
    from tests.victims.factories import cps_decides, with_prosecutor

    case, _ = with_prosecutor(personas)
    case = cps_decides(personas, case, charge=True)
    client = client_for(personas.officer)
    detail = reverse("cases:detail", args=[case.pk])
    assert "Record the result at court" in html_of(client.get(detail))
    url = reverse("cases:finalise", args=[case.pk])
    response = client.post(url, {"result": "", "finalised_on": ""})
    assert "Choose the result" in html_of(response)
    today = timezone.localdate()
    response = client.post(url, {"result": "guilty_plea", "finalised_on": today.isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.FINALISED
    page = html_of(client.get(detail))
    assert "Guilty plea" in page
    assert "Group 1: conviction for a serious sexual offence" in page
    assert "Record the result at court" not in page
    assert client_for(personas.other_force_officer).get(url).status_code == 404
