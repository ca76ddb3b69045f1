"""Keeping the complainant informed (the Victims' Code, right 6).

Every key event in the case opens a "tell the complainant" deadline for each
complainant, owed by the OIC: 1 working day for a complainant with enhanced
rights (every RASSO complainant unless they opt out), 5 otherwise. Logging
the contact meets it. A regular update is owed at the frequency agreed with
the complainant, and every contact moves it on.

Every expected date below is worked out by hand from the calendar (England
and Wales bank holidays: 25 May 2026, 31 August 2026, 25 and 28 December
2026, 1 January 2027, Good Friday 26 March and Easter Monday 29 March 2027).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from cases import services as case_services
from cases.deadlines import DeadlineKind
from cases.models import CaseFile, Deadline, DeadlineStatus, SuspectState
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from tests.conftest import Personas
from tests.victims.factories import (
    at,
    call,
    cps_decides,
    draft_with_complainant,
    freeze,
    investigated,
    police_nfa,
    with_prosecutor,
)
from victims.models import Complainant, ReviewOutcome
from victims.services import (
    complainant_add,
    complainant_update,
    review_complete,
    review_request,
)

pytestmark = pytest.mark.django_db

ENHANCED = DeadlineKind.TELL_COMPLAINANT_ENHANCED
STANDARD = DeadlineKind.TELL_COMPLAINANT


def tell_deadlines(complainant: Complainant, status: str = DeadlineStatus.OPEN) -> list[Deadline]:
    return list(
        Deadline.objects.filter(
            source=f"victims.complainant:{complainant.pk}",
            kind__in=(ENHANCED, STANDARD),
            status=status,
        ).order_by("id")
    )


def regular_updates(complainant: Complainant, status: str = DeadlineStatus.OPEN) -> list[Deadline]:
    return list(
        Deadline.objects.filter(
            source=f"victims.complainant:{complainant.pk}",
            kind=DeadlineKind.REGULAR_UPDATE,
            status=status,
        ).order_by("id")
    )


def opt_out(personas: Personas, complainant: Complainant) -> Complainant:
    complainant.refresh_from_db()
    return complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=complainant.version,
        enhanced_rights=False,
    )


# -- each key event ---------------------------------------------------------------
#
# Each story brings the case to the event and makes it happen, on the day the
# test has frozen; it returns the case, the complainant and what they are owed
# news of (the deadline's description).

Story = Callable[[Personas, bool], tuple[Complainant, str]]


def arrest(personas: Personas, enhanced: bool) -> tuple[Complainant, str]:
    case, complainant = draft_with_complainant(personas.officer, enhanced_rights=enhanced)
    case_services.case_update(
        actor=personas.officer, case=case, version=case.version, arrested_on=date(2026, 5, 22)
    )
    return complainant, "Tell C1 of the arrest"


def interview(personas: Personas, enhanced: bool) -> tuple[Complainant, str]:
    case, complainant = draft_with_complainant(personas.officer, enhanced_rights=enhanced)
    case_services.case_update(
        actor=personas.officer, case=case, version=case.version, interviewed_on=date(2026, 5, 22)
    )
    return complainant, "Tell C1 of the interview"


def bail(personas: Personas, enhanced: bool) -> tuple[Complainant, str]:
    case, complainant = draft_with_complainant(personas.officer, enhanced_rights=enhanced)
    case_services.suspect_add(
        actor=personas.officer,
        case=case,
        first_names="Idris",
        last_name="Suspect",
        state=SuspectState.BAIL,
        state_since=date(2026, 5, 22),
        review_on=date(2026, 8, 21),
    )
    return complainant, "Tell C1 of the release on bail"


def released_under_investigation(personas: Personas, enhanced: bool) -> tuple[Complainant, str]:
    case, complainant = investigated(personas.officer, enhanced_rights=enhanced)
    suspect = case.suspects.get()
    case.refresh_from_db()
    case_services.suspect_update(
        actor=personas.officer,
        suspect=suspect,
        version=case.version,
        state=SuspectState.RUI,
        state_since=date(2026, 5, 22),
    )
    return complainant, "Tell C1 of the release under investigation"


def bail_change(personas: Personas, enhanced: bool) -> tuple[Complainant, str]:
    case, complainant = investigated(personas.officer, enhanced_rights=enhanced)
    suspect = case.suspects.get()
    # On bail since before the test's day: that release was its own event.
    suspect.state, suspect.review_on = SuspectState.BAIL, date(2026, 6, 19)
    suspect.save(update_fields=["state", "review_on"])
    case.refresh_from_db()
    case_services.suspect_update(
        actor=personas.officer, suspect=suspect, version=case.version, review_on=date(2026, 7, 17)
    )
    return complainant, "Tell C1 of the change to bail"


def charge(personas: Personas, enhanced: bool) -> tuple[Complainant, str]:
    case, complainant = with_prosecutor(personas)
    if not enhanced:
        opt_out(personas, complainant)
    cps_decides(personas, case, charge=True)
    return complainant, "Tell C1 of the charging decision"


def cps_no_further_action(personas: Personas, enhanced: bool) -> tuple[Complainant, str]:
    case, complainant = with_prosecutor(personas)
    if not enhanced:
        opt_out(personas, complainant)
    cps_decides(personas, case, charge=False)
    return complainant, "Tell C1 of the charging decision"


def police_no_further_action(personas: Personas, enhanced: bool) -> tuple[Complainant, str]:
    _case, complainant = police_nfa(personas, enhanced_rights=enhanced)
    return complainant, "Tell C1 of the decision to take no further action"


def reopened(personas: Personas, enhanced: bool) -> tuple[Complainant, str]:
    _case, complainant = police_nfa(personas, enhanced_rights=enhanced)
    review = review_request(
        actor=personas.officer,
        complainant=complainant,
        told_on=date(2026, 5, 22),
        requested_on=date(2026, 5, 22),
    )
    review_complete(
        actor=personas.supervisor,
        review=review,
        outcome=ReviewOutcome.OVERTURNED,
        reasons="A line of enquiry was missed.",
        completed_on=date(2026, 5, 22),
    )
    return complainant, "Tell C1 of the case being reopened"


STORIES: list[Story] = [
    arrest,
    interview,
    bail,
    released_under_investigation,
    bail_change,
    charge,
    cps_no_further_action,
    police_no_further_action,
    reopened,
]


@pytest.mark.parametrize("story", STORIES, ids=[s.__name__ for s in STORIES])
@pytest.mark.parametrize(
    ("enhanced", "kind", "due"),
    [
        # Friday 22 May 2026; Monday 25 May is the spring bank holiday.
        (True, ENHANCED, date(2026, 5, 26)),  # the Tuesday
        (False, STANDARD, date(2026, 6, 1)),  # 26, 27, 28, 29 May, 1 June
    ],
    ids=["enhanced", "standard"],
)
def test_each_key_event_opens_a_deadline_in_working_days_on_a_bank_holiday_weekend(
    personas: Personas,
    monkeypatch: pytest.MonkeyPatch,
    story: Story,
    enhanced: bool,
    kind: str,
    due: date,
) -> None:
    freeze(monkeypatch, date(2026, 5, 22))

    complainant, description = story(personas, enhanced)

    owed = [d for d in tell_deadlines(complainant) if d.description == description]
    assert len(owed) == 1, [d.description for d in tell_deadlines(complainant)]
    (deadline,) = owed
    assert deadline.kind == kind
    assert deadline.due_on == due
    assert deadline.owner == personas.officer  # the OIC tells the complainant
    assert deadline.case_id == complainant.case_id


# fmt: off
CALENDAR = [
    # decided on          enhanced due          standard due         why
    (date(2026, 6, 3),    date(2026, 6, 4),     date(2026, 6, 10),   "an ordinary Wednesday"),
    (date(2026, 8, 28),   date(2026, 9, 1),     date(2026, 9, 7),    "August bank holiday"),
    (date(2026, 12, 24),  date(2026, 12, 29),   date(2027, 1, 5),    "Christmas Eve 2026"),
    (date(2027, 3, 25),   date(2027, 3, 30),    date(2027, 4, 5),    "before Easter 2027"),
]
# fmt: on


@pytest.mark.parametrize(
    ("day", "enhanced_due", "standard_due", "why"), CALENDAR, ids=[row[3] for row in CALENDAR]
)
def test_a_decision_is_told_within_working_days_across_the_calendar(
    personas: Personas,
    monkeypatch: pytest.MonkeyPatch,
    day: date,
    enhanced_due: date,
    standard_due: date,
    why: str,
) -> None:
    """Two complainants, one of whom opted out of enhanced rights: each is
    owed the news on their own timing."""
    freeze(monkeypatch, day)
    case, first = with_prosecutor(personas)
    # The file is with CPS: the police add no complainant now; this one was
    # recorded before the submission.
    second = Complainant.objects.create(
        case=case, pseudonym="C2", first_names="Other", last_name="Person", enhanced_rights=False
    )

    cps_decides(personas, case, charge=True)

    (first_owed,) = tell_deadlines(first)
    (second_owed,) = tell_deadlines(second)
    assert (first_owed.kind, first_owed.due_on) == (ENHANCED, enhanced_due)
    assert (second_owed.kind, second_owed.due_on) == (STANDARD, standard_due)
    assert second_owed.description == "Tell C2 of the charging decision"


# -- logging the contact meets it ---------------------------------------------------


def test_logging_the_contact_meets_what_it_communicated(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 6, 3))
    case, complainant = draft_with_complainant(personas.officer)
    case_services.case_update(
        actor=personas.officer, case=case, version=case.version, arrested_on=date(2026, 6, 3)
    )
    (arrest_news,) = tell_deadlines(complainant)

    contact = call(personas.officer, complainant, at(date(2026, 6, 3), 15))

    assert list(contact.communicated.all()) == [arrest_news]
    arrest_news.refresh_from_db()
    assert arrest_news.status == DeadlineStatus.MET
    assert not tell_deadlines(complainant)
    assert case.events.filter(kind="deadline_met", description="Tell C1 of the arrest: met")


def test_a_contact_meets_only_the_updates_chosen(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Told of the arrest but not yet of the interview: the interview stays owed."""
    freeze(monkeypatch, date(2026, 6, 3))
    case, complainant = draft_with_complainant(personas.officer)
    case = case_services.case_update(
        actor=personas.officer, case=case, version=case.version, arrested_on=date(2026, 6, 3)
    )
    case_services.case_update(
        actor=personas.officer, case=case, version=case.version, interviewed_on=date(2026, 6, 3)
    )
    arrest_news, interview_news = tell_deadlines(complainant)

    contact = call(
        personas.officer, complainant, at(date(2026, 6, 3), 16), communicated=[arrest_news.pk]
    )

    assert list(contact.communicated.all()) == [arrest_news]
    assert tell_deadlines(complainant) == [interview_news]


