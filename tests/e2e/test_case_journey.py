"""A case from first report to a prosecutor's desk, in a real browser.

An investigator creates a case file, uploads a document and tries to submit
it; they are told what is missing, complete the file and submit it. The CPS
SPOC finds it in the "ready to allocate" queue and allocates a prosecutor,
who finds it among their allocated cases.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator

import pytest
from django.apps import apps as django_apps
from django.db import connections
from playwright.sync_api import Page, expect
from pytest_django.plugin import DjangoDbBlocker

from cases.models import DocumentKind, Offence
from rasso.accounts.models import Organisation, Role, User
from rasso.accounts.services import membership_create, user_create
from tests.cases.factories import PDF_BYTES
from tests.conftest import load_reference_data
from tests.e2e.conftest import OFFICER_EMAIL, OFFICER_NAME, OFFICER_PASSWORD, BrowserProblems
from tests.support import go_to, sign_in, sign_out, success, tab

# Transactional, since the live server reads the database from its own thread.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SPOC_EMAIL = "priya.shah@cps.example"
SPOC_NAME = "Priya Shah"
PROSECUTOR_EMAIL = "tom.reid@cps.example"
PROSECUTOR_NAME = "Tom Reid"
CPS_PASSWORD = "Meadow-Lantern-Copper-91"

URN = "46KA0777126"
COMPLAINANT = ("Rowena", "Ashdown")


def cases_reference_data_load() -> None:
    """The offences and bank holidays, as the cases data migration loads them
    (idempotent). A transactional test's flush empties those tables too."""
    migration = importlib.import_module("cases.migrations.0002_reference_data")
    migration.load_offences(django_apps, None)
    migration.load_bank_holidays(django_apps, None)


@pytest.fixture(scope="package", autouse=True)
def _cases_reference_data_restored(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker | None
) -> Iterator[None]:
    """Put the offences and bank holidays back after the last browser test's
    flush (package scope: torn down with the package), as the conftest does for
    the forces and Areas: a kept (--reuse-db) database needs them next run."""
    yield
    assert django_db_blocker is not None
    with django_db_blocker.unblock():
        load_reference_data()
        cases_reference_data_load()
        connections.close_all()


@pytest.fixture
def cps_people(kent: Organisation) -> tuple[User, User]:
    """A CPS SPOC and a prosecutor of South East, Kent's Area; the forces,
    Areas and offences loaded again if an earlier test's flush removed them."""
    load_reference_data()
    cases_reference_data_load()
    assert Offence.objects.filter(act="Sexual Offences Act 2003", section="1").exists()
    south_east = Organisation.objects.get(name="South East")
    people = []
    for email, name, role in (
        (SPOC_EMAIL, SPOC_NAME, Role.CPS_SPOC),
        (PROSECUTOR_EMAIL, PROSECUTOR_NAME, Role.PROSECUTOR),
    ):
        user = user_create(actor=None, email=email, full_name=name, password=CPS_PASSWORD)
        membership_create(actor=None, user=user, organisation=south_east, role=role)
        people.append(user)
    return people[0], people[1]


def upload(page: Page, kind: str, name: str) -> None:
    tab(page, "Documents")
    page.get_by_label("Kind of document").select_option(str(kind))
    page.get_by_label("Upload a file").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Upload document").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Document added")


