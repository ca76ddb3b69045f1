"""The right-to-privacy figures, from victim information requests made through
the requests' own services: requests by kind of holder, how specific the ones
sent were, whether the complainant was told first, counselling requests and
their approval, the prosecutor's agreement, days to material, credibility
flags raised and overridden.

The story, in the half-year under way, worked out by hand below:

Kent (CPS South East), one case:
  A  five GP requests, specific, told first, sent; material after 10, 10, 12,
     14 and 20 days. The first was drafted in the half-year before.
  B  five GP requests asking for "all records" and the like, told first, sent,
     no material yet.
  C  two counselling requests, approved, sent: one told first (material after
     3 days), one with notice delayed.
  D  two GP requests resting on credibility: one overridden and sent, told
     first (material after 30 days); one awaiting the supervisor.
  E  one GP request rejected by the prosecutor.
  F  one education request sent back by the prosecutor for changes.
  G  one "other" request, a draft.
Surrey (also South East): one education request, a draft.
Durham (CPS North East): two GP requests sent, specific, told first (material
after 5 days each); one rejected; one resting on credibility, awaiting the
supervisor.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile
from disclosure.requests import services
from disclosure.requests.models import (
    CpsDecision,
    HolderKind,
    NoticeDelay,
    VictimInformationRequest,
)
from rasso.accounts.models import Organisation, Role, User
from reports import metrics
from reports.documents import report_render
from reports.figures import dashboard_figures
from reports.metrics import Period, Scope, displayed, displayed_change
from tests.cases.factories import complete_case
from tests.conftest import Personas, org
from tests.disclosure.requests.factories import (
    COUNSELLING,
    CREDIBILITY,
    GP,
    HOLDER_NAME,
    NOTICE,
    agreed,
    drafted,
    sent,
    submitted,
    with_prosecutor,
)
from tests.factories import MembershipFactory, UserFactory
from tests.reports.factories import at
from tests.reports.test_documents import pdf_text
from tests.support import client_for

pytestmark = pytest.mark.django_db

NOW = Period.half_containing(timezone.localdate())
# The day the story's received requests went out: the services date a reply
# no earlier than its request, and "today" may be the half-year's first day,
# so the days to material are set on fixed dates inside the half-year.
SENT = NOW.start + timedelta(days=1)

# Free text written on a request: it must never reach a figure, a page or a file.
MATERIAL = "Notes of Dr Quixworth's consultation with Jane"
BLANKET = [
    "All records held by the practice since 2015",
    "The FULL  FILE held on her",
    "Her entire\nhistory with the service",
    "Any and all notes of sessions",
    "All medical records",
]


def member(role: str, name: str) -> User:
    user: User = UserFactory.create()
    MembershipFactory.create(user=user, organisation=org(name), role=role)
    return user


def received(p: Personas, request: VictimInformationRequest, days: int) -> None:
    """Material recorded through the service, then dated ``days`` after SENT,
    the request's earlier steps moved back to SENT with it (the notice, the
    approval and the prosecutor's agreement come on or before the sending)."""
    request = services.request_receive(
        actor=p.officer, request=request, received_on=timezone.localdate(), material=MATERIAL
    )
    moved: dict[str, Any] = {"sent_on": SENT, "received_on": SENT + timedelta(days=days)}
    if request.notice_given_on is not None:
        moved["notice_given_on"] = SENT
    for stamp in ("approved_at", "override_at", "cps_decided_at"):
        if getattr(request, stamp) is not None:
            moved[stamp] = at(SENT, 9)
    VictimInformationRequest.objects.filter(pk=request.pk).update(**moved)


def sent_with_notice_delayed(
    p: Personas, case: CaseFile, base: services.RequestDetails
) -> VictimInformationRequest:
    request = services.request_notice_delay(
        actor=p.officer,
        request=agreed(p, case, base),
        delay=NoticeDelay.DELAYED,
        reason="Told after her appointment, at her ISVA's advice.",
    )
    today = timezone.localdate()
    return services.request_send(
        actor=p.officer, request=request, sent_on=today, reply_by=today + timedelta(days=14)
    )


def rejected(p: Personas, case: CaseFile, base: services.RequestDetails = GP) -> None:
    services.request_cps_decide(
        actor=p.prosecutor,
        request=submitted(p, case, base),
        decision=CpsDecision.REJECTED,
        reasons="Not a reasonable line of enquiry.",
    )