def test_a_tell_deadline_not_met_in_time_stays_owed_until_the_contact(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 5, 22))
    _case, complainant = police_nfa(personas)
    (owed,) = tell_deadlines(complainant)
    assert owed.due_on == date(2026, 5, 26)

    freeze(monkeypatch, date(2026, 5, 28))
    assert tell_deadlines(complainant) == [owed]  # overdue, still open
    call(personas.officer, complainant, at(date(2026, 5, 28)))
    owed.refresh_from_db()
    assert owed.status == DeadlineStatus.MET


# -- regular updates --------------------------------------------------------------


def test_the_regular_update_opens_when_the_complainant_is_added_and_rolls_on(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 6, 3))
    _case, complainant = draft_with_complainant(personas.officer)
    (first,) = regular_updates(complainant)
    assert first.due_on == date(2026, 7, 1)  # 28 days after 3 June
    assert first.description == "Regular update to C1"
    assert first.owner == personas.officer

    freeze(monkeypatch, date(2026, 6, 12))
    call(personas.officer, complainant, at(date(2026, 6, 10)))

    first.refresh_from_db()
    assert first.status == DeadlineStatus.MET
    (second,) = regular_updates(complainant)
    assert second.due_on == date(2026, 7, 8)  # 28 days after the call on 10 June

    # Another call, then one from before it logged late: the schedule runs
    # from the latest contact, and the late entry moves nothing.
    call(personas.officer, complainant, at(date(2026, 6, 11)))
    (third,) = regular_updates(complainant)
    assert third.due_on == date(2026, 7, 9)
    call(personas.officer, complainant, at(date(2026, 6, 5)))
    assert regular_updates(complainant) == [third]
    assert len(regular_updates(complainant, DeadlineStatus.MET)) == 2


