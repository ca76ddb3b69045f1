"""The right-to-privacy figures on device extractions by agreement, from
extractions made through their own services: the users' answers (agreed or
refused, by the day of the answer) and withdrawals of agreement (by the day
of withdrawal).

The story, in the half-year under way, worked out by hand below:

Kent (CPS South East), one case:
  six extractions agreed, two of them since withdrawn; three refused; one
  awaiting an answer; and one agreed in the half-year before, withdrawn in
  this one.
Durham (CPS North East): five agreed, none refused or withdrawn.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cases.models import CaseFile
from disclosure.devices import services
from disclosure.devices.models import DeviceExtraction
from rasso.accounts.models import Organisation, User
from reports import metrics
from reports.documents import report_render
from reports.metrics import Period, Scope, displayed
from tests.cases.factories import complete_case
from tests.conftest import Personas, org
from tests.disclosure.devices.factories import agreed, noticed
from tests.reports.test_documents import pdf_text

pytestmark = pytest.mark.django_db

NOW = Period.half_containing(timezone.localdate())
HOW_WITHDRAWN = "She rang the OIC on Tuesday evening"


def withdrawn(officer: User, extraction: DeviceExtraction) -> DeviceExtraction:
    return services.extraction_withdraw(
        actor=officer,
        extraction=extraction,
        withdrawn_on=timezone.localdate(),
        details=HOW_WITHDRAWN,
    )


def refused(officer: User, case: CaseFile) -> DeviceExtraction:
    return services.extraction_refuse(
        actor=officer, extraction=noticed(officer, case), refused_on=timezone.localdate()
    )


@pytest.fixture
def story(personas: Personas) -> None:
    officer = personas.officer
    kent = complete_case(officer)
    kept = [agreed(officer, kent) for _ in range(6)]
    for extraction in kept[:2]:
        withdrawn(officer, extraction)
    for _ in range(3):
        refused(officer, kent)
    noticed(officer, kent)
    before = agreed(officer, kent)
    earlier = NOW.start - timedelta(days=30)
    DeviceExtraction.objects.filter(pk=before.pk).update(notice_given_on=earlier, agreed_on=earlier)
    withdrawn(officer, before)

    durham_officer = personas.other_force_officer
    durham = complete_case(durham_officer, "Durham")
    for _ in range(5):
        agreed(durham_officer, durham)


def figures_of(name: str | None) -> metrics.ScopeFigures:
    scope = Scope.national() if name is None else Scope.of(Organisation.objects.get(name=name))
    return metrics.scope_figures(scope, NOW)


def number(figures: metrics.ScopeFigures, key: str) -> float | None:
    return figures.get(key).current.number


def shown(figures: metrics.ScopeFigures, key: str) -> str:
    result = figures.get(key)
    return displayed(result.figure, result.current)


@pytest.mark.usefixtures("story")
def test_the_device_figures_of_a_force_and_its_area() -> None:
    for name in ("Kent", "South East"):
        figures = figures_of(name)
        # Answered in the half-year: six agreed, three refused; the one
        # awaiting an answer and the one agreed before are not counted.
        assert number(figures, "dex_answered") == 9
        assert number(figures, "dex_agreed") == 6
        assert number(figures, "dex_refused") == 3
        assert number(figures, "dex_agreed_share") == pytest.approx(6 / 9)
        # Withdrawn in the half-year, whenever agreed: two and the earlier one.
        assert number(figures, "dex_withdrawn") == 3
        assert number(figures, "dex_agreed_withdrawn") == pytest.approx(2 / 6)
        assert figures.get("dex_agreed").previous.number == 1
    assert number(figures_of("Surrey"), "dex_answered") == 0


@pytest.mark.usefixtures("story")
def test_another_force_is_not_counted_and_the_nation_adds_them() -> None:
    for name in ("Durham", "North East"):
        figures = figures_of(name)
        assert number(figures, "dex_answered") == 5
        assert number(figures, "dex_agreed") == 5
        assert number(figures, "dex_refused") == 0
        assert shown(figures, "dex_agreed_share") == "100.0%"
        assert number(figures, "dex_withdrawn") == 0
        assert shown(figures, "dex_agreed_withdrawn") == "0.0%"
    national = figures_of(None)
    assert number(national, "dex_answered") == 14
    assert number(national, "dex_agreed") == 11
    assert number(national, "dex_refused") == 3
    assert number(national, "dex_agreed_share") == pytest.approx(11 / 14)
    assert number(national, "dex_withdrawn") == 3
    assert number(national, "dex_agreed_withdrawn") == pytest.approx(2 / 11)
    (by_area,) = metrics.raw_figures(Scope.national(), [NOW], group="cps_area")
    assert by_area[org("South East").pk]["dex_agreed"] == 6
    assert by_area[org("North East").pk]["dex_agreed"] == 5


@pytest.mark.usefixtures("story")
def test_small_numbers_are_suppressed_as_every_figure() -> None:
    kent = figures_of("Kent")
    assert shown(kent, "dex_answered") == "9"
    assert shown(kent, "dex_agreed") == "6"
    for key in (
        "dex_refused",  # 3
        "dex_agreed_share",  # 6 of 9: the 3 refused would show
        "dex_withdrawn",  # 3
        "dex_agreed_withdrawn",  # 2 of 6
    ):
        assert shown(kent, key) == metrics.SUPPRESSED, key
    agreed_before = kent.get("dex_agreed")
    assert displayed(agreed_before.figure, agreed_before.previous) == metrics.SUPPRESSED  # 1
    assert metrics.displayed_change(agreed_before) == metrics.SUPPRESSED
    durham = figures_of("Durham")
    assert shown(durham, "dex_agreed") == "5"
    assert shown(durham, "dex_refused") == "0"
    assert shown(figures_of("Surrey"), "dex_agreed_share") == metrics.NOTHING


def test_the_query_count_does_not_grow_with_extractions(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    kent = Scope.of(org("Kent"))
    case = complete_case(personas.officer)
    # One query per source table (the two of the extractions among them: by
    # the day answered, by the day withdrawn) and one per source written in
    # SQL, however many periods and extractions.
    queries = len(metrics.SOURCES) + len(metrics.RAW_SOURCES)
    with django_assert_num_queries(queries):
        metrics.scope_figures(kent, NOW)
    for _ in range(3):
        withdrawn(personas.officer, agreed(personas.officer, case))
        refused(personas.officer, case)
    with django_assert_num_queries(queries):
        figures = metrics.scope_figures(kent, NOW)
    assert number(figures, "dex_answered") == 6
    assert number(figures, "dex_withdrawn") == 3


@pytest.mark.usefixtures("story")
def test_the_progress_report_has_them_in_the_privacy_section() -> None:
    files = report_render(Scope.of(org("South East")), NOW)
    text = " ".join(pdf_text(files.pdf).split())
    privacy = text.split("Right to privacy")[-1]
    assert "Device extractions agreed by the user" in privacy
    assert "Share of answered device extractions agreed" in privacy
    assert "not counted yet" not in text
    assert "will follow" not in text
    rows = {row[1]: row for row in csv.reader(io.StringIO(files.csv)) if len(row) > 3}
    assert rows["Device extractions agreed by the user"][0] == metrics.Section.DEVICES
    assert rows["Device extractions agreed by the user"][3] == "6"
    assert rows["Device extractions refused by the user"][3] == "<5"
    assert HOW_WITHDRAWN not in text
    assert HOW_WITHDRAWN not in files.csv