@pytest.fixture
def durham(personas: Personas) -> Personas:
    """Durham's officer and the North East's prosecutor and SPOC, in the
    shape the requests' factories take."""
    return replace(
        personas,
        officer=personas.other_force_officer,
        supervisor=member(Role.POLICE_SUPERVISOR, "Durham"),
        prosecutor=personas.other_area_prosecutor,
        cps_spoc=member(Role.CPS_SPOC, "North East"),
    )


@pytest.fixture
def case(personas: Personas) -> CaseFile:
    """A Kent case under investigation with its prosecutor."""
    return with_prosecutor(personas, complete_case(personas.officer))


@pytest.fixture
def story(personas: Personas, durham: Personas, case: CaseFile) -> None:
    p = personas
    kent = case
    # A
    specific = [sent(p, kent) for _ in range(5)]
    for request, days in zip(specific, (10, 10, 12, 14, 20), strict=True):
        received(p, request, days)
    VictimInformationRequest.objects.filter(pk=specific[0].pk).update(
        created_at=at(NOW.start - timedelta(days=30))
    )
    # B
    for wording in BLANKET:
        sent(p, kent, information_sought=wording)
    # C
    received(p, sent(p, kent, COUNSELLING), 3)
    sent_with_notice_delayed(p, kent, COUNSELLING)
    # D
    received(p, sent(p, kent, CREDIBILITY), 30)
    submitted(p, kent, CREDIBILITY)
    # E
    rejected(p, kent)
    # F
    services.request_cps_decide(
        actor=p.prosecutor,
        request=submitted(p, kent, GP, holder_kind=HolderKind.EDUCATION),
        decision=CpsDecision.CHANGES,
        reasons="Narrow the dates.",
    )
    # G
    drafted(p.officer, kent, GP, holder_kind=HolderKind.OTHER)

    surrey_officer = member(Role.INVESTIGATOR, "Surrey")
    surrey = complete_case(surrey_officer, "Surrey")
    drafted(surrey_officer, surrey, holder_kind=HolderKind.EDUCATION)

    d = durham
    durham_case = with_prosecutor(d, complete_case(d.officer, "Durham"))
    for _ in range(2):
        received(d, sent(d, durham_case), 5)
    rejected(d, durham_case)
    submitted(d, durham_case, CREDIBILITY)


def figures_of(name: str | None) -> metrics.ScopeFigures:
    scope = Scope.national() if name is None else Scope.of(Organisation.objects.get(name=name))
    return metrics.scope_figures(scope, NOW)


def number(figures: metrics.ScopeFigures, key: str) -> float | None:
    return figures.get(key).current.number


def shown(figures: metrics.ScopeFigures, key: str) -> str:
    result = figures.get(key)
    return displayed(result.figure, result.current)


@pytest.mark.usefixtures("story")
def test_the_privacy_figures_of_a_force() -> None:
    kent = figures_of("Kent")
    # Drafted in the half-year: all but A's first, which was drafted before.
    assert number(kent, "vir_requests") == 16
    assert shown(kent, "vir_requests") == "16"
    assert kent.get("vir_requests").previous.number == 1
    assert number(kent, "vir_holder_gp_medical") == 12  # A 4, B 5, D 2, E 1
    assert number(kent, "vir_holder_counselling") == 2
    assert number(kent, "vir_holder_education") == 1
    assert number(kent, "vir_holder_other") == 1
    assert number(kent, "vir_holder_social_services") == 0
    # Sent in the half-year (by the day sent): A's first among them.
    assert number(kent, "vir_sent") == 13  # A 5, B 5, C 2, D 1
    assert number(kent, "vir_specific") == pytest.approx(8 / 13)
    assert shown(kent, "vir_specific") == "61.5%"
    assert number(kent, "vir_told_before") == pytest.approx(12 / 13)
    assert number(kent, "vir_counselling_sent") == 2
    assert number(kent, "vir_counselling_approved") == pytest.approx(1.0)
    # The prosecutor's latest decisions: A, B, C, D's first agreed; E
    # rejected; F changes asked for.
    assert number(kent, "vir_cps_agreed") == pytest.approx(13 / 15)
    # Days to material: 3 10 10 12 14 20 30.
    assert number(kent, "vir_material_days") == pytest.approx(12.0)
    assert shown(kent, "vir_material_days") == "12.0 days"
    assert number(kent, "vir_flagged") == 2
    assert number(kent, "vir_overridden") == 1


