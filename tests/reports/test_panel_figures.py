"""Scrutiny panels' figures, from findings recorded through the panels' own
services: decisions reviewed, the share found reasonable, average scores,
themes, referrals and their answers on time.

The story, in the half-year under way: the South East panel (Kent's cases)
records ten findings; the North East panel (Durham's) two. One more Kent
finding is dated in the half-year before. Worked out by hand below.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile, Deadline
from charging.panels import finding_services, pack_services, services
from charging.panels.models import Criterion, Finding, Panel, ReviewPack, Standing
from charging.police_nfa.models import HomeOfficeOutcome
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from rasso.accounts.models import Organisation, OrganisationKind, Role, User
from rasso.accounts.services import membership_create
from rasso.core.errors import DomainError, Forbidden
from reports import metrics
from reports import services as report_services
from reports.documents import report_render
from reports.figures import dashboard_figures
from reports.metrics import Period, Scope, displayed, displayed_change
from reports.models import ProgressReport, ReportKind
from tests.cases.factories import complete_case
from tests.conftest import Personas, org
from tests.factories import MembershipFactory, UserFactory
from tests.reports.factories import at
from tests.reports.test_documents import pdf_text
from tests.support import client_for

pytestmark = pytest.mark.django_db

# Free text a panel writes: it must never reach a figure, a page or a file.
LEARNING = "Tell Jane sooner; the Maidstone team missed it."
GOOD_PRACTICE = "Officer Quixworth's thorough file."


@dataclass
class PanelPeople:
    """A panel and the people who run it: the Area's CPS SPOC runs it, the
    force's supervisor prepares its packs of police NFAs, a member chairs."""

    panel: Panel
    officer: User
    supervisor: User
    runner: User
    chair: User
    force: str


def seat_chair(people: PanelPeople, chair: User, administrator: User) -> User:
    """As the panels' tests seat theirs: the role, the seat, the chair, the
    undertaking."""
    panel = people.panel
    membership_create(
        actor=administrator, user=chair, organisation=panel.organisation, role=Role.PANEL_MEMBER
    )
    services.panel_member_add(
        actor=people.runner, panel=panel, user=chair, standing=Standing.INDEPENDENT
    )
    panel.chair = chair
    panel.save()
    chair = User.objects.get(pk=chair.pk)
    services.undertaking_accept(actor=chair, panel=panel)
    return User.objects.get(pk=chair.pk)


def member(role: str, organisation: Organisation) -> User:
    user: User = UserFactory.create()
    MembershipFactory.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def south_east(personas: Personas) -> PanelPeople:
    organisation = Organisation.objects.get(name="South East Scrutiny Panel")
    panel = Panel.objects.create(organisation=organisation, cps_area=org("South East"))
    panel.forces.set([org("Kent")])
    people = PanelPeople(
        panel,
        personas.officer,
        personas.supervisor,
        personas.cps_spoc,
        personas.panel_member,
        "Kent",
    )
    people.chair = seat_chair(people, personas.panel_member, personas.administrator)
    return people


@pytest.fixture
def north_east(personas: Personas) -> PanelPeople:
    organisation = Organisation.objects.create(
        name="North East Scrutiny Panel",
        slug="north-east-scrutiny-panel",
        kind=OrganisationKind.SCRUTINY_PANEL,
    )
    panel = Panel.objects.create(organisation=organisation, cps_area=org("North East"))
    panel.forces.set([org("Durham")])
    people = PanelPeople(
        panel,
        personas.other_force_officer,
        member(Role.POLICE_SUPERVISOR, org("Durham")),
        member(Role.CPS_SPOC, org("North East")),
        UserFactory.create(),
        "Durham",
    )
    people.chair = seat_chair(people, people.chair, personas.administrator)
    return people


