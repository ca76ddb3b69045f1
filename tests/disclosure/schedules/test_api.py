"""Schedules of unused material over the API: the same services and
visibility as the browser. Dana Officer drafts the MG6C, adds items and
serves it; the prosecutor reviews an item and sends it back, a deadline owed
by the OIC; the next edition keeps the numbers. Outsiders get 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import DjangoAssertNumQueries

from cases.models import CaseFile, Deadline
from disclosure.schedules.models import RecordEntry, RecordKind, Schedule
from rasso.audit.models import AuditEvent
from tests.cases.test_api import Api
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.schedules.factories import (
    CCTV,
    INFORMANT,
    MESSAGES,
    served,
    started,
    with_items,
)

pytestmark = pytest.mark.django_db

ITEM = {"description": MESSAGES.description, "location": MESSAGES.location}


def url_of(case: CaseFile, pk: int | None = None, move: str = "") -> str:
    url = f"/api/v1/cases/{case.pk}/schedules/"
    if pk is not None:
        url += f"{pk}/"
    return url + (f"{move}/" if move else "")


def ok(response: Any, code: int = 200) -> dict[str, Any]:
    assert response.status_code == code, response.content
    answer: dict[str, Any] = response.json()
    return answer


def test_the_life_of_a_schedule(personas: Personas, case: CaseFile) -> None:
    officer, prosecutor = Api(personas.officer), Api(personas.prosecutor)
    made = ok(officer.post(url_of(case), {"schedule_kind": "mg6c"}), 201)
    pk = made["id"]
    assert made["edition_status"] == "draft" and made["items"] == []
    added = ok(officer.post(url_of(case, pk, "add-item"), ITEM))
    assert [i["number"] for i in added["items"]] == [1]
    ok(officer.post(url_of(case, pk, "add-item"), {**ITEM, "description": CCTV.description}))
    changed = ok(
        officer.post(url_of(case, pk, "change-item"), {**ITEM, "number": 1, "location": "Store B"})
    )
    assert changed["items"][0]["location"] == "Store B"
    assert ok(officer.post(url_of(case, pk, "serve")))["edition_status"] == "served"

    reviewed = ok(
        prosecutor.post(
            url_of(case, pk, "review-item"),
            {"number": 2, "decision": "disclose", "reasons": "It may assist the defence"},
        )
    )
    assert reviewed["items"][1]["reviews"][0]["decision"] == "disclose"
    reply_by = (timezone.localdate() + timedelta(days=7)).isoformat()
    back = ok(
        prosecutor.post(
            url_of(case, pk, "send-back"),
            {"item_numbers": [1], "reason": "Say what they are about", "reply_by": reply_by},
        )
    )
    assert back["edition_status"] == "returned"
    deadline = Deadline.objects.get(pk=back["return_deadline"])
    assert deadline.owner == personas.officer

    again = ok(officer.post(url_of(case), {"schedule_kind": "mg6c"}), 201)
    assert again["edition"] == 2 and [i["number"] for i in again["items"]] == [1, 2]
    kinds = [e.kind for e in RecordEntry.objects.filter(case=case)]
    assert kinds == [
        RecordKind.SCHEDULE_RECEIVED,
        RecordKind.ITEM_CONSIDERED,
        RecordKind.SCHEDULE_RETURNED,
    ]
    listed = ok(officer.get(url_of(case) + "?status=returned"))
    assert [s["id"] for s in listed["results"]] == [pk]
    ok(officer.get(url_of(case, pk)))
    assert AuditEvent.objects.filter(action="disclosure.schedule_view", object_id=str(pk)).exists()


def test_a_nil_return(personas: Personas, case: CaseFile) -> None:
    officer = Api(personas.officer)
    pk = ok(officer.post(url_of(case), {"schedule_kind": "mg6d"}), 201)["id"]
    blank = officer.post(url_of(case, pk, "nil-return"), {"statement": ""})
    assert blank.status_code == 400
    nil = ok(officer.post(url_of(case, pk, "nil-return"), {"statement": "None held"}))
    assert nil["nil_return"] and nil["edition_status"] == "served"
    assert RecordEntry.objects.filter(kind=RecordKind.NIL_RETURN_RECEIVED).count() == 1


def test_bad_input_400_and_refusal_403(personas: Personas, case: CaseFile) -> None:
    officer = Api(personas.officer)
    schedule = started(personas.officer, case)
    assert officer.post(url_of(case), {"schedule_kind": "mg6x"}).status_code == 400
    bad = officer.post(url_of(case, schedule.pk, "add-item"), {"description": "", "location": ""})
    assert bad.status_code == 400 and "description" in bad.json()
    assert not schedule.items.exists()
    refused = Api(personas.prosecutor).post(url_of(case, schedule.pk, "add-item"), ITEM)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the officers of the case can change a schedule"
    assert Schedule.objects.count() == 1


@pytest.mark.parametrize(
    "who",
    [
        "officer of another force",
        "prosecutor of another Area",
        "CPS SPOC of another Area",
        "panel member",
        "manager",
        "administrator",
        "supervisor",
        "colleague",
    ],
)
def test_outsiders_get_404_everywhere(personas: Personas, case: CaseFile, who: str) -> None:
    schedule = served(personas.officer, case)
    user = getattr(personas, who) if who in {"supervisor", "colleague"} else None
    api = Api(user or outsiders(personas)[who])
    calls = [
        ("get", url_of(case), {}),
        ("post", url_of(case), {"schedule_kind": "mg6d"}),
        ("get", url_of(case, schedule.pk), {}),
        *[
            ("post", url_of(case, schedule.pk, move), {})
            for move in ("add-item", "change-item", "serve", "nil-return", "review-item")
        ],
        ("post", url_of(case, schedule.pk, "send-back"), {}),
    ]
    for method, url, data in calls:
        response = api.get(url) if method == "get" else api.post(url, data)
        assert response.status_code == 404, (method, url, response.content)
    assert Schedule.objects.count() == 1


def test_retrieve_is_flat_in_queries(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    officer = Api(personas.officer)
    few = with_items(personas.officer, case, MESSAGES)
    many = with_items(personas.officer, case, *[INFORMANT] * 10, kind="mg6d")
    officer.get(url_of(case, few.pk))
    # token, memberships, case, case.view audit, grants, schedule, items,
    # reviews, scrubber grants, read audit.
    with django_assert_max_num_queries(14) as one:
        officer.client.get(url_of(case, few.pk))
    with django_assert_max_num_queries(len(one.captured_queries)):
        officer.client.get(url_of(case, many.pk))
