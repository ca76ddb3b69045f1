"""A closed case's unused material is closed too: once the case is finalised
(or closed with no further action, or as created in error) nothing on its
schedules, MG6E, DMD or record sheet changes. Every action, by the officer
or the prosecutor who could take it on an open case, is refused with the
reason, by the service, the pages (which offer no button for it) and the
API, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile, CaseStatus
from disclosure.requests.models import VictimInformationRequest
from disclosure.schedules import services
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    ItemReview,
    ManagementDocument,
    RecordEntry,
    ReportEntry,
    Schedule,
    ScheduleItem,
    ScheduleKind,
)
from rasso.accounts.models import User
from rasso.core.errors import Forbidden
from tests.cases.test_api import Api
from tests.conftest import Personas
from tests.disclosure.schedules.factories import CCTV, MESSAGES, reviewed, served, started
from tests.disclosure.schedules.test_services import DMD
from tests.support import client_for, html_of, refusal_of

pytestmark = pytest.mark.django_db

CLOSED = "The case is closed"


@dataclass(frozen=True)
class Material:
    """A case's unused material with every action open to someone: a served
    MG6C and the draft of its next edition, an empty draft MG6D, a draft
    MG6E, a DMD sent to the prosecutor and the draft of its next edition, and
    third-party material reviewed for relevance."""

    served: Schedule
    draft: Schedule
    empty: Schedule
    report: DisclosureOfficerReport
    sent_dmd: ManagementDocument
    draft_dmd: ManagementDocument
    request: VictimInformationRequest


@pytest.fixture
def material(personas: Personas, case: CaseFile) -> Material:
    officer = personas.officer
    first = served(officer, case, MESSAGES, CCTV)
    sent_dmd = services.dmd_start(actor=officer, case=case, details=DMD)
    services.dmd_serve(actor=officer, dmd=sent_dmd)
    return Material(
        served=first,
        draft=started(officer, case),
        empty=started(officer, case, ScheduleKind.SENSITIVE),
        report=services.report_start(actor=officer, case=case),
        sent_dmd=sent_dmd,
        draft_dmd=services.dmd_start(actor=officer, case=case, details=DMD),
        request=reviewed(personas, case),
    )


def closed(case: CaseFile, status: str = CaseStatus.FINALISED) -> CaseFile:
    CaseFile.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def everything() -> tuple[Any, ...]:
    """What any of the actions would change."""
    return (
        list(Schedule.objects.order_by("pk").values_list("pk", "status", "nil_return")),
        list(ScheduleItem.objects.order_by("pk").values_list("pk", "description")),
        ItemReview.objects.count(),
        list(DisclosureOfficerReport.objects.order_by("pk").values_list("pk", "status")),
        ReportEntry.objects.count(),
        list(ManagementDocument.objects.order_by("pk").values_list("pk", "status", "examined")),
        RecordEntry.objects.count(),
    )


Action = Callable[[Personas, CaseFile, Material], object]
TODAY = timezone.localdate

ACTIONS: dict[str, Action] = {
    # The officers of the case.
    "start a schedule": lambda p, case, m: services.schedule_start(
        actor=p.officer, case=case, kind=ScheduleKind.NON_SENSITIVE
    ),
    "add an item": lambda p, case, m: services.schedule_item_add(
        actor=p.officer, schedule=m.draft, details=MESSAGES
    ),
    "add an item from third-party material": lambda p, case, m: services.schedule_item_add(
        actor=p.officer,
        schedule=m.empty,
        details=services.ItemDetails(
            description="GP notes of 2 March", location="Store", sensitivity_reason="Medical"
        ),
        from_request=m.request,
    ),
    "change an item": lambda p, case, m: services.schedule_item_update(
        actor=p.officer,
        schedule=m.draft,
        number=1,
        details=services.ItemDetails(description="Changed", location="Store"),
    ),
    "serve a schedule": lambda p, case, m: services.schedule_serve(
        actor=p.officer, schedule=m.draft
    ),
    "sign a nil return": lambda p, case, m: services.schedule_nil_return(
        actor=p.officer, schedule=m.empty, statement="None held"
    ),
    "start the MG6E": lambda p, case, m: services.report_start(actor=p.officer, case=case),
    "add an MG6E entry": lambda p, case, m: services.report_entry_add(
        actor=p.officer, report=m.report, item_numbers=[2], why="It may assist the defence"
    ),
    "serve the MG6E": lambda p, case, m: services.report_serve(actor=p.officer, report=m.report),
    "draft the DMD": lambda p, case, m: services.dmd_start(actor=p.officer, case=case, details=DMD),
    "change the DMD": lambda p, case, m: services.dmd_update(
        actor=p.officer,
        dmd=m.draft_dmd,
        details=services.DmdDetails(DMD.lines_of_enquiry, DMD.digital_strategy, "Both phones"),
    ),
    "send the DMD": lambda p, case, m: services.dmd_serve(actor=p.officer, dmd=m.draft_dmd),
    # The prosecutor on the case.
    "review an item": lambda p, case, m: services.item_review(
        actor=p.prosecutor, schedule=m.served, number=2, decision="disclose", reasons="Yes"
    ),
    "send a schedule back": lambda p, case, m: services.schedule_send_back(
        actor=p.prosecutor,
        schedule=m.served,
        item_numbers=[1],
        reason="Say what they are about",
        reply_by=TODAY() + timedelta(days=7),
    ),
    "agree the DMD": lambda p, case, m: services.dmd_agree(
        actor=p.prosecutor, dmd=m.sent_dmd, comments="Agreed"
    ),
    "record a disclosure": lambda p, case, m: services.disclosure_record(
        actor=p.prosecutor, case=case, item_numbers=[2], disclosed_on=TODAY(), how="By email"
    ),
    "record the defence statement": lambda p, case, m: services.defence_statement_record(
        actor=p.prosecutor, case=case, received_on=TODAY()
    ),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_is_refused_on_a_finalised_case(
    personas: Personas, case: CaseFile, material: Material, action: str
) -> None:
    before = everything()
    case = closed(case)

    with pytest.raises(Forbidden, match=CLOSED):
        ACTIONS[action](personas, case, material)

    assert everything() == before


@pytest.mark.parametrize(
    "status",
    [
        CaseStatus.FINALISED,
        CaseStatus.POLICE_NFA,
        CaseStatus.CPS_NFA,
        CaseStatus.CREATED_IN_ERROR,
    ],
)
def test_each_way_a_case_closes_closes_its_unused_material(
    personas: Personas, case: CaseFile, material: Material, status: str
) -> None:
    case = closed(case, status)
    for action in ("add an item", "review an item"):
        with pytest.raises(Forbidden, match=CLOSED):
            ACTIONS[action](personas, case, material)


def test_a_charged_case_still_has_its_disclosure_done(
    personas: Personas, case: CaseFile, material: Material
) -> None:
    # Charged is not closed: disclosure goes on to trial.
    case = closed(case, CaseStatus.CHARGED)
    ACTIONS["add an item"](personas, case, material)
    ACTIONS["record a disclosure"](personas, case, material)
    assert material.draft.items.count() == 3


def test_the_outsider_is_still_told_who_may_act(
    personas: Personas, case: CaseFile, material: Material
) -> None:
    # Who may act is said first, as on an open case.
    case = closed(case)
    with pytest.raises(Forbidden, match="Only the officers of the case"):
        services.schedule_item_add(actor=personas.prosecutor, schedule=material.draft, details=CCTV)


# -- the pages ---------------------------------------------------------------------


def _url(name: str, *args: Any) -> str:
    return reverse(f"disclosure:{name}", args=args)


def _pages(case: CaseFile, m: Material) -> list[tuple[str, str]]:
    """(who, the page of a form or a step) for every action on the pages."""
    return [
        ("officer", _url("schedule-item-add", case.pk, m.draft.pk)),
        (
            "officer",
            _url("schedule-item-from-request-add", case.pk, m.empty.pk, m.request.pk),
        ),
        ("officer", _url("schedule-item-edit", case.pk, m.draft.pk, 1)),
        ("officer", _url("schedule-step", case.pk, m.draft.pk, "serve")),
        ("officer", _url("schedule-step", case.pk, m.empty.pk, "nil-return")),
        ("officer", _url("report-entry-add", case.pk, m.report.pk)),
        ("officer", _url("report-step", case.pk, m.report.pk, "serve")),
        ("officer", _url("dmd-create", case.pk)),
        ("officer", _url("dmd-edit", case.pk, m.draft_dmd.pk)),
        ("officer", _url("dmd-step", case.pk, m.draft_dmd.pk, "serve")),
        ("prosecutor", _url("schedule-item-review", case.pk, m.served.pk, 2)),
        ("prosecutor", _url("schedule-step", case.pk, m.served.pk, "send-back")),
        ("prosecutor", _url("dmd-step", case.pk, m.sent_dmd.pk, "agree")),
        ("prosecutor", _url("record-disclosed", case.pk)),
        ("prosecutor", _url("record-defence-statement", case.pk)),
    ]


def test_every_page_of_an_action_refuses_on_a_closed_case(
    personas: Personas, case: CaseFile, material: Material
) -> None:
    pages = _pages(case, material)
    case = closed(case)
    before = everything()
    today = TODAY().isoformat()
    filled = {
        "description": "x",
        "location": "y",
        "sensitivity_reason": "z",
        "statement": "None held",
        "item_numbers": "2",
        "why": "x",
        "decision": "disclose",
        "reasons": "x",
        "reason": "x",
        "reply_by": (TODAY() + timedelta(days=7)).isoformat(),
        "disclosed_on": today,
        "received_on": today,
        "how": "By email",
        **DMD.__dict__,
    }
    for who, url in pages:
        client = client_for(getattr(personas, who))
        assert CLOSED in refusal_of(client.get(url)), url
        assert client.post(url, filled).status_code == 403, url
    officer = client_for(personas.officer)
    chooser = _url("schedule-item-from-request", case.pk, material.empty.pk)
    assert CLOSED in refusal_of(officer.get(chooser))
    for url in (_url("schedule-start", case.pk, "mg6c"), _url("report-start", case.pk)):
        assert CLOSED in refusal_of(officer.post(url)), url
    assert everything() == before


def test_a_closed_case_s_pages_offer_no_action(
    personas: Personas, case: CaseFile, material: Material
) -> None:
    case = closed(case)
    officer = client_for(personas.officer)
    tab = html_of(officer.get(_url("case-disclosure", case.pk)))
    assert "Unused material" in tab  # still read
    for offered in (
        _url("schedule-start", case.pk, "mg6c"),
        _url("report-start", case.pk),
        _url("dmd-create", case.pk),
    ):
        assert offered not in tab
    draft = html_of(officer.get(_url("schedule", case.pk, material.empty.pk)))
    assert _url("schedule-item-add", case.pk, material.empty.pk) not in draft
    assert _url("schedule-item-from-request", case.pk, material.empty.pk) not in draft
    assert "nil-return" not in draft
    prosecutor = client_for(personas.prosecutor)
    page = html_of(prosecutor.get(_url("schedule", case.pk, material.served.pk)))
    assert "send-back" not in page and "/review/" not in page
    sheet = html_of(prosecutor.get(_url("record-sheet", case.pk)))
    assert "Record a disclosure" not in sheet


# -- the API -------------------------------------------------------------------------


def _api_calls(case: CaseFile, m: Material) -> list[tuple[str, str, dict[str, Any]]]:
    base = f"/api/v1/cases/{case.pk}"
    schedules = f"{base}/schedules"
    reports = f"{base}/disclosure-officer-reports"
    dmds = f"{base}/disclosure-management-documents"
    reply_by = (TODAY() + timedelta(days=7)).isoformat()
    return [
        ("officer", f"{schedules}/", {"schedule_kind": "mg6c"}),
        ("officer", f"{schedules}/{m.draft.pk}/add-item/", {"description": "x", "location": "y"}),
        (
            "officer",
            f"{schedules}/{m.empty.pk}/add-item/",
            {
                "description": "x",
                "location": "y",
                "sensitivity_reason": "z",
                "victim_information_request": m.request.pk,
            },
        ),
        (
            "officer",
            f"{schedules}/{m.draft.pk}/change-item/",
            {"number": 1, "description": "x", "location": "y"},
        ),
        ("officer", f"{schedules}/{m.draft.pk}/serve/", {}),
        ("officer", f"{schedules}/{m.empty.pk}/nil-return/", {"statement": "None held"}),
        ("officer", f"{reports}/", {}),
        ("officer", f"{reports}/{m.report.pk}/add-entry/", {"item_numbers": [2], "why": "x"}),
        ("officer", f"{reports}/{m.report.pk}/serve/", {}),
        ("officer", f"{dmds}/", DMD.__dict__),
        ("officer", f"{dmds}/{m.draft_dmd.pk}/serve/", {}),
        (
            "prosecutor",
            f"{schedules}/{m.served.pk}/review-item/",
            {"number": 2, "decision": "disclose", "reasons": "x"},
        ),
        (
            "prosecutor",
            f"{schedules}/{m.served.pk}/send-back/",
            {"item_numbers": [1], "reason": "x", "reply_by": reply_by},
        ),
        ("prosecutor", f"{dmds}/{m.sent_dmd.pk}/agree/", {"comments": ""}),
    ]


def test_every_api_action_refuses_on_a_closed_case(
    personas: Personas, case: CaseFile, material: Material
) -> None:
    calls = _api_calls(case, material)
    case = closed(case)
    before = everything()
    clients: dict[str, Api] = {}
    for who, url, data in calls:
        user: User = getattr(personas, who)
        api = clients.setdefault(who, Api(user))
        response = api.post(url, data)
        assert response.status_code == 403, (url, response.content)
        assert response.json()["detail"].startswith(CLOSED), url
    changed = Api(personas.officer).patch(
        f"/api/v1/cases/{case.pk}/disclosure-management-documents/{material.draft_dmd.pk}/",
        {"examined": "Both phones"},
    )
    assert changed.status_code == 403 and changed.json()["detail"].startswith(CLOSED)
    assert everything() == before