def released_packs(people: PanelPeople, count: int) -> list[ReviewPack]:
    """``count`` police NFAs of the panel's force, drawn for a meeting,
    prepared, redacted and released through the panels' services."""
    for _ in range(count):
        case = complete_case(people.officer, people.force)
        proposal = police_nfa_propose(
            actor=people.officer,
            case=case,
            outcome_code=HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT,
            rationale="No realistic prospect of conviction.",
        )
        police_nfa_approve(actor=people.supervisor, proposal=proposal)
    today = timezone.localdate()
    meeting = services.meeting_create(
        actor=people.runner, panel=people.panel, held_on=today + timedelta(days=7)
    )
    services.sample_draw(
        actor=people.runner,
        meeting=meeting,
        date_from=today - timedelta(days=1),
        date_to=today,
        size=count,
        seed=7,
    )
    packs = []
    for pack in meeting.packs.order_by("number"):
        packs.append(
            release(people, pack_services.pack_prepare(actor=people.supervisor, pack=pack))
        )
    assert len(packs) == count
    return packs


def release(people: PanelPeople, pack: ReviewPack) -> ReviewPack:
    for passage in pack.passages:
        pack = pack_services.pack_passage_accept(
            actor=people.supervisor, pack=pack, key=passage["key"], text=passage["proposed"]
        )
    return pack_services.pack_release(actor=people.supervisor, pack=pack)


def scores(evidential: int, others: int = 3) -> dict[str, int]:
    return {**dict.fromkeys(Criterion.values, others), Criterion.EVIDENTIAL: evidential}


def find(
    people: PanelPeople,
    pack: ReviewPack,
    reasonable: str,
    evidential: int,
    themes: list[str],
    recommendation: str = "none",
) -> Finding:
    return finding_services.finding_record(
        actor=people.chair,
        pack=pack,
        reasonable=reasonable,
        scores=scores(evidential),
        themes=themes,
        good_practice=GOOD_PRACTICE,
        learning_points=LEARNING,
        recommendation=recommendation,
    )


def respond(people: PanelPeople, finding: Finding) -> None:
    finding_services.finding_respond(
        actor=people.supervisor, finding=finding, response="Briefed the team."
    )


def due_yesterday(finding: Finding) -> None:
    # The 20 working days cannot pass inside a test: move the due date back.
    assert finding.response_deadline is not None
    yesterday = timezone.localdate() - timedelta(days=1)
    Deadline.objects.filter(pk=finding.response_deadline.pk).update(due_on=yesterday)


NOW = Period.half_containing(timezone.localdate())


@pytest.fixture
def story(south_east: PanelPeople, north_east: PanelPeople) -> None:
    packs = released_packs(south_east, 11)
    # Reasonable: five yes, three no, two unable to say.
    # Evidential scores 5 4 4 3 3 2 5 4 3 1 (34 over 10); every other criterion 3.
    # Timeliness named six times, victim communication twice.
    # Referrals: five. Two answered on time, one answered late, one unanswered
    # and overdue, one unanswered and not yet due (left out).
    on_time_1 = find(
        south_east, packs[0], "yes", 5, ["timeliness", "victim_communication"], "refer"
    )
    on_time_2 = find(south_east, packs[1], "no", 4, ["timeliness"], "refer")
    late = find(south_east, packs[2], "no", 4, ["timeliness", "victim_communication"], "refer")
    overdue = find(south_east, packs[3], "unable", 3, ["timeliness"], "refer")
    find(south_east, packs[4], "no", 3, ["timeliness"], "refer")  # not yet due
    find(south_east, packs[5], "yes", 2, ["timeliness"], "feedback")
    find(south_east, packs[6], "yes", 5, [])
    find(south_east, packs[7], "yes", 4, ["case_strategy"])
    find(south_east, packs[8], "unable", 3, [])
    find(south_east, packs[9], "yes", 1, [])
    respond(south_east, on_time_1)
    respond(south_east, on_time_2)
    due_yesterday(late)
    respond(south_east, late)
    due_yesterday(overdue)
    # The eleventh was found on in the half-year before.
    earlier = find(south_east, packs[10], "yes", 5, ["timeliness"], "refer")
    Finding.objects.filter(pk=earlier.pk).update(recorded_at=at(NOW.start - timedelta(days=30)))

    durham = released_packs(north_east, 2)
    for pack in durham:
        find(north_east, pack, "no", 1, ["timeliness", "early_advice"], "refer")


def figures_of(name: str | None) -> metrics.ScopeFigures:
    scope = Scope.national() if name is None else Scope.of(Organisation.objects.get(name=name))
    return metrics.scope_figures(scope, NOW)


