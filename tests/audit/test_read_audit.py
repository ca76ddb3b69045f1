"""Every read leaves an audit row, and its cost does not grow with the rows.

Pages and API answers that audit themselves (a case, a complainant, a
download) write their own row; every other read by a signed-in user writes
one row for the request, naming the view, its object and its filters, with
the ids a list's page showed; a 404 or 403 writes a refusal row. The number
of rows, and of queries, is the same for a list of 5 as for a list of 50.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile
from charging.clinics import services as clinic_services
from rasso.accounts.models import User
from rasso.accounts.services import api_token_issue
from rasso.audit.models import AuditEvent
from tests.cases.factories import case_create
from tests.conftest import Personas, org
from tests.support import client_for

pytestmark = pytest.mark.django_db


def cases_of(oic: User, count: int) -> list[CaseFile]:
    return [case_create(oic) for _ in range(count)]


def rows_written(client: Client, url: str, **params: Any) -> tuple[int, list[AuditEvent]]:
    """The status of GET ``url`` and the audit rows it wrote."""
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    status = client.get(url, params).status_code
    return status, list(AuditEvent.objects.filter(id__gt=before).order_by("id"))


def test_a_list_page_writes_one_row_with_the_ids_it_showed(personas: Personas) -> None:
    client = client_for(personas.officer)
    cases = cases_of(personas.officer, 30)
    status, rows = rows_written(client, "/cases/", sort="urn")
    assert status == 200
    [row] = rows
    assert (row.actor, row.action, row.object_type) == (personas.officer, "list.view", "cases:list")
    assert row.detail["listed"] == "cases.casefile"
    # One page (25) of the 30, not the whole list.
    assert len(row.detail["ids"]) == 25
    assert set(row.detail["ids"]) <= {str(case.pk) for case in cases}
    assert row.detail["query"] == {"sort": ["urn"]}


def test_a_longer_list_writes_no_more_rows(personas: Personas) -> None:
    client = client_for(personas.officer)
    cases_of(personas.officer, 5)
    _, five = rows_written(client, "/cases/")
    cases_of(personas.officer, 45)
    _, fifty = rows_written(client, "/cases/")
    assert len(five) == len(fifty) == 1
    assert len(five[0].detail["ids"]) == 5
    assert len(fifty[0].detail["ids"]) == 25


def test_a_page_that_audits_itself_writes_no_second_row(personas: Personas) -> None:
    case = case_create(personas.officer)
    _, rows = rows_written(client_for(personas.officer), reverse("cases:detail", args=[case.pk]))
    assert [row.action for row in rows] == ["case.view"]


def test_each_tab_of_a_case_writes_one_row_naming_the_case(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    for name in (
        "charging:case-decisions",
        "charging:case-early-advice",
        "charging:case-action-plans",
        "charging:case-police-nfa",
    ):
        status, rows = rows_written(client, reverse(name, args=[case.pk]))
        assert status == 200
        [row] = rows
        assert row.action in ("case.view", "page.view")
        assert row.object_id == str(case.pk)


def test_a_clinic_page_is_audited(personas: Personas) -> None:
    clinic = clinic_services.clinic_schedule(
        actor=personas.cps_spoc,
        cps_area=org("South East"),
        held_on=timezone.localdate(),
        forces=[org("Kent")],
        attendees=[personas.officer, personas.cps_spoc],
    )
    status, rows = rows_written(
        client_for(personas.prosecutor), reverse("charging:clinic", args=[clinic.pk])
    )
    assert status == 200
    # Its agenda is a list: the row names the clinic and the items shown.
    assert [(row.action, row.object_id) for row in rows] == [("list.view", str(clinic.pk))]


def test_a_hidden_case_is_a_404_and_a_refused_read_on_record(personas: Personas) -> None:
    hidden = case_create(personas.officer)
    client = client_for(personas.other_force_officer)
    for url in (
        reverse("cases:detail", args=[hidden.pk]),
        reverse("charging:case-decisions", args=[hidden.pk]),
    ):
        status, rows = rows_written(client, url)
        assert status == 404
        [row] = rows
        assert (row.actor, row.action, row.object_id) == (
            personas.other_force_officer,
            "read.refused",
            str(hidden.pk),
        )
        assert row.detail["method"] == "GET"


def test_a_rule_refusal_is_on_record(personas: Personas) -> None:
    case = case_create(personas.officer)
    # A form posted without its CSRF token is refused.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.officer)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = browser.post(reverse("cases:start-investigation", args=[case.pk]))
    assert response.status_code == 403
    rows = AuditEvent.objects.filter(id__gt=before)
    assert [(row.action, row.object_id) for row in rows] == [("action.refused", str(case.pk))]


def test_the_api_audits_lists_and_refusals_with_the_tokens_user(personas: Personas) -> None:
    mine = cases_of(personas.officer, 3)
    _, key = api_token_issue(actor=None, user=personas.other_force_officer)
    api = Client(headers={"Authorization": f"Token {key}"})
    status, rows = rows_written(api, "/api/v1/cases/")
    assert status == 200
    [row] = rows
    assert (row.actor, row.action, row.detail["ids"]) == (
        personas.other_force_officer,
        "list.view",
        [],
    )
    for url in (f"/api/v1/cases/{mine[0].pk}/", f"/api/v1/cases/{mine[0].pk}/checklist/"):
        status, rows = rows_written(api, url)
        assert status == 404
        assert [(row.action, row.object_id) for row in rows] == [("read.refused", str(mine[0].pk))]


def test_the_checklist_is_audited(personas: Personas) -> None:
    case = case_create(personas.officer)
    _, key = api_token_issue(actor=None, user=personas.officer)
    api = Client(headers={"Authorization": f"Token {key}"})
    status, rows = rows_written(api, f"/api/v1/cases/{case.pk}/checklist/")
    assert status == 200
    assert [(row.action, row.object_id) for row in rows] == [("page.view", str(case.pk))]


def test_visitors_and_the_health_check_write_nothing(personas: Personas) -> None:
    case = case_create(personas.officer)
    _, rows = rows_written(Client(), reverse("cases:detail", args=[case.pk]))
    assert rows == []
    _, rows = rows_written(client_for(personas.officer), "/healthz")
    assert rows == []
