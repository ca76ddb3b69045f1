"""The Victims' Right to Review: a complainant asks for a decision to take no
further action to be looked at again, under the scheme of whoever decided.

Police: in time within 3 months of being told; acknowledged within 10 working
days and completed within 30; reviewed by a supervisor or SPOC of the force.
CPS: in time within 10 working days of being told, a later request up to 3
months accepted with a reason, and refused after that; reviewed by the Area's
CPS SPOC. An overturned decision reopens the case (police: investigation; CPS:
back with CPS for a new decision) and the timeline says why.

The expected dates are worked out by hand (bank holidays 25 and 28 December
2026 and 1 January 2027).
"""

from __future__ import annotations

from datetime import date

import pytest

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus
from rasso.accounts.models import Organisation, Role, User
from rasso.core.errors import DomainError
from tests.conftest import Personas
from tests.factories import MembershipFactory, UserFactory
from tests.victims.factories import cps_nfa, freeze, investigated, police_nfa
from victims.models import Complainant, Review, ReviewOutcome, ReviewScheme, ReviewStatus
from victims.services import review_acknowledge, review_complete, review_request

pytestmark = pytest.mark.django_db


def police_spoc() -> User:
    user: User = UserFactory.create()
    MembershipFactory.create(
        user=user, organisation=Organisation.objects.get(name="Kent"), role=Role.POLICE_SPOC
    )
    return user


def review_deadlines(review: Review) -> dict[str, Deadline]:
    return {
        d.kind: d
        for d in Deadline.objects.filter(source=f"victims.review:{review.pk}").order_by("id")
    }


def request(actor: User, complainant: Complainant, told: date, asked: date, **kw: str) -> Review:
    return review_request(
        actor=actor, complainant=complainant, told_on=told, requested_on=asked, **kw
    )


# -- the police scheme ------------------------------------------------------------