def number(figures: metrics.ScopeFigures, key: str) -> float | None:
    return figures.get(key).current.number


def shown(figures: metrics.ScopeFigures, key: str) -> str:
    result = figures.get(key)
    return displayed(result.figure, result.current)


@pytest.mark.usefixtures("story")
@pytest.mark.parametrize("scope", ["Kent", "South East"])
def test_the_panels_figures_of_a_force_and_its_area(scope: str) -> None:
    figures = figures_of(scope)
    assert number(figures, "panel_reviewed") == 10  # not the earlier one, nor Durham's
    assert number(figures, "panel_reasonable") == pytest.approx(5 / 10)
    assert shown(figures, "panel_reasonable") == "50.0%"
    assert number(figures, "panel_score_evidential_assessment") == pytest.approx(3.4)
    assert shown(figures, "panel_score_evidential_assessment") == "3.40"
    assert shown(figures, "panel_score_timeliness") == "3.00"
    assert number(figures, "panel_theme_timeliness") == 6
    assert shown(figures, "panel_theme_timeliness") == "6"
    assert number(figures, "panel_theme_victim_communication") == 2
    assert number(figures, "panel_theme_early_advice") == 0  # Durham's only
    assert number(figures, "panel_referrals") == 5
    assert shown(figures, "panel_referrals") == "5"
    # Due: on time twice, late, overdue; not the one still to come.
    assert number(figures, "panel_referrals_on_time") == pytest.approx(2 / 4)
    # The half-year before: the one earlier finding, a referral not yet due.
    assert figures.get("panel_reviewed").previous.number == 1
    assert figures.get("panel_referrals_on_time").previous.number is None


@pytest.mark.usefixtures("story")
def test_small_numbers_are_suppressed_as_every_figure() -> None:
    figures = figures_of("Kent")
    for key in (
        "panel_theme_victim_communication",  # 2
        "panel_theme_case_strategy",  # 1
        "panel_referrals_on_time",  # 2 of 4
    ):
        assert shown(figures, key) == metrics.SUPPRESSED, key
    assert shown(figures, "panel_theme_digital_material") == "0"
    # 1 in the half-year before: the change would give it away.
    reviewed = figures.get("panel_reviewed")
    assert displayed(reviewed.figure, reviewed.previous) == metrics.SUPPRESSED
    assert displayed_change(figures.get("panel_reviewed")) == metrics.SUPPRESSED
    north_east = figures_of("North East")
    assert number(north_east, "panel_reviewed") == 2
    assert shown(north_east, "panel_reviewed") == metrics.SUPPRESSED
    assert shown(north_east, "panel_reasonable") == metrics.SUPPRESSED  # 0 of 2
    assert shown(north_east, "panel_score_evidential_assessment") == metrics.SUPPRESSED


@pytest.mark.usefixtures("story")
def test_another_areas_findings_are_counted_nationally_only() -> None:
    for name in ("Durham", "North East"):
        figures = figures_of(name)
        assert number(figures, "panel_reviewed") == 2
        assert number(figures, "panel_theme_early_advice") == 2
        assert number(figures, "panel_reasonable") == 0
        assert number(figures, "panel_score_evidential_assessment") == pytest.approx(1.0)
    national = figures_of(None)
    assert number(national, "panel_reviewed") == 12
    assert number(national, "panel_theme_timeliness") == 8
    assert number(national, "panel_referrals") == 7
    assert number(national, "panel_score_evidential_assessment") == pytest.approx(36 / 12)
    (by_area,) = metrics.raw_figures(Scope.national(), [NOW], group="cps_area")
    assert by_area[org("South East").pk]["panel_reviewed"] == 10
    assert by_area[org("North East").pk]["panel_reviewed"] == 2
    (by_force,) = metrics.raw_figures(Scope.of(org("South East")), [NOW], group="force")
    assert {k: v["panel_reviewed"] for k, v in by_force.items()} == {org("Kent").pk: 10}


@pytest.mark.usefixtures("story")
def test_a_finding_is_the_panels_areas_not_its_cases() -> None:
    # A case whose Area is not the panel's (British Transport Police's go to
    # the Area where the offence took place): its finding is the panel's.
    durham_cases = CaseFile.objects.filter(force=org("Durham"))
    durham_cases.update(cps_area=org("South East"))
    assert number(figures_of("South East"), "panel_reviewed") == 10
    assert number(figures_of("North East"), "panel_reviewed") == 2
    assert number(figures_of("Durham"), "panel_reviewed") == 2


