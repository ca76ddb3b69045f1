"""A case from early advice to a charge, in a real browser.

The investigator asks CPS for early advice; the CPS SPOC allocates the
request and the prosecutor answers it. The investigator completes the file
and submits it; the CPS SPOC allocates the case; the prosecutor issues a
five-item action plan; the investigator answers every item and resubmits; the
prosecutor records a charge, and a deadline to tell the complainant opens.
Each of them finds their next piece of work from the "your work" page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.plugin import DjangoDbBlocker

from cases import services as case_services
from cases.models import CaseFile, DocumentKind, Offence
from rasso.accounts.models import Organisation, Role, User
from rasso.accounts.services import membership_create, user_create
from tests.cases.factories import PDF_BYTES, upload
from tests.conftest import load_reference_data
from tests.e2e.conftest import OFFICER_EMAIL, OFFICER_PASSWORD, BrowserProblems
from tests.e2e.test_case_journey import cases_reference_data_load
from tests.support import sign_in, sign_out, success, tab
from victims.services import complainant_add

# Transactional, since the live server reads the database from its own thread.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SPOC_EMAIL = "nadia.ward@cps.example"
PROSECUTOR_EMAIL = "owen.price@cps.example"
PROSECUTOR_NAME = "Owen Price"
CPS_PASSWORD = "Harbour-Thistle-Copper-44"
URN = "46KA0888126"
ITEMS = 5


@pytest.fixture(scope="module", autouse=True)
def _charging_reference_data_restored(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker | None
) -> Iterator[None]:
    """Put the forces, Areas, offences and bank holidays back after this
    module's flush, for the tests that follow (and a kept database)."""
    yield
    assert django_db_blocker is not None
    with django_db_blocker.unblock():
        load_reference_data()
        cases_reference_data_load()
        # Outside any test: close the connection, or the test database cannot
        # be dropped at the end of the run.
        connections.close_all()


@pytest.fixture
def cps_people(kent: Organisation) -> None:
    """A CPS SPOC and a prosecutor of South East, Kent's Area."""
    load_reference_data()
    cases_reference_data_load()
    south_east = Organisation.objects.get(name="South East")
    for email, name, role in (
        (SPOC_EMAIL, "Nadia Ward", Role.CPS_SPOC),
        (PROSECUTOR_EMAIL, PROSECUTOR_NAME, Role.PROSECUTOR),
    ):
        user = user_create(actor=None, email=email, full_name=name, password=CPS_PASSWORD)
        membership_create(actor=None, user=user, organisation=south_east, role=role)


@pytest.fixture
def case_under_investigation(officer: User, cps_people: None) -> CaseFile:
    """A Kent case under investigation, its file complete but for the MG5
    case summary (the creation of a case has a browser test of its own)."""
    case = case_services.case_create(
        actor=officer,
        urn=URN,
        force=Organisation.objects.get(name="Kent"),
        reported_on=date(2026, 3, 1),
    )
    case_services.offence_add(
        actor=officer,
        case=case,
        offence=Offence.objects.get(act="Sexual Offences Act 2003", section="1"),
        committed_from=date(2026, 2, 27),
    )
    case_services.suspect_add(actor=officer, case=case, first_names="Martin", last_name="Crowe")
    complainant_add(actor=officer, case=case, first_names="Rowena", last_name="Ashdown")
    for kind in (
        DocumentKind.MG3,
        DocumentKind.ABE,
        DocumentKind.MG15,
        DocumentKind.MG6C,
        DocumentKind.MG6D,
    ):
        upload(case, officer, kind)
    case_services.case_start_investigation(actor=officer, case=case)
    case.refresh_from_db()
    return case


def from_my_work(page: Page, count: str, section: str) -> None:
    """Follow the dashboard's link for ``section`` ("1 request"), then the case."""
    key = page.locator("dt", has_text=re.compile(f"^{re.escape(section)}$"))
    row = page.locator(".govuk-summary-list__row", has=key)
    expect(row.locator("dd")).to_contain_text(count)
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(section)
    page.get_by_role("link", name=URN).click()


def submit_to_cps(page: Page) -> None:
    tab(page, "Summary")
    page.get_by_role("button", name="Submit to CPS").click()
    page.get_by_role("button", name="Submit to CPS", exact=True).click()
    assert "Submitted to CPS South East" in success(page)