@pytest.fixture
def police_case(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> tuple[CaseFile, Complainant]:
    """No further action approved on Monday 30 November 2026; it is now 15 March 2027."""
    freeze(monkeypatch, date(2026, 11, 30))
    case, complainant = police_nfa(personas)
    freeze(monkeypatch, date(2027, 3, 15))
    return case, complainant


def test_a_police_review_asked_within_3_months_is_in_time(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    case, complainant = police_case
    # Told on 30 November 2026: three months run to 28 February 2027.
    review = request(personas.officer, complainant, date(2026, 11, 30), date(2027, 2, 28))

    assert (review.scheme, review.in_time, review.status) == (
        ReviewScheme.POLICE,
        True,
        ReviewStatus.REQUESTED,
    )
    assert review.late_reason == ""
    assert case.events.filter(
        kind="review_requested",
        description="C1 asked for a review (Police Victims' Right to Review), in time",
    ).exists()


def test_a_late_police_review_needs_the_reason_it_is_accepted(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    _case, complainant = police_case
    with pytest.raises(
        DomainError,
        match=r"The request is late \(it was due by 28 February 2027\): give the reason",
    ):
        request(personas.officer, complainant, date(2026, 11, 30), date(2027, 3, 1))
    assert not Review.objects.exists()
    assert not Deadline.objects.filter(source__startswith="victims.review").exists()

    review = request(
        personas.officer,
        complainant,
        date(2026, 11, 30),
        date(2027, 3, 1),
        late_reason="In hospital through February.",
    )
    assert (review.in_time, review.late_reason) == (False, "In hospital through February.")


def test_a_police_review_is_acknowledged_in_10_and_completed_in_30_working_days(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    _case, complainant = police_case
    # Asked on Monday 14 December 2026, over Christmas and New Year:
    # acknowledge by 30 December (15-18, 21-24, 29, 30 December); complete by
    # 28 January 2027 (11 days in December, then 4-8, 11-15, 18-22, 25-28 January).
    review = request(personas.officer, complainant, date(2026, 11, 30), date(2026, 12, 14))

    deadlines = review_deadlines(review)
    assert deadlines[DeadlineKind.REVIEW_ACKNOWLEDGE].due_on == date(2026, 12, 30)
    assert deadlines[DeadlineKind.REVIEW_COMPLETE].due_on == date(2027, 1, 28)
    kent = Organisation.objects.get(name="Kent")
    assert {d.owner_organisation for d in deadlines.values()} == {kent}
    assert deadlines[DeadlineKind.REVIEW_ACKNOWLEDGE].description == (
        "Acknowledge C1's request for a review"
    )

    review_acknowledge(actor=personas.supervisor, review=review, acknowledged_on=date(2026, 12, 16))
    deadlines = review_deadlines(review)
    assert deadlines[DeadlineKind.REVIEW_ACKNOWLEDGE].status == DeadlineStatus.MET
    assert deadlines[DeadlineKind.REVIEW_COMPLETE].status == DeadlineStatus.OPEN
    review.refresh_from_db()
    assert (review.status, review.acknowledged_on) == (
        ReviewStatus.ACKNOWLEDGED,
        date(2026, 12, 16),
    )


@pytest.mark.parametrize("who", ["officer", "supervisor", "spoc"])
def test_the_officers_of_the_case_and_its_reviewers_record_a_police_request(
    personas: Personas, police_case: tuple[CaseFile, Complainant], who: str
) -> None:
    actor = police_spoc() if who == "spoc" else getattr(personas, who)
    review = request(actor, police_case[1], date(2026, 11, 30), date(2026, 12, 14))
    assert review.requested_by == actor


@pytest.mark.parametrize(
    "who", ["colleague", "other_force_officer", "prosecutor", "cps_spoc", "manager"]
)
def test_nobody_else_records_a_police_request(
    personas: Personas, police_case: tuple[CaseFile, Complainant], who: str
) -> None:
    case, complainant = police_case
    events = case.events.count()
    with pytest.raises(DomainError, match="You cannot record a request for a review on this case"):
        request(getattr(personas, who), complainant, date(2026, 11, 30), date(2026, 12, 14))
    assert not Review.objects.exists()
    assert case.events.count() == events


@pytest.mark.parametrize("who", ["officer", "colleague", "cps_spoc", "prosecutor"])
def test_only_a_supervisor_or_spoc_of_the_force_acts_on_a_police_review(
    personas: Personas, police_case: tuple[CaseFile, Complainant], who: str
) -> None:
    case, complainant = police_case
    review = request(personas.officer, complainant, date(2026, 11, 30), date(2026, 12, 14))
    events = case.events.count()
    actor = getattr(personas, who)

    with pytest.raises(DomainError, match="You cannot act on this review"):
        review_acknowledge(actor=actor, review=review, acknowledged_on=date(2026, 12, 15))
    with pytest.raises(DomainError, match="You cannot act on this review"):
        review_complete(
            actor=actor,
            review=review,
            outcome=ReviewOutcome.OVERTURNED,
            reasons="Reopen it.",
            completed_on=date(2026, 12, 15),
        )
    review.refresh_from_db()
    assert review.status == ReviewStatus.REQUESTED
    case.refresh_from_db()
    assert case.status == CaseStatus.POLICE_NFA
    assert case.events.count() == events


def test_a_police_spoc_may_complete_a_police_review(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    review = request(personas.officer, police_case[1], date(2026, 11, 30), date(2026, 12, 14))
    spoc = police_spoc()
    review = review_complete(
        actor=spoc,
        review=review,
        outcome=ReviewOutcome.UPHELD,
        reasons="The decision was sound.",
        completed_on=date(2027, 1, 20),
    )
    assert review.completed_by == spoc


def test_an_overturned_police_nfa_reopens_the_investigation_and_the_timeline_says_why(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    case, complainant = police_case
    review = request(personas.officer, complainant, date(2026, 11, 30), date(2026, 12, 14))

    review = review_complete(
        actor=personas.supervisor,
        review=review,
        outcome=ReviewOutcome.OVERTURNED,
        reasons="The door-camera footage was never requested.",
        completed_on=date(2027, 1, 20),
    )

    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION
    assert (review.status, review.outcome, review.completed_by) == (
        ReviewStatus.COMPLETED,
        ReviewOutcome.OVERTURNED,
        personas.supervisor,
    )
    assert review.acknowledged_on == date(2027, 1, 20)  # completing it acknowledged it
    assert {d.status for d in review_deadlines(review).values()} == {DeadlineStatus.MET}
    timeline = list(case.events.order_by("id").values_list("kind", "description"))
    assert ("review_completed", "C1's review completed: decision overturned") in timeline
    assert (
        "status_changed",
        "Case reopened after C1's Victims' Right to Review: the decision to take no further "
        "action was overturned",
    ) in timeline
    # Reopening is itself news for the complainant (1 working day from Friday 15 March 2027).
    reopened = Deadline.objects.get(
        case=case, status=DeadlineStatus.OPEN, description="Tell C1 of the case being reopened"
    )
    assert reopened.due_on == date(2027, 3, 16)
    # The reasons may name people: they stay on the review, off the timeline.
    assert not case.events.filter(description__contains="door-camera").exists()


def test_an_upheld_decision_leaves_the_case_closed(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    case, complainant = police_case
    review = request(personas.officer, complainant, date(2026, 11, 30), date(2026, 12, 14))
    events = set(case.events.values_list("kind", flat=True))

    review_complete(
        actor=personas.supervisor,
        review=review,
        outcome=ReviewOutcome.UPHELD,
        reasons="All reasonable lines of enquiry were followed.",
        completed_on=date(2027, 1, 20),
    )

    case.refresh_from_db()
    assert case.status == CaseStatus.POLICE_NFA
    assert case.events.filter(description="C1's review completed: decision upheld").exists()
    assert "status_changed" not in set(case.events.values_list("kind", flat=True)) - events
    assert {d.status for d in review_deadlines(review).values()} == {DeadlineStatus.MET}


def test_one_open_review_per_complainant(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    _case, complainant = police_case
    first = request(personas.officer, complainant, date(2026, 11, 30), date(2026, 12, 14))
    with pytest.raises(DomainError, match="C1 already has a review in progress"):
        request(personas.officer, complainant, date(2026, 11, 30), date(2026, 12, 15))
    assert list(Review.objects.all()) == [first]
    assert len(Deadline.objects.filter(source__startswith="victims.review")) == 2


def test_a_review_moves_only_forward(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    review = request(personas.officer, police_case[1], date(2026, 11, 30), date(2026, 12, 14))
    review_acknowledge(actor=personas.supervisor, review=review, acknowledged_on=date(2026, 12, 15))
    with pytest.raises(DomainError, match="This review is acknowledged"):
        review_acknowledge(
            actor=personas.supervisor, review=review, acknowledged_on=date(2026, 12, 16)
        )
    review_complete(
        actor=personas.supervisor,
        review=review,
        outcome=ReviewOutcome.UPHELD,
        reasons="Sound.",
        completed_on=date(2027, 1, 4),
    )
    with pytest.raises(DomainError, match="This review is completed"):
        review_complete(
            actor=personas.supervisor,
            review=review,
            outcome=ReviewOutcome.OVERTURNED,
            reasons="Changed my mind.",
            completed_on=date(2027, 1, 5),
        )
    review.refresh_from_db()
    assert review.outcome == ReviewOutcome.UPHELD


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": "maybe"}, "Choose the outcome of the review"),
        ({"reasons": "  "}, "Give the reasons for the outcome"),
        ({"completed_on": date(2026, 12, 13)}, "between the request and today"),
        ({"completed_on": date(2027, 3, 16)}, "between the request and today"),
    ],
    ids=["no outcome", "no reasons", "before the request", "tomorrow"],
)
def test_an_incomplete_outcome_is_refused_and_changes_nothing(
    personas: Personas,
    police_case: tuple[CaseFile, Complainant],
    fields: dict[str, object],
    message: str,
) -> None:
    case, complainant = police_case
    review = request(personas.officer, complainant, date(2026, 11, 30), date(2026, 12, 14))
    details: dict[str, object] = {
        "outcome": ReviewOutcome.OVERTURNED,
        "reasons": "Reopen.",
        "completed_on": date(2027, 1, 4),
        **fields,
    }
    with pytest.raises(DomainError, match=message):
        review_complete(actor=personas.supervisor, review=review, **details)  # type: ignore[arg-type]
    review.refresh_from_db()
    assert (review.status, review.outcome) == (ReviewStatus.REQUESTED, "")
    case.refresh_from_db()
    assert case.status == CaseStatus.POLICE_NFA


@pytest.mark.parametrize(
    ("told", "asked", "message"),
    [
        (date(2027, 3, 16), date(2027, 3, 16), "The dates cannot be in the future"),
        (date(2027, 3, 1), date(2027, 3, 16), "The dates cannot be in the future"),
        (date(2026, 12, 14), date(2026, 12, 13), "cannot be before the complainant was told"),
        (
            date(2026, 2, 27),
            date(2026, 3, 2),
            r"cannot have been told of the decision before the case was reported \(1 March 2026\)",
        ),
    ],
    ids=["told tomorrow", "asked tomorrow", "asked before told", "told before the report"],
)
def test_impossible_review_dates_are_refused(
    personas: Personas,
    police_case: tuple[CaseFile, Complainant],
    told: date,
    asked: date,
    message: str,
) -> None:
    with pytest.raises(DomainError, match=message):
        request(personas.officer, police_case[1], told, asked)
    assert not Review.objects.exists()


def test_no_review_of_a_case_still_under_investigation(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 12, 1))
    _case, complainant = investigated(personas.officer)
    with pytest.raises(DomainError, match="A review is of a decision to take no further action"):
        request(personas.officer, complainant, date(2026, 11, 30), date(2026, 12, 1))
    assert not Review.objects.exists()


# -- the CPS scheme ---------------------------------------------------------------


@pytest.fixture
def cps_case(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> tuple[CaseFile, Complainant]:
    """The CPS decided no further action on Thursday 17 December 2026; it is now 1 April 2027."""
    freeze(monkeypatch, date(2026, 12, 17))
    case, complainant = cps_nfa(personas)
    freeze(monkeypatch, date(2027, 4, 1))
    return case, complainant


TOLD = date(2026, 12, 17)


@pytest.mark.parametrize(
    ("asked", "in_time"),
    [
        # 10 working days from 17 December 2026: 18, 21-24, 29-31 December, 4 and 5 January.
        (date(2027, 1, 5), True),
        (date(2027, 1, 6), False),
        # Later requests are accepted, with a reason, up to 3 months: 17 March 2027.
        (date(2027, 3, 17), False),
    ],
)
def test_a_cps_review_is_in_time_within_10_working_days_and_accepted_late_with_a_reason(
    personas: Personas, cps_case: tuple[CaseFile, Complainant], asked: date, in_time: bool
) -> None:
    _case, complainant = cps_case
    if not in_time:
        with pytest.raises(DomainError, match=r"it was due by 5 January 2027"):
            request(personas.prosecutor, complainant, TOLD, asked)
        assert not Review.objects.exists()
    review = request(personas.prosecutor, complainant, TOLD, asked, late_reason="Was abroad.")
    assert (review.scheme, review.in_time) == (ReviewScheme.CPS, in_time)
    assert review.late_reason == ("" if in_time else "Was abroad.")


def test_a_cps_review_asked_after_3_months_is_refused(
    personas: Personas, cps_case: tuple[CaseFile, Complainant]
) -> None:
    _case, complainant = cps_case
    with pytest.raises(
        DomainError,
        match=r"accepted up to 3 months after the complainant was told \(17 March 2027\)",
    ):
        request(personas.cps_spoc, complainant, TOLD, date(2027, 3, 18), late_reason="Abroad.")
    assert not Review.objects.exists()


def test_a_cps_review_is_completed_in_30_working_days_by_the_cps_spoc(
    personas: Personas, cps_case: tuple[CaseFile, Complainant]
) -> None:
    case, complainant = cps_case
    review = request(personas.prosecutor, complainant, TOLD, date(2027, 1, 5))
    deadlines = review_deadlines(review)
    # The CPS scheme sets no acknowledgement deadline. 30 working days from
    # Tuesday 5 January 2027: 6-8, 11-15, 18-22, 25-29 January, 1-5, 8-12, 15-16 February.
    assert set(deadlines) == {DeadlineKind.REVIEW_COMPLETE}
    assert deadlines[DeadlineKind.REVIEW_COMPLETE].due_on == date(2027, 2, 16)
    assert deadlines[DeadlineKind.REVIEW_COMPLETE].owner_organisation == case.cps_area

    # The prosecutor who decided does not review their own decision.
    with pytest.raises(DomainError, match="You cannot act on this review"):
        review_complete(
            actor=personas.prosecutor,
            review=review,
            outcome=ReviewOutcome.OVERTURNED,
            reasons="On reflection.",
            completed_on=date(2027, 2, 1),
        )
    review_complete(
        actor=personas.cps_spoc,
        review=review,
        outcome=ReviewOutcome.OVERTURNED,
        reasons="The public interest was misjudged.",
        completed_on=date(2027, 2, 1),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.WITH_CPS
    # Back with CPS for a new decision, 28 days from the review's completion.
    decision = Deadline.objects.get(
        case=case, kind=DeadlineKind.CHARGING_DECISION, status=DeadlineStatus.OPEN
    )
    assert decision.due_on == date(2027, 3, 1)
    assert decision.owner == personas.prosecutor
    assert case.events.filter(
        kind="status_changed", description__startswith="Case reopened after C1's Victims'"
    ).exists()


@pytest.mark.parametrize("who", ["officer", "supervisor", "other_area_prosecutor"])
def test_nobody_else_records_a_cps_request(
    personas: Personas, cps_case: tuple[CaseFile, Complainant], who: str
) -> None:
    with pytest.raises(DomainError, match="You cannot record a request for a review"):
        request(getattr(personas, who), cps_case[1], TOLD, date(2027, 1, 5))
    assert not Review.objects.exists()


def test_the_second_overturned_review_finds_the_case_already_reopened(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    """Two complainants ask for a review of one decision: the first overturns
    it and reopens the case; the second's outcome is recorded and moves nothing."""
    case, first = police_case
    second = Complainant.objects.create(case=case, pseudonym="C2", first_names="B", last_name="C")
    one = request(personas.officer, first, date(2026, 11, 30), date(2026, 12, 14))
    two = request(personas.officer, second, date(2026, 11, 30), date(2026, 12, 14))
    for review in (one, two):
        review_complete(
            actor=personas.supervisor,
            review=review,
            outcome=ReviewOutcome.OVERTURNED,
            reasons="Missed enquiry.",
            completed_on=date(2027, 1, 4),
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION
    assert case.events.filter(
        description="The case had already been reopened when C2's review overturned the decision"
    ).exists()
    two.refresh_from_db()
    assert two.status == ReviewStatus.COMPLETED


def test_review_deadlines_run_from_the_request_not_from_today(
    personas: Personas, police_case: tuple[CaseFile, Complainant]
) -> None:
    """Recorded on 15 March 2027, asked on Monday 1 February: acknowledge by
    Monday 15 February (two working weeks, no holiday), already overdue."""
    review = request(personas.officer, police_case[1], date(2026, 11, 30), date(2027, 2, 1))
    due = review_deadlines(review)[DeadlineKind.REVIEW_ACKNOWLEDGE].due_on
    assert due == date(2027, 2, 15)