def test_a_corrected_pack_found_on_again_is_one_decision_reviewed(
    south_east: PanelPeople,
) -> None:
    (pack,) = released_packs(south_east, 1)
    find(south_east, pack, "no", 2, ["timeliness"])
    correction = pack_services.pack_correct(actor=south_east.supervisor, pack=pack)
    correction = release(south_east, correction)
    find(south_east, correction, "yes", 4, ["early_advice"])
    figures = figures_of("Kent")
    assert number(figures, "panel_reviewed") == 1
    assert number(figures, "panel_reasonable") == 1  # the latest finding
    assert number(figures, "panel_theme_early_advice") == 1
    assert number(figures, "panel_theme_timeliness") == 0


def test_a_score_that_is_not_a_number_leaves_a_gap(south_east: PanelPeople) -> None:
    packs = released_packs(south_east, 2)
    find(south_east, packs[0], "yes", 5, [])
    odd = find(south_east, packs[1], "yes", 1, [])
    Finding.objects.filter(pk=odd.pk).update(scores={**odd.scores, Criterion.EVIDENTIAL: "high"})
    figures = figures_of("Kent")
    assert number(figures, "panel_score_evidential_assessment") == 5
    assert number(figures, "panel_score_timeliness") == 3


def test_the_query_count_does_not_grow_with_findings(
    south_east: PanelPeople, django_assert_num_queries: Any
) -> None:
    kent = Scope.of(org("Kent"))
    # One query per source table (findings among them) and one per source
    # written in SQL, however many periods and findings.
    queries = len(metrics.SOURCES) + len(metrics.RAW_SOURCES)
    with django_assert_num_queries(queries):
        metrics.scope_figures(kent, NOW)
    for pack in released_packs(south_east, 6):
        find(south_east, pack, "yes", 4, ["timeliness"], "refer")
    with django_assert_num_queries(queries):
        figures = metrics.scope_figures(kent, NOW)
    assert number(figures, "panel_reviewed") == 6
    # The table by Area: the same, and the Areas' names.
    with django_assert_num_queries(queries + 1):
        rows = metrics.breakdown_figures(Scope.national(), NOW)
    assert [organisation.name for organisation, _ in rows] == ["South East"]


# -- where they are shown ---------------------------------------------------------------


@pytest.mark.usefixtures("story")
def test_the_dashboard_shows_them_in_its_collaboration_section(kent_manager: User) -> None:
    page = client_for(kent_manager).get(reverse("reports:dashboard")).content.decode()
    collaboration = page.split('id="collaboration"')[1]
    assert "Scrutiny panels" in collaboration
    row = collaboration.split('data-figure="panel_reviewed"')[1].split("</tr>")[0]
    assert ">10<" in row
    row = collaboration.split('data-figure="panel_theme_victim_communication"')[1]
    assert "&lt;5" in row.split("</tr>")[0]
    assert "Quixworth" not in page and "Maidstone" not in page
    cached = dashboard_figures(Scope.of(org("Kent")), NOW)["collaboration"]
    assert [caption for caption, _ in cached["tables"]] == [
        metrics.Section.CLINICS,
        metrics.Section.PANELS,
    ]


@pytest.mark.usefixtures("story")
def test_the_progress_report_has_them_and_none_of_the_panels_words() -> None:
    files = report_render(Scope.of(org("South East")), NOW)
    text = pdf_text(files.pdf)
    assert "Collaboration: clinics and scrutiny panels" in text
    assert "Decisions reviewed by scrutiny panels" in text
    assert "Theme: timeliness" in text
    assert "Referrals answered on time" in text
    rows = {row[1]: row for row in csv.reader(io.StringIO(files.csv)) if len(row) > 3}
    assert rows["Decisions reviewed by scrutiny panels"][3] == "10"
    assert rows["Reviewed decisions found reasonable"][3] == "50.0%"
    assert rows["Average score: evidential assessment"][3] == "3.40"
    assert rows["Theme: victim communication"][3] == "<5"
    for words in ("Jane", "Maidstone", "Quixworth", "Briefed the team"):
        assert words not in text, words
        assert words not in files.csv, words
    # They were written: the findings hold them, the files do not.
    assert Finding.objects.filter(learning_points=LEARNING).count() == 13


