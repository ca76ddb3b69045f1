"""A victim information request in a real browser.

The officer in the case drafts a request to the complainant's GP on the
case's Disclosure tab, answering each statutory test, and submits it; the
prosecutor agrees it; the officer records the written notice to the
complainant and sends it, and the holder's reply is a deadline.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.plugin import DjangoDbBlocker

from cases.models import CaseFile, Deadline
from disclosure.requests.models import RequestStatus, VictimInformationRequest
from tests.conftest import load_reference_data
from tests.e2e.conftest import OFFICER_EMAIL, OFFICER_PASSWORD, BrowserProblems
from tests.e2e.test_case_journey import cases_reference_data_load
from tests.e2e.test_complainant_journey import (  # noqa: F401 (fixtures)
    CPS_PASSWORD,
    PROSECUTOR_EMAIL,
    case_with_cps,
)
from tests.support import sign_in, sign_out, success, tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def _disclosure_reference_data_restored(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker | None
) -> Iterator[None]:
    yield
    assert django_db_blocker is not None
    with django_db_blocker.unblock():
        load_reference_data()
        cases_reference_data_load()
        connections.close_all()


ANSWERS = {
    "Who holds the information": "Riverside Surgery",
    "The specific information sought": "The note of the consultation on 2 March about injuries",
    "The reasonable line of enquiry it serves": "Whether injuries were recorded the next day",
    "The issue in the case it bears on": "Consent: the suspect says it was consensual",
    "Why there is reason to believe the holder has the information": "C1 saw her GP on 2 March",
    "Why there is reason to believe it is relevant to a reasonable line of enquiry": (
        "Injuries the next day bear on whether force was used"
    ),
    "Why the request is necessary and proportionate": "Two weeks of notes; no other record",
    "The less intrusive means considered first": "Asked C1 for photographs: none were taken",
}


def test_the_officer_drafts_the_prosecutor_agrees_and_the_officer_sends(
    page: Page,
    problems: BrowserProblems,
    case_with_cps: CaseFile,  # noqa: F811
) -> None:
    case = case_with_cps
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    tab(page, "Disclosure")
    problems.assert_clean(page, "the disclosure tab")
    page.get_by_role("button", name="Ask a third party for information").click()
    page.get_by_label("For which complainant").select_option(label="C1")
    page.get_by_label("Kind of holder").select_option(label="GP or medical")
    for label, answer in ANSWERS.items():
        page.get_by_label(label, exact=True).fill(answer)
    page.get_by_label("Records from").fill("1/3/2026")
    page.get_by_label("Records to").fill("14/3/2026")
    problems.assert_clean(page, "the request form")
    page.get_by_role("button", name="Save the draft").click()
    assert success(page) == "Request drafted"
    page.get_by_test_id("request-table").get_by_role("link").first.click()
    page.get_by_role("button", name="Submit the request").click()
    page.get_by_role("button", name="Submit the request").click()  # the step's form
    assert success(page) == "Request submitted"
    expect(page.get_by_test_id("request-status")).to_have_text("Awaiting the prosecutor")
    sign_out(page)

    sign_in(page, PROSECUTOR_EMAIL, CPS_PASSWORD)
    vir = VictimInformationRequest.objects.get()
    page.goto(f"/cases/{case.pk}/disclosure/requests/{vir.pk}/")
    page.get_by_role("button", name="Record your decision").click()
    page.get_by_label("Agreed").check()
    page.get_by_role("button", name="Record your decision").click()
    assert success(page) == "Decision recorded"
    sign_out(page)

    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    page.goto(f"/cases/{case.pk}/disclosure/requests/{vir.pk}/")
    page.get_by_role("button", name="Record the notice to the complainant").click()
    now = timezone.localtime()
    page.get_by_label("Date the notice was given").fill(f"{now.day}/{now.month}/{now.year}")
    page.get_by_label("Time").fill(f"{now:%H:%M}")
    page.get_by_label("Letter").check()
    page.get_by_label("What the notice said").fill("What is sought, why, and how it is handled.")
    page.get_by_role("button", name="Record the notice to the complainant").click()
    assert success(page) == "Notice recorded in the complainant's contact log"
    page.get_by_role("button", name="Record it as sent").click()
    page.get_by_label("Date sent to the holder").fill(f"{now.day}/{now.month}/{now.year}")
    page.get_by_label("Reply due by").fill("1/1/2099")
    page.get_by_role("button", name="Record it as sent").click()
    assert success(page) == "Request sent: the holder's reply is a deadline"
    problems.assert_clean(page, "the sent request")

    vir.refresh_from_db()
    assert vir.status == RequestStatus.SENT
    assert Deadline.objects.filter(case=case, kind="disclosure_reply").exists()


def test_the_officer_serves_a_schedule_and_the_prosecutor_reviews_its_item(
    page: Page,
    problems: BrowserProblems,
    case_with_cps: CaseFile,  # noqa: F811
) -> None:
    from disclosure.schedules.models import RecordEntry, ScheduleItem

    case = case_with_cps
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    tab(page, "Disclosure")
    page.get_by_role("button", name="Start the MG6C").click()
    page.get_by_role("button", name="Add an item").click()
    page.get_by_label("Description").fill("CCTV from the bus station, 21:00 to 23:00")
    page.get_by_label("Where it is kept").fill("Exhibits store, Maidstone")
    page.get_by_role("button", name="Add the item").click()
    assert success(page) == "Item 1 added"
    page.get_by_role("button", name="Serve the schedule").click()
    page.get_by_role("button", name="Serve the schedule").click()  # the step's form
    assert success(page) == "Schedule served on the prosecutor"
    problems.assert_clean(page, "the served schedule")
    schedule_url = page.url
    sign_out(page)

    sign_in(page, PROSECUTOR_EMAIL, CPS_PASSWORD)
    page.goto(schedule_url)
    page.get_by_role("link", name="Review item 1").click()
    page.get_by_label("Clearly not disclosable").check()
    page.get_by_label("Reasons").fill("It shows the bus station only after the events.")
    page.get_by_role("button", name="Record your decision").click()
    assert success(page) == "Item 1 reviewed"
    problems.assert_clean(page, "the reviewed item")

    item = ScheduleItem.objects.get(number=1)
    assert item.reviews.get().decision == "not_disclosable"
    assert RecordEntry.objects.filter(case=case).count() >= 2  # received, considered
