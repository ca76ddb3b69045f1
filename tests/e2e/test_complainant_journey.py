"""Keeping a complainant informed, in a real browser.

The prosecutor records a charge; the officer in the case finds the update
owed to the complainant on the "your work" page, opens it, logs the call, and
the deadline is met. Then, on a case the police took no further action on,
the officer generates the NFA letter and downloads it as a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.plugin import DjangoDbBlocker

from cases import services as case_services
from cases.models import CaseFile, CaseStatus, DocumentKind, Offence
from charging.police_nfa import services as charging_services
from rasso.accounts.models import Organisation, Role, User
from rasso.accounts.services import membership_create, user_create
from tests.cases.factories import upload
from tests.conftest import load_reference_data
from tests.e2e.conftest import OFFICER_EMAIL, OFFICER_PASSWORD, BrowserProblems
from tests.e2e.test_case_journey import cases_reference_data_load
from tests.support import sign_in, sign_out, success, tab
from victims.selectors import updates_owed
from victims.services import complainant_add

# Transactional, since the live server reads the database from its own thread.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROSECUTOR_EMAIL = "owen.price@cps.example"
PROSECUTOR_NAME = "Owen Price"
CPS_PASSWORD = "Harbour-Thistle-Copper-44"
# Unmistakable, so that a leak would show.
FIRST_NAMES, LAST_NAME = "Rowena", "Ashdown"
URN = "46KA0777126"
NFA_URN = "46KA0777226"
SECTION = "Complainant updates owed"


@pytest.fixture(scope="module", autouse=True)
def _complainant_reference_data_restored(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker | None
) -> Iterator[None]:
    """Put the forces, Areas, offences and bank holidays back after this
    module's flush, for the tests that follow (and a kept database)."""
    yield
    assert django_db_blocker is not None
    with django_db_blocker.unblock():
        load_reference_data()
        cases_reference_data_load()
        connections.close_all()