def test_a_case_goes_from_the_investigator_to_the_allocated_prosecutor(
    page: Page, problems: BrowserProblems, officer: User, cps_people: tuple[User, User]
) -> None:
    # The investigator creates the case file.
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    go_to(page, "Cases")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    expect(page.get_by_test_id("no-cases")).to_be_visible()
    problems.assert_clean(page, "the officer's empty case list")
    page.get_by_role("button", name="Create a case file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a case file")
    # Kent is the officer's only force, and has one CPS Area: nothing to choose.
    expect(page.get_by_label("Force")).to_have_count(0)
    expect(page.get_by_label("CPS Area")).to_have_count(0)
    page.get_by_label("URN", exact=True).fill("46 KA 07771/26")
    page.get_by_label("DG6 category").select_option("red")
    page.get_by_label("Date reported").fill("2/3/2026")
    page.get_by_role("button", name="Create case file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(URN)
    assert f"Case file {URN} created" in success(page)
    expect(page.get_by_test_id("case-status")).to_have_text("Draft")
    for invitation in ("Add an offence", "Add a suspect", "Add a complainant"):
        expect(page.get_by_role("link", name=invitation)).to_be_visible()
    problems.assert_clean(page, "the new case's page")

    # One document, then an attempt to submit: refused, with what is missing.
    upload(page, DocumentKind.MG3, "mg3.pdf")
    expect(page.get_by_test_id("documents")).to_contain_text("mg3.pdf")
    tab(page, "Summary")
    page.get_by_role("button", name="Submit to CPS").click()
    page.get_by_role("button", name="Submit to CPS", exact=True).click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Start the investigation before you submit the file")
    expect(summary).to_contain_text("Add the MG5 case summary")
    expect(summary).to_contain_text("Add at least one complainant")
    expect(summary).not_to_contain_text("MG3")
    expect(summary).not_to_contain_text("cannot become")
    checklist = page.get_by_test_id("checklist")
    expect(checklist.locator("li", has_text="MG3 report")).to_contain_text("Done")
    expect(checklist.locator("li", has_text="MG5 case summary")).to_contain_text("Missing")
    # The refusal answers 403 (the file is not ready: nothing was changed),
    # which the browser reports; nothing else may be wrong with the page.
    problems.settle(page)
    assert [r for r in problems.failed_requests if "/submit/: HTTP 403" not in r] == []
    problems.failed_requests.clear()
    problems.console[:] = [c for c in problems.console if "status of 403" not in c]
    problems.assert_clean(page, "the refused submission")

    # The officer completes the file.
    page.get_by_role("link", name="Back to the case").click()
    for kind in (
        DocumentKind.ABE,
        DocumentKind.MG15,
        DocumentKind.MG5,
        DocumentKind.MG6C,
        DocumentKind.MG6D,
    ):
        upload(page, kind, f"{kind!s}.pdf")

    tab(page, "Summary")
    page.get_by_role("link", name="Add an offence").click()
    page.get_by_label("Offence", exact=True).select_option(
        label="Rape (s.1 Sexual Offences Act 2003)"
    )
    page.get_by_label("Date of the offence").fill("28/2/2026")
    page.get_by_role("button", name="Add offence").click()
    assert success(page) == "Offence added: Rape"

    page.get_by_role("link", name="Add a suspect").click()
    page.get_by_label("First names").fill("Martin")
    page.get_by_label("Last name").fill("Crowe")
    page.get_by_role("button", name="Add suspect").click()
    assert success(page) == "Suspect added"

    page.get_by_role("link", name="Add a complainant").click()
    page.get_by_label("First names").fill(COMPLAINANT[0])
    page.get_by_label("Last name").fill(COMPLAINANT[1])
    page.get_by_label("Address", exact=True).fill("3 Harbour Street\nWhitstable")
    page.get_by_role("button", name="Add complainant").click()
    # The banner may be read over a shoulder: it names the pseudonym only.
    assert success(page) == "Complainant C1 added"
    expect(page.get_by_test_id("complainants")).to_contain_text(" ".join(COMPLAINANT))

    page.get_by_role("button", name="Start investigation").click()
    assert success(page) == "Investigation started"
    expect(page.get_by_test_id("case-status")).to_have_text("Under investigation")

    page.get_by_role("button", name="Submit to CPS").click()
    expect(page.get_by_test_id("checklist")).not_to_contain_text("Missing")
    page.get_by_role("button", name="Submit to CPS", exact=True).click()
    assert success(page) == "Submitted to CPS South East for a charging decision"
    expect(page.get_by_test_id("case-status")).to_have_text("With CPS for a charging decision")
    problems.assert_clean(page, "the submitted case")
    sign_out(page)

    # The CPS SPOC allocates it from the queue.
    sign_in(page, SPOC_EMAIL, CPS_PASSWORD)
    go_to(page, "Ready to allocate")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready to allocate")
    expect(page.get_by_role("link", name="Ready to allocate")).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_test_id("case-table").get_by_role("link", name=URN).click()
    # The SPOC sees the complainant's pseudonym, never who they are.
    expect(page.get_by_test_id("complainants")).to_contain_text("C1")
    expect(page.get_by_test_id("complainants")).not_to_contain_text(COMPLAINANT[1])
    page.get_by_role("button", name="Allocate a prosecutor").click()
    page.get_by_label("Prosecutor").select_option(label=PROSECUTOR_NAME)
    page.get_by_role("button", name="Allocate", exact=True).click()
    assert success(page) == f"Case allocated to {PROSECUTOR_NAME}"
    go_to(page, "Ready to allocate")
    expect(page.get_by_test_id("no-cases")).to_be_visible()
    problems.assert_clean(page, "the emptied queue")
    sign_out(page)

    # The prosecutor finds it among their cases, complainant and all.
    sign_in(page, PROSECUTOR_EMAIL, CPS_PASSWORD)
    go_to(page, "My allocated cases")
    table = page.get_by_test_id("case-table")
    expect(table.get_by_role("link", name=URN)).to_be_visible()
    expect(table).to_contain_text(OFFICER_NAME)
    table.get_by_role("link", name=URN).click()
    expect(page.get_by_test_id("complainants")).to_contain_text(" ".join(COMPLAINANT))
    tab(page, "Timeline")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text(f"Allocated to prosecutor {PROSECUTOR_NAME}")
    expect(timeline).to_contain_text(re.compile(r"Submitted to CPS South East"))
    problems.assert_clean(page, "the prosecutor's view of the case")


def test_the_officer_records_the_date_of_charge(
    page: Page, problems: BrowserProblems, officer: User
) -> None:
    # The date of charge feeds the report-to-charge figure: the browser keeps
    # it as the API does.
    sign_in(page, OFFICER_EMAIL, OFFICER_PASSWORD)
    go_to(page, "Cases")
    page.get_by_role("button", name="Create a case file").click()
    page.get_by_label("URN", exact=True).fill("46KA0777226")
    page.get_by_label("Date reported").fill("2/3/2026")
    page.get_by_role("button", name="Create case file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("46KA0777226")
    summary = page.locator(".govuk-summary-list").first
    expect(summary).not_to_contain_text("Date of charge")

    page.get_by_role("link", name="Change case details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the case details")
    page.get_by_label("Date of charge").fill("31/2/2026")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date of charge as a real date"
    )
    page.get_by_label("Date of charge").fill("14/3/2026")
    page.get_by_role("button", name="Save changes").click()
    assert success(page) == "Case details saved"
    expect(page.get_by_text("Date of charge")).to_be_visible()
    expect(page.get_by_text("14 March 2026")).to_be_visible()
    problems.assert_clean(page, "the case with its date of charge")
