"""The figures against hand-built data, with answers worked out by hand.

The story: Kent (CPS South East) and Durham (CPS North East) in 2026-H1
(April to September 2026), compared with 2025-H2. Rows sit either side of
midnight on 31 March in UK time (British Summer Time began on 29 March
2026, so 00:30 on 1 April is 23:30 UTC on 31 March).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from cases.models import CaseFile, DeadlineStatus
from rasso.accounts.models import Organisation
from reports import metrics
from reports.metrics import FIGURES_BY_KEY, Period, Scope, Value, displayed, displayed_change
from tests.conftest import Personas
from tests.reports import factories as f
from tests.reports.factories import at

H1 = Period.parse("2026-H1")


def value(figures: metrics.ScopeFigures, key: str) -> float | None:
    return figures.get(key).current.number


def previous(figures: metrics.ScopeFigures, key: str) -> float | None:
    return figures.get(key).previous.number


def days(later: datetime, earlier: datetime) -> float:
    # In UTC: Python subtracts two times of one zone by their wall clocks,
    # and British Summer Time began between some of these.
    return (later.astimezone(UTC) - earlier.astimezone(UTC)).total_seconds() / 86400


@dataclass
class Story:
    k1: CaseFile
    k3: CaseFile
    k4: CaseFile
    k1_submitted: datetime
    k1_decided: datetime
    k3_first_submitted: datetime
    k3_decided: datetime
    k4_submitted: datetime
    k4_decided: datetime


@pytest.fixture
def story(personas: Personas) -> Story:
    oic, prosecutor = personas.officer, personas.prosecutor
    created = at(date(2026, 1, 1))
    k1, k2, k3, k4, k5, k6 = (f.make_case(oic, created=created) for _ in range(6))
    d1 = f.make_case(personas.other_force_officer, "Durham", created=created)
    CaseFile.objects.filter(pk=k1.pk).update(
        reported_on=date(2026, 1, 10), charged_on=date(2026, 4, 10)
    )
    CaseFile.objects.filter(pk=k3.pk).update(
        reported_on=date(2026, 6, 10), charged_on=date(2026, 6, 20)
    )
    CaseFile.objects.filter(pk=k5.pk).update(
        reported_on=date(2026, 6, 1), charged_on=date(2026, 10, 2)
    )

    # Submissions and decisions.
    k1_submitted = at(date(2026, 3, 1))
    f.submission(k1, k1_submitted)
    k3_first = at(date(2026, 5, 15))
    f.submission(k3, k3_first)
    f.submission(k3, at(date(2026, 6, 1)))
    k4_submitted = at(date(2026, 9, 20))
    f.submission(k4, k4_submitted)
    k1_decided = at(date(2026, 4, 1), 0, 30)  # 23:30 UTC on 31 March: in 2026-H1
    f.decision(k1, prosecutor, k1_decided, "charge")
    f.decision(k2, prosecutor, at(date(2026, 3, 31), 23, 30), "nfa_evidential")  # 2025-H2
    k3_decided = at(date(2026, 6, 15))
    threshold = f.decision(k3, prosecutor, k3_decided, "charge", test="threshold")
    # The Full Code Test applied later is not a second decision.
    f.decision(k3, prosecutor, at(date(2026, 7, 1)), "charge", applies_to=threshold)
    k4_decided = at(date(2026, 9, 30), 23, 59)
    f.decision(k4, prosecutor, k4_decided, "nfa_public_interest")
    f.decision(k5, prosecutor, at(date(2026, 10, 1), 0, 0), "charge")  # 2026-H2
    f.decision(d1, personas.other_area_prosecutor, at(date(2026, 5, 1)), "charge")

    # Early advice: k3's, between its two submissions; k6's asked in the
    # last minutes of 2025-H2 and answered in 2026-H1.
    f.advice(k3, oic, prosecutor, at(date(2026, 5, 10)), at(date(2026, 5, 20)))
    f.advice(k6, oic, prosecutor, at(date(2026, 3, 31), 23, 30), at(date(2026, 4, 2), 11, 30))

    # Action plans and file-quality queries.
    f.action_plan(k1, prosecutor, at(date(2026, 3, 15)))
    f.action_plan(k3, prosecutor, at(date(2026, 5, 25)), at(date(2026, 5, 31), 12))
    f.action_plan(k4, prosecutor, at(date(2026, 10, 5)))
    f.query(k3, prosecutor, at(date(2026, 6, 2), 12), at(date(2026, 6, 4), 0))
    f.query(k4, prosecutor, at(date(2026, 9, 30)))

    f.police_nfa(k6, oic, at(date(2026, 7, 1)), "16")

    # Clinics.
    f.clinic(
        "South East", date(2026, 6, 10), prosecutor, [(k1, "advice_given"), (k3, "strategy_agreed")]
    )
    f.clinic("South East", date(2026, 3, 31), prosecutor, [(k4, "ready_for_charging")])

    # "Tell the complainant": on time; closed 00:30 on the day after it was
    # due (still the due day in UTC); on time; never met; cancelled.
    f.tell(k1, date(2026, 4, 3), closed=at(date(2026, 4, 3), 23, 0))
    f.tell(k1, date(2026, 4, 3), closed=at(date(2026, 4, 4), 0, 30))
    f.tell(k3, date(2026, 6, 16), closed=at(date(2026, 6, 15)))
    f.tell(k4, date(2026, 9, 30), status=DeadlineStatus.OPEN)
    f.tell(k5, date(2026, 5, 1), status=DeadlineStatus.CANCELLED, closed=at(date(2026, 5, 1)))

    # Complainants: k2's case was decided before 2026-H1 began, so not live.
    c_k1 = f.complainant(k1)
    f.complainant(k2)
    f.complainant(k3)
    c2_k3 = f.complainant(k3)
    f.complainant(k5)
    c_k4 = f.complainant(k4)
    f.complainant(d1)
    f.withdrawal(c_k1, oic, date(2026, 5, 1))
    f.withdrawal(c2_k3, oic, date(2026, 8, 1))
    f.withdrawal(c2_k3, oic, date(2026, 8, 15))  # the same complainant, counted once
    f.review(c_k4, oic, date(2026, 6, 1), "upheld", date(2026, 7, 1))
    return Story(
        k1, k3, k4, k1_submitted, k1_decided, k3_first, k3_decided, k4_submitted, k4_decided
    )


def test_decisions_for_a_force(story: Story) -> None:
    figures = metrics.scope_figures(Scope.of(Organisation.objects.get(name="Kent")), H1)
    assert value(figures, "charged") == 2  # k1 (00:30 on 1 April), k3; not its later FCT
    assert value(figures, "cps_nfa") == 1  # k4 at 23:59 on 30 September
    assert value(figures, "charge_rate") == pytest.approx(2 / 3)
    assert previous(figures, "charged") == 0
    assert previous(figures, "cps_nfa") == 1  # k2 at 23:30 on 31 March
    assert previous(figures, "charge_rate") == 0
    assert value(figures, "police_nfa") == 1
    assert value(figures, "police_nfa_16") == 1
    assert value(figures, "police_nfa_15") == 0
    expected = sorted(
        [
            days(story.k1_decided, story.k1_submitted),
            days(story.k3_decided, story.k3_first_submitted),
            days(story.k4_decided, story.k4_submitted),
        ]
    )[1]
    assert value(figures, "decision_days") == pytest.approx(expected)
    # Report to charge: k1 90 days, k3 10 days; k5 was charged in October.
    assert value(figures, "report_to_charge_days") == 50


def test_referrals_and_quality_for_a_force(story: Story) -> None:
    figures = metrics.scope_figures(Scope.of(Organisation.objects.get(name="Kent")), H1)
    assert value(figures, "ea_requests") == 1
    assert previous(figures, "ea_requests") == 1  # k6's, at 23:30 on 31 March
    assert value(figures, "ea_days") == pytest.approx((10 + 1.5) / 2)
    assert value(figures, "submissions") == 3  # k3 twice, k4
    assert previous(figures, "submissions") == 1  # k1
    assert value(figures, "submissions_after_advice") == pytest.approx(1 / 3)
    assert value(figures, "plans_issued") == 1
    # Plans before each decision: k1 1 (issued in March), k3 1, k4 0 (after).
    assert value(figures, "plans_per_decision") == pytest.approx(2 / 3)
    assert value(figures, "decisions_with_plan") == pytest.approx(2 / 3)
    assert value(figures, "plan_response_days") == pytest.approx(6.0)
    assert value(figures, "queries_raised") == 2
    assert value(figures, "query_resolution_days") == pytest.approx(1.5)
    assert value(figures, "clinic_cases") == 2
    assert value(figures, "clinic_advice_given") == 1
    assert value(figures, "clinic_strategy_agreed") == 1
    assert previous(figures, "clinic_ready_for_charging") == 1


def test_complainant_figures(story: Story) -> None:
    figures = metrics.scope_figures(Scope.of(Organisation.objects.get(name="Kent")), H1)
    # Due: k1 twice, k3, k4 (open, past); on time: k1's first, k3's.
    assert value(figures, "tell_on_time") == pytest.approx(2 / 4)
    assert value(figures, "withdrawals") == 2
    # Live: k1's, k3's two, k5's and k4's complainants; not k2's.
    assert value(figures, "withdrawal_share") == pytest.approx(2 / 5)
    assert value(figures, "reviews_requested") == 1
    assert value(figures, "reviews_upheld") == 1
    assert value(figures, "reviews_overturned") == 0


def test_national_and_area_scopes(story: Story) -> None:
    national = metrics.scope_figures(Scope.national(), H1)
    assert value(national, "charged") == 3  # with Durham's
    assert value(national, "charge_rate") == pytest.approx(3 / 4)
    north_east = metrics.scope_figures(Scope.of(Organisation.objects.get(name="North East")), H1)
    assert value(north_east, "charged") == 1
    assert value(north_east, "cps_nfa") == 0
    rows = {org.name: values for org, values in metrics.breakdown_figures(Scope.national(), H1)}
    assert rows["South East"]["charged"].number == 2
    assert rows["North East"]["charged"].number == 1


def test_trend_periods_are_counted_separately(story: Story) -> None:
    (_, prev), (_, current) = metrics.report_figures(
        Scope.of(Organisation.objects.get(name="Kent")), H1, trend=2
    )[1]
    assert prev["cps_nfa"].number == 1
    assert current["cps_nfa"].number == 1
    assert current["charged"].number == 2


def test_an_empty_period(personas: Personas) -> None:
    figures = metrics.scope_figures(Scope.national(), Period.parse("2021-H1"))
    assert value(figures, "charged") == 0
    assert value(figures, "charge_rate") is None
    assert value(figures, "decision_days") is None
    charged = figures.get("charged")
    assert displayed(charged.figure, charged.current) == "0"
    rate = figures.get("charge_rate")
    assert displayed(rate.figure, rate.current) == metrics.NOTHING
    assert displayed_change(rate) == metrics.NOTHING


# -- suppression ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (1234, "1,234")]
)
def test_counts_from_1_to_4_are_suppressed(count: int, shown: str) -> None:
    assert displayed(FIGURES_BY_KEY["charged"], Value(count, (count,))) == shown


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (4, 10, "<5"),
        (5, 9, "<5"),
        (5, 4, "<5"),
        (5, 10, "50.0%"),
        (0, 10, "0.0%"),
        (0, 0, metrics.NOTHING),
    ],
)
def test_a_share_built_on_a_small_count_is_suppressed(
    numerator: int, denominator: int, shown: str
) -> None:
    figure = FIGURES_BY_KEY["charge_rate"]
    raw = {"charged": numerator, "cps_decided": denominator}
    assert displayed(figure, metrics.figure_value(figure, raw)) == shown


def test_a_median_over_fewer_than_5_items_is_suppressed() -> None:
    figure = FIGURES_BY_KEY["decision_days"]
    assert displayed(figure, Value(30.0, (4,))) == "<5"
    assert displayed(figure, Value(30.0, (5,))) == "30.0 days"


def test_a_change_from_a_suppressed_figure_is_suppressed() -> None:
    figure = FIGURES_BY_KEY["charged"]
    assert displayed_change(metrics.FigureResult(figure, Value(9, (9,)), Value(4, (4,)))) == "<5"
    assert displayed_change(metrics.FigureResult(figure, Value(9, (9,)), Value(5, (5,)))) == "+4"
    assert (
        displayed_change(metrics.FigureResult(figure, Value(5, (5,)), Value(5, (5,))))
        == "no change"
    )


def test_the_force_figures_suppress_small_counts(story: Story) -> None:
    figures = metrics.scope_figures(Scope.of(Organisation.objects.get(name="Kent")), H1)
    for key in ("charged", "charge_rate", "withdrawal_share", "decision_days"):
        result = figures.get(key)
        assert displayed(result.figure, result.current) == "<5", key


# -- periods --------------------------------------------------------------------------


def test_halves_of_the_financial_year() -> None:
    assert Period.parse("2026-H1") == Period(date(2026, 4, 1), date(2026, 9, 30))
    assert Period.parse("2026-h2") == Period(date(2026, 10, 1), date(2027, 3, 31))
    assert Period.parse("2026-H1").previous() == Period.parse("2025-H2")
    assert Period.parse("2026-H2").previous() == Period.parse("2026-H1")
    assert Period.half_containing(date(2026, 3, 31)) == Period.parse("2025-H2")
    assert Period.half_containing(date(2026, 4, 1)) == Period.parse("2026-H1")
    assert Period.parse("2026-H2").label == "October 2026 to March 2027"
    with pytest.raises(ValueError, match="2026-H1"):
        Period.parse("2026-H3")


def test_any_dates_compare_with_the_same_length_before() -> None:
    period = Period(date(2026, 5, 1), date(2026, 5, 31))
    assert period.previous() == Period(date(2026, 3, 31), date(2026, 4, 30))
    assert period.half_name is None


def test_every_figure_has_a_definition() -> None:
    for figure in metrics.FIGURES:
        assert len(figure.definition) > 30, figure.key


@pytest.mark.parametrize("text", ["0001-H1", "0002-H1", "1999-H2", "9999-H2"])
def test_a_half_outside_the_years_is_refused_in_words(text: str) -> None:
    with pytest.raises(ValueError, match=r"^Give a period from 2000 to \d{4}, like 2026-H1$"):
        Period.parse(text)


def test_the_years_run_from_2000_to_next_year() -> None:
    next_year = timezone.localdate().year + 1
    assert Period.parse("2000-H1").trend(4)[0] == Period.half(1998, 2)
    assert Period.parse(f"{next_year}-H2").start == date(next_year, 10, 1)
    with pytest.raises(ValueError, match=f"from 2000 to {next_year}"):
        Period.parse(f"{next_year + 1}-H1")


def test_any_dates_outside_the_years_are_refused_in_words() -> None:
    assert Period.of_dates(date(2026, 5, 1), date(2026, 5, 31)).half_name is None
    with pytest.raises(ValueError, match="from 2000 to"):
        Period.of_dates(date(1, 1, 1), date(2026, 5, 31))
    with pytest.raises(ValueError, match="from 2000 to"):
        Period.of_dates(date(2026, 5, 1), date(9999, 12, 31))
    with pytest.raises(ValueError, match="on or after the first day"):
        Period.of_dates(date(2026, 5, 31), date(2026, 5, 1))


def test_threshold_test_charges_discontinued_at_the_full_code_test(personas: Personas) -> None:
    oic, prosecutor = personas.officer, personas.prosecutor
    # Kent: a 2025-H2 Threshold Test charge discontinued at the Full Code Test
    # in 2026-H1; a 2026-H1 one whose Full Code Test kept the charges.
    k1, k2 = f.make_case(oic), f.make_case(oic)
    threshold = f.decision(k1, prosecutor, at(date(2026, 2, 1)), "charge", test="threshold")
    f.decision(k1, prosecutor, at(date(2026, 5, 1)), "nfa_evidential", applies_to=threshold)
    threshold = f.decision(k2, prosecutor, at(date(2026, 4, 10)), "charge", test="threshold")
    f.decision(k2, prosecutor, at(date(2026, 6, 1)), "charge", applies_to=threshold)
    # Durham: one discontinued on public interest in 2026-H1 (national only).
    d1 = f.make_case(personas.other_force_officer, "Durham")
    other = personas.other_area_prosecutor
    threshold = f.decision(d1, other, at(date(2026, 4, 2)), "charge", test="threshold")
    f.decision(
        d1, other, at(date(2026, 9, 30), 23, 59), "nfa_public_interest", applies_to=threshold
    )

    kent = metrics.scope_figures(Scope.of(Organisation.objects.get(name="Kent")), H1)
    assert value(kent, "fct_discontinued") == 1  # k1's, on 1 May
    assert previous(kent, "fct_discontinued") == 0
    # The first decisions stay as they were: k2's charge now, k1's before.
    assert value(kent, "charged") == 1
    assert previous(kent, "charged") == 1
    assert value(kent, "cps_nfa") == 0
    assert value(kent, "decisions_with_plan") == 0
    national = metrics.scope_figures(Scope.national(), H1)
    assert value(national, "fct_discontinued") == 2
    assert value(national, "charged") == 2  # k2, d1
    assert value(national, "cps_nfa") == 0
    assert metrics.FIGURES_BY_KEY["fct_discontinued"].section == metrics.Section.DECISIONS