def _case(officer: User, urn: str) -> CaseFile:
    """A Kent case under investigation whose file is complete."""
    case = case_services.case_create(
        actor=officer,
        urn=urn,
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
    complainant_add(actor=officer, case=case, first_names=FIRST_NAMES, last_name=LAST_NAME)
    for kind in (
        DocumentKind.MG3,
        DocumentKind.ABE,
        DocumentKind.MG15,
        DocumentKind.MG5,
        DocumentKind.MG6C,
        DocumentKind.MG6D,
    ):
        upload(case, officer, kind)
    case_services.case_start_investigation(actor=officer, case=case)
    case.refresh_from_db()
    return case


@pytest.fixture
def case_with_cps(officer: User) -> CaseFile:
    """Submitted to CPS South East and allocated to the prosecutor."""
    load_reference_data()
    cases_reference_data_load()
    south_east = Organisation.objects.get(name="South East")
    spoc = user_create(actor=None, email="nadia.ward@cps.example", full_name="Nadia Ward")
    membership_create(actor=None, user=spoc, organisation=south_east, role=Role.CPS_SPOC)
    prosecutor = user_create(
        actor=None, email=PROSECUTOR_EMAIL, full_name=PROSECUTOR_NAME, password=CPS_PASSWORD
    )
    membership_create(actor=None, user=prosecutor, organisation=south_east, role=Role.PROSECUTOR)
    case = _case(officer, URN)
    case = case_services.case_submit_for_charging(actor=officer, case=case)
    return case_services.case_allocate_prosecutor(actor=spoc, case=case, prosecutor=prosecutor)


@pytest.fixture
def police_nfa_case(officer: User, case_with_cps: CaseFile) -> CaseFile:
    """A second case, on which a Kent supervisor approved no further action."""
    supervisor = user_create(actor=None, email="sgt.lee@kent.police.example", full_name="Sgt Lee")
    membership_create(
        actor=None,
        user=supervisor,
        organisation=Organisation.objects.get(name="Kent"),
        role=Role.POLICE_SUPERVISOR,
    )
    case = _case(officer, NFA_URN)
    proposal = charging_services.police_nfa_propose(
        actor=officer, case=case, outcome_code="15", rationale="Evidential difficulties."
    )
    charging_services.police_nfa_approve(actor=supervisor, proposal=proposal)
    case.refresh_from_db()
    assert case.status == CaseStatus.POLICE_NFA
    return case


def from_my_work(page: Page, count: str, section: str, urn: str = URN) -> None:
    """Follow the dashboard's link for ``section`` ("1 case"), then the case."""
    key = page.locator("dt", has_text=re.compile(f"^{re.escape(section)}$"))
    row = page.locator(".govuk-summary-list__row", has=key)
    expect(row.locator("dd")).to_contain_text(count)
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(section)
    page.get_by_role("link", name=urn).first.click()


def charge(page: Page) -> None:
    """The prosecutor records a Full Code Test charge on the case (the
    charging journey has this step in full)."""
    from_my_work(page, "1 case", "Decisions due")
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


def test_the_oic_is_told_of_the_update_owed_logs_the_call_and_sends_the_nfa_letter(
    page: Page,
    problems: BrowserProblems,
    officer: User,
    case_with_cps: CaseFile,
    police_nfa_case: CaseFile,
    tmp_path: Path,
) -> None:
    # The prosecutor charges.
    sign_in(page, PROSECUTOR_EMAIL, CPS_PASSWORD)
    charge(page)
    problems.assert_clean(page, "the charging decision")
    sign_out(page)

    # The officer sees the update owed on the dashboard and opens it (with
    # the regular updates and the news of the NFA on the other case).
    owed_before = updates_owed(officer).count()
    assert owed_before >= 2
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    from_my_work(page, f"{owed_before} updates", SECTION)
    card = page.get_by_test_id("complainant").filter(has_text="C1")
    owed = card.get_by_test_id("owed")
    expect(owed).to_contain_text("Tell C1 of the charging decision")
    expect(card).to_contain_text(f"{FIRST_NAMES} {LAST_NAME}")
    problems.assert_clean(page, "the complainants tab")

    # ... logs the call, which gave the news of the charge.
    card.get_by_role("link", name="Log a contact with C1").click()
    called = timezone.localtime() - timedelta(minutes=5)
    page.get_by_label("Date of the contact").fill(f"{called.day}/{called.month}/{called.year}")
    page.get_by_label("Time of the contact").fill(f"{called:%H:%M}")
    page.get_by_label("How", exact=True).select_option(label="Phone call")
    page.get_by_label("To the complainant").check()
    told = page.get_by_label("Tell C1 of the charging decision")
    expect(told).to_be_checked()
    page.get_by_label("Summary").fill("Explained the charge and what happens next.")
    problems.assert_clean(page, "the contact form")
    page.get_by_role("button", name="Log the contact").click()
    assert success(page) == "Contact with C1 logged"

    # ... and the update is met: no longer owed, shown as met.
    expect(page.get_by_test_id("owed")).not_to_contain_text("Tell C1 of the charging decision")
    tab(page, "Deadlines")
    row = page.get_by_test_id("deadlines").get_by_role(
        "row", name=re.compile(r"Tell C1 of the charging decision")
    )
    expect(row).to_contain_text("Met")
    problems.assert_clean(page, "the deadlines after the call")
    page.goto("/")
    owed_after = owed_before - 1
    key = page.locator("dt", has_text=re.compile(f"^{SECTION}$"))
    row = page.locator(".govuk-summary-list__row", has=key)
    expect(row.locator("dd")).to_contain_text(f"{owed_after} update")
    row.get_by_role("link").click()
    table = page.get_by_test_id("work-table")
    expect(table).not_to_contain_text("Tell C1 of the charging decision")
    expect(table).not_to_contain_text(LAST_NAME)
    # Only the next regular update remains on the charged case.
    expect(table.get_by_role("row", name=re.compile(URN))).to_have_count(1)
    problems.assert_clean(page, "the updates owed")

    # On the case the police took no further action on, the NFA letter.
    page.goto(f"/cases/{police_nfa_case.pk}/complainants/")
    page.get_by_role("link", name="Letters to C1").click()
    page.get_by_label("No further action letter").check()
    page.get_by_role("button", name="Generate the letter").click()
    assert success(page) == "No further action letter generated"
    problems.assert_clean(page, "the letters page")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download")).click()
    download = download_info.value
    saved = tmp_path / "letter.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert FIRST_NAMES not in download.suggested_filename
    assert download.suggested_filename.startswith(NFA_URN)
