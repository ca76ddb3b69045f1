"""Material received is reviewed for relevance; only the relevant part is
scheduled. Dana Officer's GP request came back and was reviewed: on the
MG6D's draft she chooses "Add item from third-party material", sees the
case's reviewed requests by kind of holder and date (never whose records),
and adds the relevant part as an item linked to its request, its
description and reason for sensitivity offered from the review. Only the
case's own reviewed requests with something relevant; a request already
scheduled is marked so, and is not scheduled twice on one edition."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import CaseEvent, CaseFile
from cases.retention import services as retention
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from disclosure.requests.models import VictimInformationRequest
from disclosure.schedules import services
from disclosure.schedules.models import ScheduleItem, ScheduleKind
from rasso.audit.models import AuditEvent
from rasso.core.errors import Forbidden
from tests.cases.factories import complete_case
from tests.cases.retention.factories import due
from tests.cases.test_api import Api
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.requests.factories import COUNSELLING, HOLDER_NAME, sent, with_prosecutor
from tests.disclosure.schedules.factories import (
    MESSAGES,
    RELEVANT,
    numbers_of,
    reviewed,
    started,
    with_items,
)
from tests.support import client_for, html_of, queries_for, refusal_of

pytestmark = pytest.mark.django_db

GP_NOTES = services.ItemDetails(
    description=f"GP notes of 2 March 2026, the part found relevant: {RELEVANT}",
    location="Sensitive material store, Maidstone",
    sensitivity_reason="Medical records of the complainant",
)


def _url(name: str, *args: Any) -> str:
    return reverse(f"disclosure:{name}", args=args)


# -- the service ---------------------------------------------------------------------


def test_the_relevant_part_is_scheduled_linked_to_its_request(
    personas: Personas, case: CaseFile
) -> None:
    request = reviewed(personas, case)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)

    item = services.schedule_item_add(
        actor=personas.officer, schedule=mg6d, details=GP_NOTES, from_request=request
    )

    assert item.from_request == request and item.number == 1
    assert item.sensitivity_reason == GP_NOTES.sensitivity_reason
    event = AuditEvent.objects.get(action="disclosure.unused_material_item_added")
    assert event.detail["from_request"] == request.pk
    assert RELEVANT not in str(event.detail)  # what was written never reaches the audit
    assert event.detail["what"] == "MG6D edition 1: item 1 added"
    # The timeline, which all who see the case read, says nothing of unused material.
    assert not CaseEvent.objects.filter(case=case, kind__startswith="unused_material").exists()


def test_a_request_is_scheduled_once_on_an_edition_and_carried_to_the_next(
    personas: Personas, case: CaseFile
) -> None:
    request = reviewed(personas, case)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)
    services.schedule_item_add(
        actor=personas.officer, schedule=mg6d, details=GP_NOTES, from_request=request
    )

    # The double click: nothing more.
    with pytest.raises(Forbidden, match="already item 1 on this schedule"):
        services.schedule_item_add(
            actor=personas.officer, schedule=mg6d, details=GP_NOTES, from_request=request
        )
    assert numbers_of(mg6d) == [1]

    services.schedule_serve(actor=personas.officer, schedule=mg6d)
    second = started(personas.officer, case, ScheduleKind.SENSITIVE)
    carried = second.items.get()
    assert (carried.number, carried.from_request_id) == (1, request.pk)
    with pytest.raises(Forbidden, match="already item 1"):
        services.schedule_item_add(
            actor=personas.officer, schedule=second, details=GP_NOTES, from_request=request
        )


def test_only_reviewed_material_with_something_relevant_of_the_same_case(
    personas: Personas, case: CaseFile
) -> None:
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)
    unreviewed = sent(personas, case)
    nothing = reviewed(personas, case, relevant=False)
    other_case = with_prosecutor(personas, complete_case(personas.officer))
    elsewhere = reviewed(personas, other_case)

    for request, reason in (
        (unreviewed, "not been reviewed for relevance"),
        (nothing, "nothing to schedule"),
        (elsewhere, "not of this case"),
    ):
        with pytest.raises(Forbidden, match=reason):
            services.schedule_item_add(
                actor=personas.officer, schedule=mg6d, details=GP_NOTES, from_request=request
            )
    assert not ScheduleItem.objects.exists()


def test_the_item_is_checked_as_any_other(personas: Personas, case: CaseFile) -> None:
    request = reviewed(personas, case)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)
    with pytest.raises(Exception, match="Say why the material is sensitive"):
        services.schedule_item_add(
            actor=personas.officer,
            schedule=mg6d,
            details=services.ItemDetails(description=RELEVANT, location="Store"),
            from_request=request,
        )
    with pytest.raises(Forbidden, match="officers of the case"):
        services.schedule_item_add(
            actor=personas.prosecutor, schedule=mg6d, details=GP_NOTES, from_request=request
        )
    assert not ScheduleItem.objects.exists()


# -- the pages -----------------------------------------------------------------------


def test_the_officer_schedules_the_relevant_part_from_the_schedule_page(
    personas: Personas, case: CaseFile
) -> None:
    request = reviewed(personas, case)
    nothing = reviewed(personas, case, relevant=False, base=COUNSELLING)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)
    officer = client_for(personas.officer)

    page = html_of(officer.get(_url("schedule", case.pk, mg6d.pk)))
    chooser = _url("schedule-item-from-request", case.pk, mg6d.pk)
    assert "Add item from third-party material" in page and chooser in page

    listing = html_of(officer.get(chooser))
    add = _url("schedule-item-from-request-add", case.pk, mg6d.pk, request.pk)
    assert "GP or medical" in listing and "Counselling or therapy" in listing
    assert add in listing
    # Nothing relevant: listed as such, not offered.
    assert "Nothing relevant" in listing
    assert _url("schedule-item-from-request-add", case.pk, mg6d.pk, nothing.pk) not in listing
    # By kind of holder and date only: never whose records, nor who holds them.
    table = listing.split('data-testid="third-party-material"')[1].split("</table>")[0]
    for name in ("Jane", "Complainant", HOLDER_NAME):
        assert name not in table
    assert "normally goes on the MG6D" not in listing

    form = html_of(officer.get(add))
    assert escape(RELEVANT) in form and "victim information request" in form
    assert "right to privacy" in form  # the reason for sensitivity, offered
    officer.post(
        add,
        {
            "description": f"GP notes: {RELEVANT}",
            "location": "Sensitive material store",
            "sensitivity_reason": "Medical records of the complainant",
        },
    )
    item = ScheduleItem.objects.get()
    assert (item.schedule, item.from_request, item.number) == (mg6d, request, 1)

    listing = html_of(officer.get(chooser))
    assert "Scheduled" in listing and "Item 1 on this schedule" in listing
    assert add not in listing
    assert "Third-party material" in html_of(officer.get(_url("schedule", case.pk, mg6d.pk)))
    # A second post of the same form adds nothing.
    again = officer.post(add, {"description": "x", "location": "y", "sensitivity_reason": "z"})
    assert "already item 1" in refusal_of(again)
    assert ScheduleItem.objects.count() == 1


def test_on_the_mg6c_it_is_offered_with_a_word_that_it_is_normally_sensitive(
    personas: Personas, case: CaseFile
) -> None:
    request = reviewed(personas, case)
    mg6c = started(personas.officer, case)
    officer = client_for(personas.officer)
    assert "normally goes on the MG6D" in html_of(
        officer.get(_url("schedule-item-from-request", case.pk, mg6c.pk))
    )
    add = _url("schedule-item-from-request-add", case.pk, mg6c.pk, request.pk)
    form = html_of(officer.get(add))
    assert "normally goes on the MG6D" in form and "Why it is sensitive" not in form


def test_another_case_s_request_or_a_served_schedule_is_refused(
    personas: Personas, case: CaseFile
) -> None:
    other_case = with_prosecutor(personas, complete_case(personas.officer))
    elsewhere = reviewed(personas, other_case)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)
    officer = client_for(personas.officer)
    assert (
        officer.get(
            _url("schedule-item-from-request-add", case.pk, mg6d.pk, elsewhere.pk)
        ).status_code
        == 404
    )
    listing = html_of(officer.get(_url("schedule-item-from-request", case.pk, mg6d.pk)))
    assert 'data-testid="empty"' in listing

    served = with_items(personas.officer, case, MESSAGES)
    services.schedule_serve(actor=personas.officer, schedule=served)
    assert "only on a draft" in refusal_of(
        officer.get(_url("schedule-item-from-request", case.pk, served.pk))
    )


def test_outsiders_get_404(personas: Personas, case: CaseFile) -> None:
    request = reviewed(personas, case)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)
    chooser = _url("schedule-item-from-request", case.pk, mg6d.pk)
    add = _url("schedule-item-from-request-add", case.pk, mg6d.pk, request.pk)
    for user in [
        *outsiders(personas).values(),
        personas.supervisor,
        personas.cps_spoc,
        personas.colleague,
    ]:
        client = client_for(user)
        assert client.get(chooser).status_code == 404, user
        assert client.get(add).status_code == 404, user
        assert client.post(add, {"description": "x", "location": "y"}).status_code == 404, user
    # The prosecutor sees the schedule but adds nothing to it.
    assert client_for(personas.prosecutor).get(chooser).status_code == 403
    assert not ScheduleItem.objects.exists()


def test_the_chooser_s_queries_do_not_grow_with_the_requests(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: Any
) -> None:
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)
    officer = client_for(personas.officer)
    chooser = _url("schedule-item-from-request", case.pk, mg6d.pk)
    first = reviewed(personas, case)
    services.schedule_item_add(
        actor=personas.officer, schedule=mg6d, details=GP_NOTES, from_request=first
    )
    # The session and user, the memberships, the case, its grants, the
    # schedule and its items, the requests, the items made from them, the
    # audit rows and the tabs: the same for one request and for three.
    one = queries_for(officer, chooser, django_assert_max_num_queries, 40)
    for _ in range(2):
        more = reviewed(personas, case)
        services.schedule_item_add(
            actor=personas.officer, schedule=mg6d, details=GP_NOTES, from_request=more
        )
    three = queries_for(officer, chooser, django_assert_max_num_queries, 40)
    assert one == three
    assert html_of(officer.get(chooser)).count("on this schedule") == 3


# -- the API ---------------------------------------------------------------------------


def test_the_api_adds_an_item_from_third_party_material(personas: Personas, case: CaseFile) -> None:
    request = reviewed(personas, case)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)
    api = Api(personas.officer)
    url = f"/api/v1/cases/{case.pk}/schedules/{mg6d.pk}/add-item/"
    body = {
        "description": GP_NOTES.description,
        "location": GP_NOTES.location,
        "sensitivity_reason": GP_NOTES.sensitivity_reason,
    }

    answer = api.post(url, {**body, "victim_information_request": request.pk})
    assert answer.status_code == 200, answer.content
    assert answer.json()["items"][0]["victim_information_request"] == request.pk
    again = api.post(url, {**body, "victim_information_request": request.pk})
    assert again.status_code == 403 and "already item 1" in again.json()["detail"]

    other_case = with_prosecutor(personas, complete_case(personas.officer))
    elsewhere = reviewed(personas, other_case)
    for pk in (elsewhere.pk, 999999):
        wrong = api.post(url, {**body, "victim_information_request": pk})
        assert wrong.status_code == 400, wrong.content
        assert "victim_information_request" in wrong.json()
    plain = api.post(url, body)
    assert plain.json()["items"][1]["victim_information_request"] is None
    assert ScheduleItem.objects.filter(schedule=mg6d).count() == 2


def test_a_deleted_case_takes_its_third_party_items_with_it(
    personas: Personas, case: CaseFile
) -> None:
    request = reviewed(personas, case)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)
    services.schedule_item_add(
        actor=personas.officer, schedule=mg6d, details=GP_NOTES, from_request=request
    )
    services.schedule_serve(actor=personas.officer, schedule=mg6d)
    proposal = police_nfa_propose(
        actor=personas.officer, case=case, outcome_code="15", rationale="Below the threshold."
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    case = due(case)

    retention.case_delete(actor=personas.supervisor, case=case, confirm_urn=case.urn)

    # What the commit would check: no row left pointing at a deleted one.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert not ScheduleItem.objects.exists()
    assert not VictimInformationRequest.objects.filter(pk=request.pk).exists()