# -- the annual summary -------------------------------------------------------------------

YEAR = Period.financial_year(2025)  # April 2025 to March 2026


@pytest.fixture
def story_last_year(story: None) -> None:
    # The panels' services stamp "now": the story's findings are moved into
    # a financial year that has ended (all of them, the earlier one too).
    Finding.objects.update(recorded_at=at(date(2025, 11, 3)))


@pytest.mark.usefixtures("story_last_year")
def test_the_panels_summary_is_produced_and_published_like_a_report(personas: Personas) -> None:
    today = timezone.localdate()
    assert report_services.year_just_closed(today) == Period.financial_year(
        today.year - 1 if today.month >= 4 else today.year - 2
    )
    report = report_services.panel_summary_request(actor=personas.manager, period=YEAR)
    assert report_services.report_produce(report_id=report.pk)
    report_services.report_publish(actor=personas.manager, report=report)
    anonymous = Client()
    page = anonymous.get(reverse("progress:list")).content.decode()
    assert "Scrutiny panels: themes and learning" in page
    assert "April 2025 to March 2026" in page
    response = anonymous.get(reverse("progress:pdf", args=[report.pk]))
    assert "rasso-panels-national-2025-26.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Scrutiny panels: themes and learning" in text
    assert "Theme: timeliness" in text
    assert "Average score: evidential assessment" in text
    assert "Charge rate" not in text  # the panels' figures only
    figures = anonymous.get(reverse("progress:csv", args=[report.pk])).content.decode()
    rows = {row[1]: row for row in csv.reader(io.StringIO(figures)) if len(row) > 3}
    assert rows["Decisions reviewed by scrutiny panels"][2:4] == ["2025-26", "13"]
    assert rows["Decisions reviewed by scrutiny panels"][4:6] == ["2024-25", "0"]
    assert rows["Theme: timeliness"][3] == "9"
    assert rows["Theme: early advice"][3] == "<5"
    assert rows["Reviewed decisions found reasonable"][3] == "46.2%"  # 6 of 13
    assert "Charge rate" not in rows
    for words in ("Jane", "Maidstone", "Quixworth", "Briefed the team"):
        assert words not in text, words
        assert words not in figures, words


def test_only_a_national_manager_asks_for_a_year_that_has_ended(
    personas: Personas, kent_manager: User
) -> None:
    with pytest.raises(Forbidden):
        report_services.panel_summary_request(actor=kent_manager, period=YEAR)
    with pytest.raises(DomainError, match="financial year"):
        report_services.panel_summary_request(actor=personas.manager, period=NOW)
    this_year = report_services.year_just_closed(timezone.localdate()).start.year + 1
    with pytest.raises(DomainError, match="has ended"):
        report_services.panel_summary_request(
            actor=personas.manager, period=Period.financial_year(this_year)
        )
    assert not ProgressReport.objects.exists()
    # The dashboard's button: for a national manager only.
    ask = reverse("reports:panel_summary_request")
    assert ask not in client_for(kent_manager).get(reverse("reports:dashboard")).content.decode()
    assert client_for(kent_manager).post(ask).status_code == 403
    client = client_for(personas.manager)
    assert ask in client.get(reverse("reports:dashboard")).content.decode()
    assert client.post(ask).status_code == 302
    report = ProgressReport.objects.get()
    assert report.kind == ReportKind.PANELS
    assert report.requested_by == personas.manager


def test_the_schedule_queues_the_panels_summary_on_1_april_once(personas: Personas) -> None:
    report_services.reports_schedule(today=date(2026, 10, 1))
    assert not ProgressReport.objects.filter(kind=ReportKind.PANELS).exists()
    report_services.reports_schedule(today=date(2027, 4, 1))
    report_services.reports_schedule(today=date(2027, 4, 1))
    (summary,) = ProgressReport.objects.filter(kind=ReportKind.PANELS)
    assert report_services.report_period(summary) == Period.financial_year(2026)
    assert summary.scope_kind == "national"