def test_changing_the_frequency_moves_the_regular_update(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 6, 3))
    _case, complainant = draft_with_complainant(personas.officer)
    call(personas.officer, complainant, at(date(2026, 6, 3), 14))

    freeze(monkeypatch, date(2026, 6, 8))
    complainant.refresh_from_db()
    complainant = complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=complainant.version,
        update_every_days=14,
    )
    (owed,) = regular_updates(complainant)
    assert owed.due_on == date(2026, 6, 17)  # 14 days after the call on 3 June

    # Every 3 days from 3 June would be 6 June, already past: due today.
    complainant = complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=complainant.version,
        update_every_days=3,
    )
    owed.refresh_from_db()
    assert owed.due_on == date(2026, 6, 8)


def test_a_frequency_agreed_at_the_start_sets_the_first_regular_update(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 6, 3))
    _case, complainant = draft_with_complainant(personas.officer, update_every_days=7)
    (owed,) = regular_updates(complainant)
    assert owed.due_on == date(2026, 6, 10)


def test_a_closed_case_owes_no_regular_update_and_a_reopened_one_does_again(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decision: once the police or CPS take no further action, the news of
    it is owed (a tell deadline), not a schedule of updates; a review has its
    own deadlines. Reopening the case starts the updates again."""
    freeze(monkeypatch, date(2026, 6, 3))
    case, complainant = investigated(personas.officer)
    assert len(regular_updates(complainant)) == 1

    case, complainant = _nfa(personas, case, complainant)
    assert not regular_updates(complainant)
    assert regular_updates(complainant, DeadlineStatus.CANCELLED)
    assert case.events.filter(
        kind="deadline_cancelled",
        description="Regular update to C1: cancelled (the case is closed)",
    ).exists()

    call(personas.officer, complainant, at(date(2026, 6, 3), 15))
    assert not regular_updates(complainant)  # told of the NFA: nothing more on a schedule
    assert not tell_deadlines(complainant)

    review = review_request(
        actor=personas.officer,
        complainant=complainant,
        told_on=date(2026, 6, 3),
        requested_on=date(2026, 6, 3),
    )
    assert not regular_updates(complainant)
    review_complete(
        actor=personas.supervisor,
        review=review,
        outcome=ReviewOutcome.OVERTURNED,
        reasons="The CCTV was never obtained.",
        completed_on=date(2026, 6, 3),
    )
    (again,) = regular_updates(complainant)
    assert again.due_on == date(2026, 7, 1)


def _nfa(
    personas: Personas, case: CaseFile, complainant: Complainant
) -> tuple[CaseFile, Complainant]:
    proposal = police_nfa_propose(
        actor=personas.officer, case=case, outcome_code="16", rationale="Support withdrawn."
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    case.refresh_from_db()
    return case, complainant


def test_every_complainant_of_the_case_is_owed_the_news(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 6, 3))
    case, first = draft_with_complainant(personas.officer)
    second = complainant_add(
        actor=personas.officer, case=case, first_names="Second", last_name="Person"
    )
    case.refresh_from_db()
    case_services.case_update(
        actor=personas.officer, case=case, version=case.version, arrested_on=date(2026, 6, 2)
    )

    assert [d.description for d in tell_deadlines(first)] == ["Tell C1 of the arrest"]
    assert [d.description for d in tell_deadlines(second)] == ["Tell C2 of the arrest"]
    # Telling one is not telling the other.
    call(personas.officer, first, at(date(2026, 6, 3), 12))
    assert not tell_deadlines(first)
    assert len(tell_deadlines(second)) == 1
