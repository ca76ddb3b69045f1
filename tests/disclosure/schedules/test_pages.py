"""Unused material in the browser: the officer starts the MG6C on the case's
Disclosure tab, adds items, serves it; the prosecutor reviews an item and
sends the schedule back; the officer's next edition keeps the numbers; a
nil return, the MG6E, the DMD and the record sheet each have their page.
Bad input saves nothing; everyone outside the case's entitled police and
prosecutor gets 404; the schedule page's queries do not grow with its items."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile, Deadline
from disclosure.schedules import services
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    EditionStatus,
    ItemReview,
    ManagementDocument,
    RecordEntry,
    RecordKind,
    Schedule,
    ScheduleItem,
    ScheduleKind,
)
from disclosure.schedules.services import RESERVE_DEADLINE_KIND
from rasso.audit.models import AuditEvent
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.schedules.factories import (
    CCTV,
    MESSAGES,
    item_details,
    numbers_of,
    served,
    started,
    with_items,
)
from tests.disclosure.schedules.test_services import DMD
from tests.support import client_for, html_of, queries_for, refusal_of

pytestmark = pytest.mark.django_db


def _url(name: str, *args: Any) -> str:
    return reverse(f"disclosure:{name}", args=args)


def _item_form(**changes: Any) -> dict[str, Any]:
    return {"description": MESSAGES.description, "location": MESSAGES.location, **changes}


def test_the_officer_serves_and_the_prosecutor_sends_back(
    personas: Personas, case: CaseFile
) -> None:
    officer = client_for(personas.officer)
    tab = html_of(officer.get(_url("case-disclosure", case.pk)))
    assert "Unused material" in tab and _url("schedule-start", case.pk, "mg6c") in tab

    started_answer = officer.post(_url("schedule-start", case.pk, "mg6c"))
    schedule = Schedule.objects.get()
    assert started_answer.url == _url("schedule", case.pk, schedule.pk)  # type: ignore[attr-defined]
    officer.post(_url("schedule-item-add", case.pk, schedule.pk), _item_form())
    officer.post(
        _url("schedule-item-add", case.pk, schedule.pk),
        _item_form(description=CCTV.description, may_meet_test="on"),
    )
    page = html_of(officer.get(_url("schedule", case.pk, schedule.pk)))
    assert "412 messages with friends" in page and "Might meet the test" in page
    officer.post(_url("schedule-step", case.pk, schedule.pk, "serve"))
    again = officer.post(_url("schedule-step", case.pk, schedule.pk, "serve"))
    schedule.refresh_from_db()
    assert schedule.status == EditionStatus.SERVED and again.status_code == 403
    assert RecordEntry.objects.filter(kind=RecordKind.SCHEDULE_RECEIVED).count() == 1

    prosecutor = client_for(personas.prosecutor)
    page = html_of(prosecutor.get(_url("schedule", case.pk, schedule.pk)))
    assert _url("schedule-item-review", case.pk, schedule.pk, 1) in page
    prosecutor.post(
        _url("schedule-item-review", case.pk, schedule.pk, 1),
        {"decision": "more_description", "reasons": "What are the messages about?"},
    )
    form = html_of(prosecutor.get(_url("schedule-step", case.pk, schedule.pk, "send-back")))
    assert "checked" in form  # item 1, which wants more description, is offered ticked
    prosecutor.post(
        _url("schedule-step", case.pk, schedule.pk, "send-back"),
        {
            "item_numbers": ["1"],
            "reason": "Item 1 does not say what the messages are about",
            "reply_by": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    schedule.refresh_from_db()
    assert schedule.status == EditionStatus.RETURNED
    assert Deadline.objects.get(kind=RESERVE_DEADLINE_KIND).owner == personas.officer

    officer.post(_url("schedule-start", case.pk, "mg6c"))
    second = Schedule.objects.get(edition=2)
    assert numbers_of(second) == [1, 2]
    officer.post(
        _url("schedule-item-edit", case.pk, second.pk, 1),
        _item_form(description="412 messages about a party; none about the events"),
    )
    officer.post(_url("schedule-step", case.pk, second.pk, "serve"))
    schedule.refresh_from_db()
    assert schedule.status == EditionStatus.SUPERSEDED
    assert ScheduleItem.objects.get(schedule=schedule, number=1).description == (
        MESSAGES.description
    )
    assert AuditEvent.objects.filter(
        action="disclosure.schedule_viewed", actor=personas.prosecutor
    ).exists()


def test_the_tab_lists_every_edition(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    started(personas.officer, case)
    tab = html_of(client_for(personas.prosecutor).get(_url("case-disclosure", case.pk)))
    assert tab.count("MG6C: non-sensitive unused material") == 2
    assert _url("record-sheet", case.pk) in tab
    # The prosecutor starts nothing.
    assert _url("schedule-start", case.pk, "mg6c") not in tab
    # The officer continues the MG6C's draft from its page; the MG6D is to start.
    mine = html_of(client_for(personas.officer).get(_url("case-disclosure", case.pk)))
    assert _url("schedule-start", case.pk, "mg6c") not in mine
    assert _url("schedule-start", case.pk, "mg6d") in mine


def test_a_bad_item_saves_nothing(personas: Personas, case: CaseFile) -> None:
    schedule = started(personas.officer, case, ScheduleKind.SENSITIVE)
    officer = client_for(personas.officer)

    page = html_of(
        officer.post(
            _url("schedule-item-add", case.pk, schedule.pk),
            _item_form(location="", generic="on", may_meet_test="on"),
        )
    )

    assert "Say where the item is kept" in page
    assert "Say why the material is sensitive" in page
    assert "described on its own" in page
    assert not ScheduleItem.objects.exists()


def test_the_item_pages(personas: Personas, case: CaseFile) -> None:
    schedule = with_items(personas.officer, case, MESSAGES)
    officer = client_for(personas.officer)
    assert "Why it is sensitive" not in html_of(
        officer.get(_url("schedule-item-add", case.pk, schedule.pk))
    )
    form = html_of(officer.get(_url("schedule-item-edit", case.pk, schedule.pk, 1)))
    assert MESSAGES.location in form
    assert officer.get(_url("schedule-item-edit", case.pk, schedule.pk, 9)).status_code == 404
    # A draft is not reviewed: the review page says why.
    prosecutor = client_for(personas.prosecutor)
    assert "only a served schedule" in refusal_of(
        prosecutor.get(_url("schedule-item-review", case.pk, schedule.pk, 1))
    )


def test_the_review_page_saves_nothing_without_reasons(personas: Personas, case: CaseFile) -> None:
    schedule = served(personas.officer, case)
    prosecutor = client_for(personas.prosecutor)
    url = _url("schedule-item-review", case.pk, schedule.pk, 2)
    assert "Your decision" in html_of(prosecutor.get(url))
    page = html_of(prosecutor.post(url, {"decision": "disclose", "reasons": ""}))
    assert "Give the reasons for your decision" in page
    assert not ItemReview.objects.exists()
    assert client_for(personas.officer).get(url).status_code == 403


def test_the_nil_return_page(personas: Personas, case: CaseFile) -> None:
    officer = client_for(personas.officer)
    officer.post(_url("schedule-start", case.pk, "mg6d"))
    schedule = Schedule.objects.get()
    url = _url("schedule-step", case.pk, schedule.pk, "nil-return")

    assert "nil return" in html_of(officer.get(url)).lower()
    html_of(officer.post(url, {"statement": ""}))
    schedule.refresh_from_db()
    assert not schedule.nil_return
    officer.post(url, {"statement": "No sensitive material: intelligence checks came back nil"})

    page = html_of(officer.get(_url("schedule", case.pk, schedule.pk)))
    assert "Nil return" in page and "Dana Officer" in page
    signed = Schedule.objects.get(pk=schedule.pk)
    assert signed.nil_return and signed.nil_return_by == personas.officer


def test_the_mg6e_pages(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    officer = client_for(personas.officer)
    officer.post(_url("report-start", case.pk))
    report = DisclosureOfficerReport.objects.get()
    add = _url("report-entry-add", case.pk, report.pk)

    assert "Schedule items" in html_of(officer.get(add))
    page = html_of(officer.post(add, {"item_numbers": "two", "why": "x"}))
    assert "whole numbers" in page
    officer.post(add, {"item_numbers": "2", "why": "The CCTV may show her leaving alone"})
    officer.post(_url("report-step", case.pk, report.pk, "serve"))

    page = html_of(client_for(personas.prosecutor).get(_url("report", case.pk, report.pk)))
    assert "The CCTV may show her leaving alone" in page
    report.refresh_from_db()
    assert report.status == EditionStatus.SERVED and report.entries.count() == 1


def test_the_dmd_pages(personas: Personas, case: CaseFile) -> None:
    officer = client_for(personas.officer)
    create = _url("dmd-create", case.pk)
    html_of(officer.post(create, {"lines_of_enquiry": "", "digital_strategy": "", "examined": ""}))
    assert not ManagementDocument.objects.exists()
    officer.post(create, DMD.__dict__)
    dmd = ManagementDocument.objects.get()
    officer.post(_url("dmd-edit", case.pk, dmd.pk), {**DMD.__dict__, "examined": "Both phones"})
    officer.post(_url("dmd-step", case.pk, dmd.pk, "serve"))

    prosecutor = client_for(personas.prosecutor)
    page = html_of(prosecutor.get(_url("dmd", case.pk, dmd.pk)))
    assert "Both phones" in page and _url("dmd-step", case.pk, dmd.pk, "agree") in page
    prosecutor.post(_url("dmd-step", case.pk, dmd.pk, "agree"), {"comments": "Agreed."})
    dmd.refresh_from_db()
    assert dmd.status == EditionStatus.AGREED and dmd.agreed_by == personas.prosecutor
    # A next edition starts from the last.
    assert "Both phones" in html_of(officer.get(create))


def test_the_record_sheet_pages(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    prosecutor = client_for(personas.prosecutor)
    today = timezone.localdate().isoformat()

    bad = html_of(
        prosecutor.post(
            _url("record-disclosed", case.pk),
            {"item_numbers": "9", "disclosed_on": today, "how": "By email"},
        )
    )
    assert "has item 9" in bad
    prosecutor.post(
        _url("record-disclosed", case.pk),
        {"item_numbers": "2", "disclosed_on": today, "how": "Served on the defence by email"},
    )
    prosecutor.post(_url("record-defence-statement", case.pk), {"received_on": today})

    sheet = html_of(prosecutor.get(_url("record-sheet", case.pk)))
    assert "Items 2 disclosed to the defence" in sheet
    assert "Defence statement received" in sheet and "MG6C edition 1 received" in sheet
    assert RecordEntry.objects.count() == 3
    officer = client_for(personas.officer)
    assert "Record a disclosure" not in html_of(officer.get(_url("record-sheet", case.pk)))
    assert officer.get(_url("record-disclosed", case.pk)).status_code == 403


def test_everyone_outside_need_to_know_gets_404(personas: Personas, case: CaseFile) -> None:
    schedule = served(personas.officer, case)
    report = services.report_start(actor=personas.officer, case=case)
    dmd = services.dmd_start(actor=personas.officer, case=case, details=DMD)
    urls = [
        _url("schedule", case.pk, schedule.pk),
        _url("schedule-item-add", case.pk, schedule.pk),
        _url("schedule-item-edit", case.pk, schedule.pk, 1),
        _url("schedule-item-review", case.pk, schedule.pk, 1),
        *(_url("schedule-step", case.pk, schedule.pk, s) for s in ("serve", "send-back")),
        _url("report", case.pk, report.pk),
        _url("report-entry-add", case.pk, report.pk),
        _url("dmd", case.pk, dmd.pk),
        _url("dmd-edit", case.pk, dmd.pk),
        _url("dmd-create", case.pk),
        _url("record-sheet", case.pk),
        _url("record-disclosed", case.pk),
        _url("record-defence-statement", case.pk),
    ]
    posts = [_url("schedule-start", case.pk, "mg6c"), _url("report-start", case.pk)]
    # The force's supervisor, the CPS SPOC and an un-granted colleague see
    # the case (or some of it) but not its unused material.
    for user in [
        *outsiders(personas).values(),
        personas.supervisor,
        personas.cps_spoc,
        personas.colleague,
    ]:
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {"reasons": "x"}).status_code in (404, 405), (user, url)
        for url in posts:
            assert client.post(url).status_code == 404, (user, url)
    tab = client_for(personas.supervisor).get(_url("case-disclosure", case.pk))
    assert "Unused material" not in html_of(tab)
    assert Schedule.objects.count() == 1 and RecordEntry.objects.count() == 1


def test_the_schedule_page_s_queries_do_not_grow_with_its_items(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: Any
) -> None:
    one = served(personas.officer, case, MESSAGES)
    many = with_items(
        personas.officer,
        case,
        *(item_details(description=f"Log {n}", sensitivity_reason="x") for n in range(10)),
        kind=ScheduleKind.SENSITIVE,
    )
    services.schedule_serve(actor=personas.officer, schedule=many)
    for schedule in (one, many):
        services.item_review(
            actor=personas.prosecutor,
            schedule=schedule,
            number=schedule.items.order_by("number").first().number,  # type: ignore[union-attr]
            decision="not_disclosable",
            reasons="Routine",
        )
    prosecutor = client_for(personas.prosecutor)

    # The session and user, the memberships, the case, the grant, the
    # schedule, its items, their reviews and reviewers, the audit rows, the
    # tabs and the scrubber's complainants: the same for 1 item and for 10.
    small = queries_for(
        prosecutor, _url("schedule", case.pk, one.pk), django_assert_max_num_queries, 40
    )
    large = queries_for(
        prosecutor, _url("schedule", case.pk, many.pk), django_assert_max_num_queries, 40
    )
    assert small == large
