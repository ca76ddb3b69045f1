"""A scrutiny panel member's journey, in a real browser.

A Kent supervisor's no-further-action decision, whose rationale names the
complainant, is drawn for the South East panel's next meeting, prepared with
its redactions accepted and released. The panel's chair signs in, gives the
confidentiality undertaking (asked for before anything else), opens the
meeting, reads the pack (no name in it), records a view and the panel's
finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.plugin import DjangoDbBlocker

from charging.panels import pack_services, services
from charging.panels.models import Criterion, Finding, MemberView, Panel, Standing
from charging.police_nfa import services as nfa_services
from rasso.accounts.models import Organisation, OrganisationKind, Role, User
from rasso.accounts.services import membership_create, user_create
from tests.conftest import load_reference_data
from tests.e2e.conftest import BrowserProblems
from tests.e2e.test_case_journey import cases_reference_data_load
from tests.e2e.test_complainant_journey import FIRST_NAMES, LAST_NAME, _case
from tests.support import go_to, sign_in, success

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHAIR_EMAIL = "r.hollis@panel.example"
CHAIR_PASSWORD = "Meadow-Copper-Lantern-91"
URN = "46KA0777326"


@pytest.fixture(scope="module", autouse=True)
def _panel_reference_data_restored(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker | None
) -> Iterator[None]:
    yield
    assert django_db_blocker is not None
    with django_db_blocker.unblock():
        load_reference_data()
        cases_reference_data_load()
        connections.close_all()


@pytest.fixture
def released_pack(officer: User) -> Panel:
    load_reference_data()
    cases_reference_data_load()
    kent = Organisation.objects.get(name="Kent")
    south_east = Organisation.objects.get(name="South East")
    supervisor = user_create(actor=None, email="sgt.lee@kent.police.example", full_name="Sgt Lee")
    membership_create(actor=None, user=supervisor, organisation=kent, role=Role.POLICE_SUPERVISOR)
    spoc = user_create(actor=None, email="nadia.ward@cps.example", full_name="Nadia Ward")
    membership_create(actor=None, user=spoc, organisation=south_east, role=Role.CPS_SPOC)
    case = _case(officer, URN)
    proposal = nfa_services.police_nfa_propose(
        actor=officer,
        case=case,
        outcome_code="16",
        rationale=f"{FIRST_NAMES} {LAST_NAME} no longer supports a prosecution.",
    )
    nfa_services.police_nfa_approve(actor=supervisor, proposal=proposal)

    organisation = Organisation.objects.create(
        name="South East Scrutiny Panel", slug="se-panel", kind=OrganisationKind.SCRUTINY_PANEL
    )
    panel = Panel.objects.create(organisation=organisation, cps_area=south_east)
    panel.forces.set([kent])
    chair = user_create(
        actor=None, email=CHAIR_EMAIL, full_name="Ruth Hollis", password=CHAIR_PASSWORD
    )
    membership_create(actor=None, user=chair, organisation=organisation, role=Role.PANEL_MEMBER)
    services.panel_member_add(actor=spoc, panel=panel, user=chair, standing=Standing.INDEPENDENT)
    Panel.objects.filter(pk=panel.pk).update(chair=chair)
    meeting = services.meeting_create(
        actor=spoc, panel=panel, held_on=timezone.localdate() + timedelta(days=7)
    )
    today = timezone.localdate()
    services.sample_draw(
        actor=spoc, meeting=meeting, date_from=today, date_to=today, size=1, seed=7
    )
    pack = pack_services.pack_prepare(actor=supervisor, pack=meeting.packs.get())
    for passage in pack.passages:
        pack_services.pack_passage_accept(
            actor=supervisor, pack=pack, key=passage["key"], text=passage["proposed"]
        )
    pack_services.pack_release(actor=supervisor, pack=pack)
    return panel


def test_the_chair_undertakes_reads_the_pack_and_records_the_finding(
    page: Page, problems: BrowserProblems, released_pack: Panel
) -> None:
    sign_in(page, CHAIR_EMAIL, CHAIR_PASSWORD)
    go_to(page, "Scrutiny panels")
    page.get_by_role("link", name="Give the confidentiality undertaking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confidentiality undertaking")
    problems.assert_clean(page, "the undertaking")
    page.get_by_role("button", name="Record my undertaking").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirm that you give the undertaking")
    page.get_by_label("I give this undertaking").check()
    page.get_by_role("button", name="Record my undertaking").click()
    assert success(page).startswith("Undertaking recorded")

    # The panel, its next meeting, and the pack.
    expect(page.get_by_role("heading", level=1)).to_have_text("South East Scrutiny Panel")
    page.get_by_test_id("meeting-table").get_by_role("link").first.click()
    page.get_by_role("link", name="Pack 1").click()
    body = page.get_by_test_id("pack-body")
    expect(body).to_contain_text("C1 no longer supports a prosecution.")
    expect(page.locator("main")).not_to_contain_text(LAST_NAME)
    expect(page.locator("main")).not_to_contain_text(FIRST_NAMES)
    expect(page.locator("main")).not_to_contain_text(URN)
    problems.assert_clean(page, "the review pack")

    # A private view, then the panel's finding.
    page.get_by_role("button", name="Record your view").click()
    page.get_by_label("Your view").fill("The withdrawal was handled with care.")
    page.get_by_role("button", name="Record your view").click()
    assert success(page) == "Your view is recorded"
    page.get_by_role("button", name="Record the panel's finding").click()
    page.get_by_role("group", name="Was the decision reasonable?").get_by_label("Yes").check()
    for _value, label in Criterion.choices:
        group = page.get_by_role("group", name=re.compile(f"^Score: {re.escape(label.lower())}"))
        group.get_by_label("4", exact=True).check()
    page.get_by_label("Victim communication").check()
    page.get_by_label("Good practice").fill("C1 was told the same day.")
    page.get_by_role("group", name="Recommendation").get_by_label(
        "Feedback to the decision-maker"
    ).check()
    problems.assert_clean(page, "the finding form")
    page.get_by_role("button", name="Record the finding").click()
    assert success(page) == "The panel's finding is recorded"
    expect(page.get_by_test_id("finding")).to_contain_text("Victim communication")

    finding = Finding.objects.get()
    assert finding.scores == dict.fromkeys(sorted(Criterion.values), 4)
    assert finding.recommendation == "feedback"
    assert MemberView.objects.get().view == "The withdrawal was handled with care."
    problems.assert_clean(page, "the finding")