@pytest.mark.usefixtures("story")
def test_an_area_counts_its_forces_cases_and_no_other_areas() -> None:
    south_east = figures_of("South East")
    assert number(south_east, "vir_requests") == 17  # Kent's 16 and Surrey's draft
    assert number(south_east, "vir_holder_education") == 2
    assert number(figures_of("Surrey"), "vir_requests") == 1
    assert number(south_east, "vir_sent") == 13
    assert number(south_east, "vir_cps_agreed") == pytest.approx(13 / 15)
    assert number(south_east, "vir_material_days") == pytest.approx(12.0)
    for name in ("Durham", "North East"):
        figures = figures_of(name)
        assert number(figures, "vir_requests") == 4
        assert number(figures, "vir_holder_gp_medical") == 4
        assert number(figures, "vir_sent") == 2
        assert number(figures, "vir_specific") == pytest.approx(1.0)
        assert number(figures, "vir_told_before") == pytest.approx(1.0)
        assert number(figures, "vir_counselling_sent") == 0
        assert number(figures, "vir_counselling_approved") is None
        assert number(figures, "vir_cps_agreed") == pytest.approx(2 / 3)
        assert number(figures, "vir_material_days") == pytest.approx(5.0)
        assert number(figures, "vir_flagged") == 1
        assert number(figures, "vir_overridden") == 0


@pytest.mark.usefixtures("story")
def test_the_national_figures_add_every_force() -> None:
    national = figures_of(None)
    assert number(national, "vir_requests") == 21
    assert number(national, "vir_holder_gp_medical") == 16
    assert number(national, "vir_holder_education") == 2
    assert number(national, "vir_sent") == 15
    assert number(national, "vir_specific") == pytest.approx(10 / 15)
    assert shown(national, "vir_specific") == "66.7%"
    assert number(national, "vir_told_before") == pytest.approx(14 / 15)
    assert number(national, "vir_cps_agreed") == pytest.approx(15 / 18)
    # Days to material: 3 5 5 10 10 12 14 20 30.
    assert number(national, "vir_material_days") == pytest.approx(10.0)
    assert number(national, "vir_flagged") == 3
    assert number(national, "vir_overridden") == 1
    (by_area,) = metrics.raw_figures(Scope.national(), [NOW], group="cps_area")
    assert by_area[org("South East").pk]["vir_requests"] == 17
    assert by_area[org("North East").pk]["vir_requests"] == 4
    (by_force,) = metrics.raw_figures(Scope.of(org("South East")), [NOW], group="force")
    assert {k: v["vir_requests"] for k, v in by_force.items() if v["vir_requests"]} == {
        org("Kent").pk: 16,
        org("Surrey").pk: 1,
    }


@pytest.mark.usefixtures("story")
def test_small_numbers_are_suppressed_as_every_figure() -> None:
    kent = figures_of("Kent")
    for key in (
        "vir_holder_counselling",  # 2
        "vir_holder_education",  # 1
        "vir_told_before",  # 12 of 13: the 1 not told would show
        "vir_counselling_sent",  # 2
        "vir_counselling_approved",  # 2 of 2
        "vir_cps_agreed",  # 13 of 15: 2 not agreed
        "vir_flagged",  # 2
        "vir_overridden",  # 1
    ):
        assert shown(kent, key) == metrics.SUPPRESSED, key
    assert shown(kent, "vir_holder_social_services") == "0"
    # 1 in the half-year before: the change would give it away.
    requests = kent.get("vir_requests")
    assert displayed(requests.figure, requests.previous) == metrics.SUPPRESSED
    assert displayed_change(requests) == metrics.SUPPRESSED
    durham = figures_of("Durham")
    assert shown(durham, "vir_requests") == metrics.SUPPRESSED  # 4
    assert shown(durham, "vir_specific") == metrics.SUPPRESSED  # 2 of 2
    assert shown(durham, "vir_material_days") == metrics.SUPPRESSED  # over 2
    assert shown(durham, "vir_counselling_approved") == metrics.NOTHING