def test_early_advice_an_action_plan_and_a_charge(
    page: Page, problems: BrowserProblems, case_under_investigation: CaseFile
) -> None:
    # The investigator asks CPS for early advice.
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    page.goto(f"/cases/{case_under_investigation.pk}/")
    tab(page, "Early advice")
    page.get_by_role("button", name="Ask CPS for early advice").click()
    page.get_by_label("Likely charges").fill("Rape (s.1) or assault by penetration (s.2)?")
    page.get_by_role("button", name="Send the request").click()
    assert success(page) == "Early advice requested from CPS South East"
    problems.assert_clean(page, "the requested early advice")
    sign_out(page)

    # The CPS SPOC allocates it to a prosecutor.
    sign_in(page, SPOC_EMAIL, CPS_PASSWORD)
    from_my_work(page, "1 request", "Early advice to allocate")
    page.get_by_role("button", name="Allocate", exact=True).click()
    page.get_by_label("Prosecutor").select_option(label=PROSECUTOR_NAME)
    page.get_by_role("button", name="Allocate", exact=True).click()
    assert success(page) == "Early advice allocated"
    problems.assert_clean(page, "the allocated early advice")
    sign_out(page)

    # The prosecutor answers it.
    sign_in(page, PROSECUTOR_EMAIL, CPS_PASSWORD)
    from_my_work(page, "1 request", "Early advice due")
    expect(page.get_by_text("Rape (s.1) or assault by penetration (s.2)?")).to_be_visible()
    page.get_by_role("button", name="Give advice").click()
    for label in (
        "Investigation strategy",
        "Reasonable lines of enquiry",
        "Evidential requirements",
        "Disclosure decisions",
        "Third-party material decisions",
    ):
        page.get_by_label(label, exact=True).fill(f"{label}: as discussed.")
    page.get_by_role("button", name="Give advice").click()
    assert success(page) == "Early advice given"
    problems.assert_clean(page, "the advice given")
    sign_out(page)

    # The investigator reads the advice, completes the file and submits it.
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    from_my_work(page, "1 request", "Advice received")
    expect(page.get_by_text("Investigation strategy: as discussed.")).to_be_visible()
    page.get_by_role("button", name="Acknowledge the advice").click()
    assert success(page) == "Advice acknowledged"
    tab(page, "Documents")
    page.get_by_label("Kind of document").select_option(str(DocumentKind.MG5))
    page.get_by_label("Upload a file").set_input_files(
        {"name": "mg5.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Upload document").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Document added")
    submit_to_cps(page)
    problems.assert_clean(page, "the submitted file")
    sign_out(page)

    # The CPS SPOC allocates the case.
    sign_in(page, SPOC_EMAIL, CPS_PASSWORD)
    from_my_work(page, "1 case", "Ready to allocate")
    page.get_by_role("button", name="Allocate a prosecutor").click()
    page.get_by_label("Prosecutor").select_option(label=PROSECUTOR_NAME)
    page.get_by_role("button", name="Allocate", exact=True).click()
    assert success(page) == f"Case allocated to {PROSECUTOR_NAME}"
    sign_out(page)

    # The prosecutor issues a five-item action plan.
    sign_in(page, PROSECUTOR_EMAIL, CPS_PASSWORD)
    from_my_work(page, "1 case", "Decisions due")
    tab(page, "Action plans")
    page.get_by_role("button", name="Draft an action plan").click()
    required_by = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Required by").fill(
        f"{required_by.day}/{required_by.month}/{required_by.year}"
    )
    page.get_by_role("button", name="Draft the plan").click()
    assert success(page) == "Action plan drafted: add its items, then issue it"
    for n in range(1, ITEMS + 1):
        page.get_by_role("button", name="Add an item").click()
        page.get_by_label("What is needed").fill(f"Enquiry {n}: statement from witness {n}")
        page.get_by_label("Why it is needed").fill("Corroborates the timeline")
        page.get_by_label("Evidential issue it addresses").fill("Consent")
        page.get_by_role("button", name="Add the item").click()
        assert success(page) == "Item added"
    page.get_by_role("button", name="Issue the plan").click()
    assert success(page) == "Action plan issued to the officer in the case"
    problems.assert_clean(page, "the issued plan")
    sign_out(page)

    # The investigator answers every item and resubmits.
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    from_my_work(page, "1 action plan", "Action plans due")
    page.get_by_role("button", name="Answer the action plan").click()
    for n in range(1, ITEMS + 1):
        question = page.get_by_role("group", name=f"Item {n}: done or not possible?")
        question.get_by_label("Done", exact=True).check()
        page.get_by_label(f"Item {n}: what was done, or why it is not possible").fill(
            f"Statement {n} taken"
        )
    page.get_by_role("button", name="Save the answers").click()
    assert success(page) == "Answers saved"
    expect(page.get_by_text("Statement 5 taken")).to_be_visible()
    submit_to_cps(page)
    problems.assert_clean(page, "the resubmitted file")
    sign_out(page)

    # The prosecutor sees the answers and charges.
    sign_in(page, PROSECUTOR_EMAIL, CPS_PASSWORD)
    from_my_work(page, "1 action plan", "Action-plan responses received")
    expect(page.get_by_text("Statement 1 taken")).to_be_visible()
    tab(page, "Charging decisions")
    page.get_by_role("button", name="Record the charging decision").click()
    page.get_by_label("Test applied").select_option(label="Full Code Test")
    page.get_by_label("Full Code Test: is the evidential stage met?").select_option("yes")
    page.get_by_label("Reasons for the evidential stage").fill("The account is corroborated.")
    page.get_by_label(
        re.compile(r"^Full Code Test: is the public-interest stage met")
    ).select_option("yes")
    page.get_by_label("Reasons for the public-interest stage").fill("A serious offence.")
    page.get_by_label("Decision", exact=True).select_option("charge")
    page.get_by_label(re.compile(r"against Martin", re.IGNORECASE)).check()
    page.get_by_role("button", name="Record the decision").click()
    assert success(page) == "Charging decision recorded"
    problems.assert_clean(page, "the charging decision")

    # A deadline to tell the complainant is open.
    tab(page, "Deadlines")
    told = page.get_by_test_id("deadlines").get_by_role("row", name=re.compile(r"Tell C1 of"))
    expect(told).to_contain_text("Open")
    # The first decision clock was cancelled by the resubmission; the second was met.
    decision_clocks = page.get_by_test_id("deadlines").get_by_role(
        "row", name=re.compile(r"^Charging decision")
    )
    expect(decision_clocks.filter(has_text="Cancelled")).to_have_count(1)
    expect(decision_clocks.filter(has_text="Met")).to_have_count(1)
    problems.assert_clean(page, "the case's deadlines")
