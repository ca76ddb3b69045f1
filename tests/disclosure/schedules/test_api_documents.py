"""The MG6E, the disclosure management document and the disclosure record
sheet over the API, on the services the pages call: Dana Officer starts the
MG6E, adds an entry and serves it, and the current one is read; she drafts
the DMD, changes it and sends it, and the prosecutor agrees it; the record
sheet is read newest first, a page at a time, each read audited. Outsiders
get 404 everywhere, and nothing is saved by bad input or a refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import DjangoAssertNumQueries

from cases.models import CaseFile
from disclosure.schedules import services
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    ManagementDocument,
    RecordEntry,
    RecordKind,
)
from rasso.audit.models import AuditEvent
from tests.cases.test_api import Api
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.schedules.factories import served
from tests.disclosure.schedules.test_services import DMD

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "officer of another force",
    "prosecutor of another Area",
    "CPS SPOC of another Area",
    "panel member",
    "manager",
    "administrator",
    "supervisor",
    "colleague",
]


def reports_url(case: CaseFile, pk: int | str | None = None, move: str = "") -> str:
    url = f"/api/v1/cases/{case.pk}/disclosure-officer-reports/"
    if pk is not None:
        url += f"{pk}/"
    return url + (f"{move}/" if move else "")


def dmds_url(case: CaseFile, pk: int | None = None, move: str = "") -> str:
    url = f"/api/v1/cases/{case.pk}/disclosure-management-documents/"
    if pk is not None:
        url += f"{pk}/"
    return url + (f"{move}/" if move else "")


def record_url(case: CaseFile) -> str:
    return f"/api/v1/cases/{case.pk}/disclosure-record/"


def ok(response: Any, code: int = 200) -> dict[str, Any]:
    assert response.status_code == code, response.content
    answer: dict[str, Any] = response.json()
    return answer


def _outsider(personas: Personas, who: str) -> Api:
    user = getattr(personas, who) if who in {"supervisor", "colleague"} else None
    return Api(user or outsiders(personas)[who])


# -- the MG6E ------------------------------------------------------------------------


def test_the_mg6e_is_started_added_to_served_and_read(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    officer, prosecutor = Api(personas.officer), Api(personas.prosecutor)
    assert prosecutor.get(reports_url(case, "current")).status_code == 404  # none served yet

    made = ok(officer.post(reports_url(case)), 201)
    pk = made["id"]
    assert (made["edition"], made["edition_status"], made["entries"]) == (1, "draft", [])
    added = ok(
        officer.post(
            reports_url(case, pk, "add-entry"),
            {"item_numbers": [2], "why": "The CCTV may show her leaving alone"},
        )
    )
    assert [e["item_numbers"] for e in added["entries"]] == [[2]]
    assert ok(officer.post(reports_url(case, pk, "serve")))["edition_status"] == "served"

    current = ok(prosecutor.get(reports_url(case, "current")))
    assert current["id"] == pk and current["entries"][0]["why"].startswith("The CCTV")
    # The next edition starts from the last; the current one stays until it is served.
    second = ok(officer.post(reports_url(case)), 201)
    assert second["edition"] == 2 and len(second["entries"]) == 1
    assert ok(prosecutor.get(reports_url(case, "current")))["id"] == pk
    ok(officer.post(reports_url(case, second["id"], "serve")))
    assert ok(prosecutor.get(reports_url(case, "current")))["id"] == second["id"]

    listed = ok(prosecutor.get(reports_url(case)))
    assert [(r["edition"], r["edition_status"]) for r in listed["results"]] == [
        (2, "served"),
        (1, "superseded"),
    ]
    assert [
        r["id"] for r in ok(prosecutor.get(reports_url(case) + "?status=superseded"))["results"]
    ] == [pk]
    ok(prosecutor.get(reports_url(case, pk)))
    views = AuditEvent.objects.filter(action="disclosure.mg6e_view", actor=personas.prosecutor)
    assert views.count() == 4  # three reads of the current one, one of an edition
    assert RecordEntry.objects.filter(kind=RecordKind.REPORT_RECEIVED).count() == 2


def test_the_mg6e_refuses_bad_input_and_the_wrong_role(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    officer = Api(personas.officer)
    pk = ok(officer.post(reports_url(case)), 201)["id"]

    assert officer.post(reports_url(case)).status_code == 400  # one draft at a time
    shape = officer.post(reports_url(case, pk, "add-entry"), {"item_numbers": "two"})
    assert shape.status_code == 400
    wrong = officer.post(reports_url(case, pk, "add-entry"), {"item_numbers": [9], "why": ""})
    assert wrong.status_code == 400 and set(wrong.json()) >= {"detail", "item_numbers", "why"}
    refused = Api(personas.prosecutor).post(reports_url(case, pk, "serve"))
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only the officers of the case can serve the disclosure officer's report"
    )
    report = DisclosureOfficerReport.objects.get()
    assert report.is_draft and not report.entries.exists()
    assert Api(personas.officer).get(reports_url(case, 999999)).status_code == 404


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_the_mg6e(personas: Personas, case: CaseFile, who: str) -> None:
    served(personas.officer, case)
    report = services.report_start(actor=personas.officer, case=case)
    services.report_serve(actor=personas.officer, report=report)
    api = _outsider(personas, who)
    for url in (reports_url(case), reports_url(case, report.pk), reports_url(case, "current")):
        assert api.get(url).status_code == 404, url
    for url in (
        reports_url(case),
        reports_url(case, report.pk, "add-entry"),
        reports_url(case, report.pk, "serve"),
    ):
        assert api.post(url, {"item_numbers": [1], "why": "x"}).status_code == 404, url
    assert DisclosureOfficerReport.objects.count() == 1


# -- the DMD ---------------------------------------------------------------------------


def test_the_dmd_is_drafted_changed_sent_and_agreed(personas: Personas, case: CaseFile) -> None:
    officer, prosecutor = Api(personas.officer), Api(personas.prosecutor)
    made = ok(officer.post(dmds_url(case), DMD.__dict__), 201)
    pk = made["id"]
    assert made["edition_status"] == "draft" and made["examined"] == DMD.examined

    changed = ok(officer.patch(dmds_url(case, pk), {"examined": "Both phones, by keyword"}))
    assert changed["examined"] == "Both phones, by keyword"
    assert changed["lines_of_enquiry"] == DMD.lines_of_enquiry  # not sent: unchanged
    early = prosecutor.post(dmds_url(case, pk, "agree"), {})
    assert early.status_code == 403 and "cannot be agreed" in early.json()["detail"]
    assert ok(officer.post(dmds_url(case, pk, "serve")))["edition_status"] == "served"
    assert officer.patch(dmds_url(case, pk), {"examined": "x"}).status_code == 403

    agreed = ok(prosecutor.post(dmds_url(case, pk, "agree"), {"comments": "Agreed."}))
    assert agreed["edition_status"] == "agreed"
    assert agreed["agreed_by"]["id"] == personas.prosecutor.pk
    again = prosecutor.post(dmds_url(case, pk, "agree"), {"comments": "Agreed."})
    assert again.status_code == 403
    assert RecordEntry.objects.filter(kind=RecordKind.DMD_AGREED).count() == 1

    second = ok(officer.post(dmds_url(case), DMD.__dict__), 201)
    ok(officer.post(dmds_url(case, second["id"], "serve")))
    versions = ok(prosecutor.get(dmds_url(case)))["results"]
    assert [(v["edition"], v["edition_status"]) for v in versions] == [
        (2, "served"),
        (1, "superseded"),
    ]
    ok(prosecutor.get(dmds_url(case, pk)))
    assert AuditEvent.objects.filter(action="disclosure.dmd_view", object_id=str(pk)).exists()


def test_the_dmd_refuses_bad_input_and_the_wrong_role(personas: Personas, case: CaseFile) -> None:
    officer = Api(personas.officer)
    empty = officer.post(
        dmds_url(case), {"lines_of_enquiry": "", "digital_strategy": "", "examined": ""}
    )
    assert empty.status_code == 400
    assert set(empty.json()) == {"detail", "lines_of_enquiry", "digital_strategy", "examined"}
    assert officer.post(dmds_url(case), {"examined": "x"}).status_code == 400  # shape
    refused = Api(personas.prosecutor).post(dmds_url(case), DMD.__dict__)
    assert refused.status_code == 403
    assert not ManagementDocument.objects.exists()
    dmd = services.dmd_start(actor=personas.officer, case=case, details=DMD)
    blank = officer.patch(dmds_url(case, dmd.pk), {"examined": "  "})
    assert blank.status_code == 400 and "examined" in blank.json()
    dmd.refresh_from_db()
    assert dmd.examined == DMD.examined


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_the_dmd(personas: Personas, case: CaseFile, who: str) -> None:
    dmd = services.dmd_start(actor=personas.officer, case=case, details=DMD)
    api = _outsider(personas, who)
    assert api.get(dmds_url(case)).status_code == 404
    assert api.get(dmds_url(case, dmd.pk)).status_code == 404
    assert api.post(dmds_url(case), DMD.__dict__).status_code == 404
    assert api.patch(dmds_url(case, dmd.pk), {"examined": "x"}).status_code == 404
    for move in ("serve", "agree"):
        assert api.post(dmds_url(case, dmd.pk, move), {}).status_code == 404, move
    dmd.refresh_from_db()
    assert dmd.is_draft and ManagementDocument.objects.count() == 1


# -- the record sheet ----------------------------------------------------------------------


def test_the_record_sheet_is_read_newest_first_and_audited(
    personas: Personas, case: CaseFile
) -> None:
    schedule = served(personas.officer, case)
    services.item_review(
        actor=personas.prosecutor, schedule=schedule, number=2, decision="disclose", reasons="Yes"
    )
    services.defence_statement_record(
        actor=personas.prosecutor, case=case, received_on=timezone.localdate(), note="By email"
    )
    officer = Api(personas.officer)

    sheet = ok(officer.get(record_url(case)))
    assert [e["record_kind"] for e in sheet["results"]] == [
        RecordKind.DEFENCE_STATEMENT,
        RecordKind.ITEM_CONSIDERED,
        RecordKind.SCHEDULE_RECEIVED,
    ]
    assert sheet["count"] == 3 and sheet["results"][0]["note"] == "By email"
    assert sheet["results"][1]["item_numbers"] == [2]
    page = ok(officer.get(record_url(case), page_size=2, page=2))
    assert [e["record_kind"] for e in page["results"]] == [RecordKind.SCHEDULE_RECEIVED]
    viewed = AuditEvent.objects.filter(
        action="disclosure.record_sheet_view", actor=personas.officer
    )
    assert viewed.count() == 2 and viewed.first().detail["case"] == case.pk  # type: ignore[union-attr]

    # Read only: nothing is written through it.
    for method in ("post", "patch"):
        answer = getattr(officer, method)(record_url(case), {"summary": "Never happened"})
        assert answer.status_code == 405
    assert RecordEntry.objects.count() == 3


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_the_record_sheet(
    personas: Personas, case: CaseFile, who: str
) -> None:
    served(personas.officer, case)
    assert _outsider(personas, who).get(record_url(case)).status_code == 404
    assert not AuditEvent.objects.filter(action="disclosure.record_sheet_view").exists()


def test_the_lists_are_flat_in_queries(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    prosecutor = Api(personas.prosecutor)
    served(personas.officer, case)
    today = timezone.localdate()

    def grow() -> None:
        report = services.report_start(actor=personas.officer, case=case)
        services.report_serve(actor=personas.officer, report=report)
        dmd = services.dmd_start(actor=personas.officer, case=case, details=DMD)
        services.dmd_serve(actor=personas.officer, dmd=dmd)
        services.dmd_agree(actor=personas.prosecutor, dmd=dmd, comments="Agreed")
        services.disclosure_record(
            actor=personas.prosecutor, case=case, item_numbers=[1], disclosed_on=today, how="x"
        )

    grow()
    urls = (reports_url(case), dmds_url(case), record_url(case))
    # token, memberships, case, case.view audit, grants, the count, the page
    # (its people joined), the scrubber's grants and complainants, the audits.
    few = []
    for url in urls:
        with django_assert_max_num_queries(16) as captured:
            prosecutor.client.get(url)
        few.append(len(captured))
    for _ in range(4):
        grow()
    for url, count in zip(urls, few, strict=True):
        with django_assert_max_num_queries(count):
            assert prosecutor.client.get(url).status_code == 200


def test_the_schema_documents_each_endpoint(client: Any, personas: Personas) -> None:
    client.force_login(personas.officer)
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    reports = "/api/v1/cases/{case_pk}/disclosure-officer-reports/"
    dmds = "/api/v1/cases/{case_pk}/disclosure-management-documents/"
    for path, methods in [
        (reports, {"get", "post"}),
        (reports + "current/", {"get"}),
        (reports + "{id}/", {"get"}),
        (reports + "{id}/add-entry/", {"post"}),
        (reports + "{id}/serve/", {"post"}),
        (dmds, {"get", "post"}),
        (dmds + "{id}/", {"get", "patch"}),
        (dmds + "{id}/serve/", {"post"}),
        (dmds + "{id}/agree/", {"post"}),
        ("/api/v1/cases/{case_pk}/disclosure-record/", {"get"}),
    ]:
        assert set(paths[path]) - {"parameters"} == methods, path
        for method in methods:
            operation = paths[path][method]
            assert operation["summary"] and "404" in operation["responses"], (path, method)