def test_blanket_wording_is_matched_as_whole_words(personas: Personas, case: CaseFile) -> None:
    for wording in BLANKET:
        drafted(personas.officer, case, information_sought=wording)
    specific = [
        GP.information_sought,
        COUNSELLING.information_sought,
        "Overall records of attendance for March 2026",  # not "all records"
        "Her records of 2 March; not the full history",  # "full history" is blanket
    ]
    for wording in specific:
        drafted(personas.officer, case, information_sought=wording)
    blanket = VictimInformationRequest.objects.filter(metrics.blanket_wording())
    assert sorted(blanket.values_list("information_sought", flat=True)) == sorted(
        [*BLANKET, specific[3]]
    )


def test_the_query_count_does_not_grow_with_requests(
    personas: Personas, case: CaseFile, django_assert_num_queries: Any
) -> None:
    kent = Scope.of(org("Kent"))
    # One query per source table (the four of the requests among them: by
    # the day drafted, sent, decided by the prosecutor, received) and one
    # per source written in SQL, however many periods and requests.
    queries = len(metrics.SOURCES) + len(metrics.RAW_SOURCES)
    with django_assert_num_queries(queries):
        metrics.scope_figures(kent, NOW)
    for _ in range(3):
        received(personas, sent(personas, case, COUNSELLING), 7)
        rejected(personas, case)
        submitted(personas, case, CREDIBILITY)
    with django_assert_num_queries(queries):
        figures = metrics.scope_figures(kent, NOW)
    assert number(figures, "vir_requests") == 9
    assert number(figures, "vir_material_days") == pytest.approx(7.0)
    # The table by Area: the same, and the Areas' names.
    with django_assert_num_queries(queries + 1):
        rows = metrics.breakdown_figures(Scope.national(), NOW)
    assert [organisation.name for organisation, _ in rows] == ["South East"]


# -- where they are shown ---------------------------------------------------------------


# What the officers wrote: the holder, the material, a blanket wording, the
# reason notice was delayed, the notice itself, the complainant's name.
FREE_TEXT = (
    HOLDER_NAME,
    "Quixworth",
    "practice since 2015",
    "her appointment",
    "kept securely",
    "Jane",
)


@pytest.mark.usefixtures("story")
def test_the_dashboard_shows_them_in_its_privacy_section(kent_manager: User) -> None:
    page = client_for(kent_manager).get(reverse("reports:dashboard")).content.decode()
    privacy = page.split('id="privacy"')[1].split('id="collaboration"')[0]
    assert "Right to privacy" in privacy
    assert "device" in privacy  # the extractions' table, below the requests'
    assert "will follow" not in privacy
    row = privacy.split('data-figure="vir_requests"')[1].split("</tr>")[0]
    assert ">16<" in row
    row = privacy.split('data-figure="vir_specific"')[1].split("</tr>")[0]
    assert ">61.5%<" in row
    row = privacy.split('data-figure="vir_flagged"')[1].split("</tr>")[0]
    assert "&lt;5" in row
    for words in FREE_TEXT:
        assert words not in page, words
    cached = dashboard_figures(Scope.of(org("Kent")), NOW)["privacy"]
    assert [caption for caption, _ in cached["tables"]] == [
        metrics.Section.REQUESTS,
        metrics.Section.DEVICES,
    ]


@pytest.mark.usefixtures("story")
def test_the_progress_report_has_them_and_none_of_the_requests_words() -> None:
    files = report_render(Scope.of(org("South East")), NOW)
    text = " ".join(pdf_text(files.pdf).split())  # a label may wrap in its cell
    assert "Right to privacy" in text
    assert "There are none in this report" not in text
    assert "Victim information requests drafted" in text
    assert "Requests by kind of holder: GP or medical" in text
    assert "CPS agreement rate for victim information requests" in text
    assert "Median days from request to material" in text
    rows = {row[1]: row for row in csv.reader(io.StringIO(files.csv)) if len(row) > 3}
    assert rows["Victim information requests drafted"][0] == metrics.Section.REQUESTS
    assert rows["Victim information requests drafted"][3] == "17"
    assert rows["Requests sent limited by dates and specific in scope"][3] == "61.5%"
    assert rows["Median days from request to material"][3] == "12.0 days"
    assert rows["Requests flagged as resting on credibility"][3] == "<5"
    for words in FREE_TEXT:
        assert words not in text, words
        assert words not in files.csv, words
    # They were written: the requests hold them, the files do not.
    assert VictimInformationRequest.objects.filter(material_received=MATERIAL).count() == 9
    assert VictimInformationRequest.objects.filter(holder_name=HOLDER_NAME).exists()
    assert "kept securely" in NOTICE  # the factories' notice, in the contact log only
