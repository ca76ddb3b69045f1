"""Deadlines: working days, the services that open and close them,
the timings a CPS Area may override, and the bank holidays the admin keeps.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.admin import DeadlineTimingForm
from cases.deadlines import DEFAULT_TIMINGS, DeadlineKind, due_date
from cases.models import (
    BankHoliday,
    CaseFile,
    Deadline,
    DeadlineStatus,
    DeadlineTiming,
    SuspectState,
)
from cases.workdays import add_working_days, bank_holidays, bank_holidays_changed, is_working_day
from rasso.accounts.models import Organisation, Role, User
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, StaleVersion
from tests.cases.factories import case_create, complete_case
from tests.conftest import Personas
from tests.factories import MembershipFactory, UserFactory
from tests.support import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_cache(settings: Any) -> None:
    # The bank holidays are cached. The project's cache is the shared Redis:
    # a test that adds a holiday must not change other runs' (or the dev
    # server's) working days, nor read a list another test database cached.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests-cases-deadlines",
        }
    }
    cache.clear()


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


# -- working days -------------------------------------------------------------

# fmt: off
WORKING_DAYS = [
    # start              days  due                  why
    (date(2026, 6, 3),   1,    date(2026, 6, 4),    "Wednesday to Thursday"),
    (date(2026, 6, 5),   1,    date(2026, 6, 8),    "Friday to Monday over the weekend"),
    (date(2026, 6, 6),   1,    date(2026, 6, 8),    "from a Saturday, Monday is the first"),
    (date(2026, 6, 5),   5,    date(2026, 6, 12),   "a working week"),
    (date(2026, 6, 5),   0,    date(2026, 6, 5),    "no days: the same day"),
    (date(2026, 12, 24), 1,    date(2026, 12, 29),  "Christmas Friday, Boxing Day moved to Monday"),
    (date(2026, 12, 23), 2,    date(2026, 12, 29),  "across Christmas 2026"),
    (date(2026, 12, 31), 1,    date(2027, 1, 4),    "New Year's Day 2027 is a Friday"),
    (date(2026, 12, 18), 10,   date(2027, 1, 6),    "ten working days over Christmas and New Year"),
    (date(2027, 3, 25),  1,    date(2027, 3, 30),   "Good Friday and Easter Monday 2027"),
    (date(2027, 3, 24),  3,    date(2027, 3, 31),   "across Easter 2027"),
    (date(2027, 12, 24), 1,    date(2027, 12, 29),  "Christmas 2027 on a weekend: 27 and 28 off"),
]
# fmt: on


@pytest.mark.parametrize(
    ("start", "days", "due", "why"), WORKING_DAYS, ids=[row[3] for row in WORKING_DAYS]
)
def test_working_days_skip_weekends_and_bank_holidays(
    start: date, days: int, due: date, why: str
) -> None:
    assert add_working_days(start, days) == due


def test_the_bank_holidays_2026_to_2027_are_not_working_days() -> None:
    for day in (
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day (observed)
        date(2027, 1, 1),
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 12, 27),
        date(2027, 12, 28),
    ):
        assert not is_working_day(day), day
    assert is_working_day(date(2026, 12, 29))
    assert not is_working_day(date(2026, 6, 6))  # a Saturday


def test_a_bank_holiday_added_later_moves_a_due_date() -> None:
    """A one-off holiday (as for a coronation or a royal funeral) announced
    late: once entered, working-day deadlines skip it."""
    friday = date(2026, 6, 5)
    assert add_working_days(friday, 1) == date(2026, 6, 8)

    BankHoliday.objects.create(date=date(2026, 6, 8), name="One-off bank holiday")
    # The list is cached: the change counts once the cache is told.
    assert add_working_days(friday, 1) == date(2026, 6, 8)
    bank_holidays_changed()
    assert add_working_days(friday, 1) == date(2026, 6, 9)
    assert due_date(DeadlineKind.FILE_QUALITY_QUERY, friday) == date(2026, 6, 10)


def test_a_database_without_holidays_does_not_empty_another_ones_cache(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One Redis serves every database on a host: development, each test
    database, the benchmark's. A test database flushed by a transactional test
    has no bank holidays; the list it caches must not become everyone's."""
    settings.CACHES = {  # the shared Redis, as configured everywhere
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": "rasso",
        }
    }
    bank_holidays_changed()
    try:
        with transaction.atomic(), monkeypatch.context() as elsewhere:
            elsewhere.setitem(connection.settings_dict, "NAME", "test_rasso_flushed_elsewhere")
            bank_holidays_changed()
            BankHoliday.objects.all().delete()
            assert bank_holidays() == frozenset()  # cached: that database has none
            transaction.set_rollback(True)

        assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    finally:
        bank_holidays_changed()


# -- the deadline services -------------------------------------------------------


@pytest.fixture
def case(personas: Personas) -> CaseFile:
    return case_create(personas.officer)


def open_deadline(case: CaseFile, actor: User) -> Deadline:
    return services.deadline_open(
        case=case,
        kind=DeadlineKind.FILE_QUALITY_QUERY,
        description="Answer a file-quality query",
        due_on=date(2026, 7, 1),
        owner_organisation=case.force,
        source="charging.filequalityquery:1",
        actor=actor,
    )


def timeline(case: CaseFile) -> list[str]:
    return list(case.events.order_by("id").values_list("kind", flat=True))


def test_a_deadline_needs_someone_who_owes_it(case: CaseFile) -> None:
    with pytest.raises(DomainError, match="A deadline needs someone who owes it"):
        services.deadline_open(
            case=case, kind=DeadlineKind.BAIL_REVIEW, description="x", due_on=date(2026, 7, 1)
        )
    assert not Deadline.objects.exists()


def test_a_deadline_opens_on_the_timeline(personas: Personas, case: CaseFile) -> None:
    deadline = open_deadline(case, personas.officer)
    assert deadline.status == DeadlineStatus.OPEN
    assert deadline.closed_at is None
    event = case.events.get(kind="deadline_opened")
    assert event.description == (
        f"Answer a file-quality query due by 1 July 2026 (owed by {case.force.name})"
    )


def test_meeting_a_deadline_twice_is_harmless(personas: Personas, case: CaseFile) -> None:
    deadline = open_deadline(case, personas.officer)
    met = services.deadline_meet(deadline=deadline, actor=personas.officer)
    assert met.status == DeadlineStatus.MET
    assert met.closed_at is not None

    again = services.deadline_meet(deadline=deadline, actor=personas.officer)

    assert again.status == DeadlineStatus.MET
    assert again.closed_at == met.closed_at
    assert timeline(case).count("deadline_met") == 1


def test_a_cancelled_deadline_is_not_met_afterwards(personas: Personas, case: CaseFile) -> None:
    deadline = open_deadline(case, personas.officer)
    services.deadline_cancel(deadline=deadline, actor=personas.officer, reason="query withdrawn")
    event = case.events.get(kind="deadline_cancelled")
    assert event.description == "Answer a file-quality query: cancelled (query withdrawn)"

    after = services.deadline_meet(deadline=deadline, actor=personas.officer)
    services.deadline_cancel(deadline=deadline, actor=personas.officer)

    assert after.status == DeadlineStatus.CANCELLED
    assert "deadline_met" not in timeline(case)
    assert timeline(case).count("deadline_cancelled") == 1


def test_rescheduling_moves_an_open_deadline(personas: Personas, case: CaseFile) -> None:
    deadline = open_deadline(case, personas.officer)
    moved = services.deadline_reschedule(
        deadline=deadline, due_on=date(2026, 7, 8), actor=personas.officer
    )
    assert moved.due_on == date(2026, 7, 8)
    event = case.events.get(kind="deadline_rescheduled")
    assert event.description == (
        "Answer a file-quality query: now due by 8 July 2026 (was 1 July 2026)"
    )
    # To the same date: nothing to record.
    services.deadline_reschedule(deadline=deadline, due_on=date(2026, 7, 8))
    assert timeline(case).count("deadline_rescheduled") == 1


@pytest.mark.parametrize("close", ["meet", "cancel"])
def test_a_closed_deadline_cannot_be_rescheduled(
    personas: Personas, case: CaseFile, close: str
) -> None:
    deadline = open_deadline(case, personas.officer)
    if close == "meet":
        services.deadline_meet(deadline=deadline)
    else:
        services.deadline_cancel(deadline=deadline)
    with pytest.raises(DomainError, match="Only an open deadline can be moved"):
        services.deadline_reschedule(deadline=deadline, due_on=date(2026, 8, 1))
    deadline.refresh_from_db()
    assert deadline.due_on == date(2026, 7, 1)


# -- timings per CPS Area -----------------------------------------------------------


def test_an_area_override_changes_the_charging_decision_due_date(personas: Personas) -> None:
    DeadlineTiming.objects.create(
        cps_area=org("South East"), kind=DeadlineKind.CHARGING_DECISION, days=14
    )
    durham_oic: User = UserFactory.create()
    MembershipFactory.create(user=durham_oic, organisation=org("Durham"), role=Role.INVESTIGATOR)
    kent = complete_case(personas.officer)
    durham = complete_case(durham_oic, "Durham")

    today = timezone.localdate()
    services.case_submit_for_charging(actor=personas.officer, case=kent)
    services.case_submit_for_charging(actor=durham_oic, case=durham)

    kent_due = Deadline.objects.get(case=kent, kind=DeadlineKind.CHARGING_DECISION).due_on
    durham_due = Deadline.objects.get(case=durham, kind=DeadlineKind.CHARGING_DECISION).due_on
    assert kent_due == today + timedelta(days=14)  # CPS South East's own target
    assert durham_due == today + timedelta(days=28)  # the default elsewhere


def test_an_override_keeps_the_defaults_way_of_counting() -> None:
    DeadlineTiming.objects.create(
        cps_area=org("South East"), kind=DeadlineKind.FILE_QUALITY_QUERY, days=3
    )
    friday = date(2026, 12, 18)
    # Three working days, not three calendar days, and only for South East.
    assert due_date(DeadlineKind.FILE_QUALITY_QUERY, friday, org("South East").pk) == date(
        2026, 12, 23
    )
    assert due_date(DeadlineKind.FILE_QUALITY_QUERY, friday, org("North East").pk) == date(
        2026, 12, 22
    )


def test_a_timing_must_be_a_kind_the_code_knows() -> None:
    form = DeadlineTimingForm(
        data={"cps_area": org("South East").pk, "kind": "tea_break", "days": 3}
    )
    assert not form.is_valid()
    assert "kind" in form.errors
    form = DeadlineTimingForm(data={"cps_area": org("Kent").pk, "kind": "early_advice", "days": 3})
    assert not form.is_valid()
    assert "cps_area" in form.errors  # a force, not a CPS Area
    form = DeadlineTimingForm(
        data={"cps_area": org("South East").pk, "kind": "early_advice", "days": 14}
    )
    assert form.is_valid(), form.errors
    assert set(dict(form.fields["kind"].choices)) == set(DEFAULT_TIMINGS)  # type: ignore[attr-defined]


# -- the suspect's bail or released-under-investigation review date ----------------------


def review_deadlines(case: CaseFile) -> list[tuple[date, str]]:
    return list(
        Deadline.objects.filter(case=case, kind=DeadlineKind.BAIL_REVIEW)
        .order_by("id")
        .values_list("due_on", "status")
    )


def test_a_review_date_opens_a_bail_review_deadline(personas: Personas, case: CaseFile) -> None:
    suspect = services.suspect_add(
        actor=personas.officer,
        case=case,
        first_names="Sam",
        last_name="Suspect",
        state="bail",
        review_on=date(2026, 9, 1),
    )
    deadline = Deadline.objects.get(case=case, kind=DeadlineKind.BAIL_REVIEW)
    assert deadline.due_on == date(2026, 9, 1)
    assert deadline.owner == personas.officer
    assert deadline.owner_organisation == case.force
    assert deadline.source == f"cases.suspect:{suspect.pk}"


def test_changing_the_review_date_cancels_and_reopens(personas: Personas, case: CaseFile) -> None:
    suspect = services.suspect_add(
        actor=personas.officer,
        case=case,
        first_names="Sam",
        last_name="Suspect",
        state="rui",
        review_on=date(2026, 9, 1),
    )
    case.refresh_from_db()
    services.suspect_update(
        actor=personas.officer, suspect=suspect, version=case.version, review_on=date(2026, 10, 1)
    )
    assert review_deadlines(case) == [
        (date(2026, 9, 1), DeadlineStatus.CANCELLED),
        (date(2026, 10, 1), DeadlineStatus.OPEN),
    ]
    cancelled = case.events.get(kind="deadline_cancelled")
    assert "(the review date changed)" in cancelled.description

    # The same date again: nothing moves.
    case.refresh_from_db()
    services.suspect_update(
        actor=personas.officer, suspect=suspect, version=case.version, review_on=date(2026, 10, 1)
    )
    assert len(review_deadlines(case)) == 2

    # No review date any more (charged, or released): the open one is cancelled.
    case.refresh_from_db()
    services.suspect_update(
        actor=personas.officer, suspect=suspect, version=case.version, review_on=None
    )
    assert review_deadlines(case) == [
        (date(2026, 9, 1), DeadlineStatus.CANCELLED),
        (date(2026, 10, 1), DeadlineStatus.CANCELLED),
    ]


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (SuspectState.CUSTODY, "the suspect is in custody"),
        (SuspectState.AT_LARGE, "the suspect is not arrested"),
    ],
)
def test_a_suspect_no_longer_on_bail_has_no_bail_review(
    personas: Personas, case: CaseFile, state: str, reason: str
) -> None:
    suspect = services.suspect_add(
        actor=personas.officer,
        case=case,
        first_names="Sam",
        last_name="Suspect",
        state=SuspectState.BAIL,
        review_on=date(2026, 9, 1),
    )
    case.refresh_from_db()
    # The review date stays recorded: the state alone makes the review moot.
    services.suspect_update(
        actor=personas.officer, suspect=suspect, version=case.version, state=state
    )

    (review,) = Deadline.objects.filter(case=case, kind=DeadlineKind.BAIL_REVIEW)
    assert review.status == DeadlineStatus.CANCELLED
    assert review.closed_reason == reason
    assert case.events.filter(
        kind="deadline_cancelled",
        description=f"Bail return or released-under-investigation review: cancelled ({reason})",
    ).exists()

    # A new review date while the suspect is not on bail opens nothing.
    case.refresh_from_db()
    services.suspect_update(
        actor=personas.officer, suspect=suspect, version=case.version, review_on=date(2026, 10, 1)
    )
    assert review_deadlines(case) == [(date(2026, 9, 1), DeadlineStatus.CANCELLED)]

    # Released again, with that date: the review applies once more.
    case.refresh_from_db()
    services.suspect_update(
        actor=personas.officer, suspect=suspect, version=case.version, state=SuspectState.RUI
    )
    assert review_deadlines(case) == [
        (date(2026, 9, 1), DeadlineStatus.CANCELLED),
        (date(2026, 10, 1), DeadlineStatus.OPEN),
    ]


def test_from_bail_to_release_under_investigation_keeps_the_review(
    personas: Personas, case: CaseFile
) -> None:
    suspect = services.suspect_add(
        actor=personas.officer,
        case=case,
        first_names="Sam",
        last_name="Suspect",
        state=SuspectState.BAIL,
        review_on=date(2026, 9, 1),
    )
    case.refresh_from_db()
    services.suspect_update(
        actor=personas.officer, suspect=suspect, version=case.version, state=SuspectState.RUI
    )
    assert review_deadlines(case) == [(date(2026, 9, 1), DeadlineStatus.OPEN)]


def test_the_timeline_names_the_person_who_owes_a_deadline(
    personas: Personas, case: CaseFile
) -> None:
    services.deadline_open(
        case=case,
        kind=DeadlineKind.BAIL_REVIEW,
        description="Bail return",
        due_on=date(2026, 12, 31),
        owner=personas.officer,
        owner_organisation=case.force,
    )
    event = case.events.get(kind="deadline_opened")
    assert event.description == (
        f"Bail return due by 31 December 2026 (owed by {personas.officer.full_name})"
    )


def test_a_cancelled_deadline_keeps_its_reason(personas: Personas, case: CaseFile) -> None:
    deadline = open_deadline(case, personas.officer)
    services.deadline_cancel(deadline=deadline, actor=personas.officer, reason="  query withdrawn ")
    # A second cancellation neither writes again nor changes the reason.
    services.deadline_cancel(deadline=deadline, actor=personas.officer, reason="other")
    deadline.refresh_from_db()
    assert deadline.closed_reason == "query withdrawn"
    met = services.deadline_meet(deadline=open_deadline(case, personas.officer))
    assert met.closed_reason == ""


def test_a_stale_suspect_edit_moves_no_deadline(personas: Personas, case: CaseFile) -> None:
    suspect = services.suspect_add(
        actor=personas.officer,
        case=case,
        first_names="Sam",
        last_name="Suspect",
        review_on=date(2026, 9, 1),
    )
    with pytest.raises(StaleVersion):
        services.suspect_update(
            actor=personas.officer, suspect=suspect, version=1, review_on=date(2026, 10, 1)
        )
    assert review_deadlines(case) == [(date(2026, 9, 1), DeadlineStatus.OPEN)]


# -- the admin keeps the bank holidays -------------------------------------------------


@pytest.fixture
def admin_client(personas: Personas) -> Client:
    return client_for(personas.administrator)


def test_a_holiday_entered_in_the_admin_moves_due_dates_at_once(admin_client: Client) -> None:
    friday = date(2026, 6, 5)
    assert add_working_days(friday, 1) == date(2026, 6, 8)  # and now it is cached

    response = admin_client.post(
        reverse("admin:cases_bankholiday_add"),
        {"date": "2026-06-08", "name": "One-off bank holiday"},
    )
    assert response.status_code == 302, response.content

    assert add_working_days(friday, 1) == date(2026, 6, 9)

    holiday = BankHoliday.objects.get(date=date(2026, 6, 8))
    response = admin_client.post(
        reverse("admin:cases_bankholiday_delete", args=[holiday.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert add_working_days(friday, 1) == date(2026, 6, 8)


def test_the_admin_reloads_bank_holidays_from_the_library(
    admin_client: Client, personas: Personas
) -> None:
    this_year = timezone.localdate().year
    christmas = date(this_year + 1, 12, 25)
    BankHoliday.objects.filter(date=christmas).delete()
    BankHoliday.objects.filter(date=date(this_year + 1, 1, 1)).update(name="Wrongly named")
    one_off = BankHoliday.objects.create(date=date(this_year, 6, 9), name="One-off, by hand")
    assert christmas not in bank_holidays()  # cached without it

    response = admin_client.post(
        reverse("admin:cases_bankholiday_changelist"),
        {
            "action": "reload_bank_holidays",
            "_selected_action": [one_off.pk],
            "index": 0,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert f"bank holidays for {this_year} to {this_year + 10}" in response.content.decode()
    assert BankHoliday.objects.get(date=christmas).name == "Christmas Day"
    assert BankHoliday.objects.get(date=date(this_year + 1, 1, 1)).name == "New Year's Day"
    assert BankHoliday.objects.filter(pk=one_off.pk).exists()  # kept: entered by hand
    assert BankHoliday.objects.filter(date__year=this_year + 10).count() >= 8
    assert christmas in bank_holidays()  # the cache was told
    assert AuditEvent.objects.filter(
        action="bank_holidays.reload", actor=personas.administrator
    ).exists()


def test_offences_can_be_added_but_not_deleted_in_the_admin(admin_client: Client) -> None:
    from cases.models import Offence

    rape = Offence.objects.get(act="Sexual Offences Act 2003", section="1")
    response = admin_client.get(reverse("admin:cases_offence_changelist"))
    assert response.status_code == 200
    response = admin_client.get(reverse("admin:cases_offence_delete", args=[rape.pk]))
    assert response.status_code == 403
    response = admin_client.get(reverse("admin:cases_offence_change", args=[rape.pk]))
    assert response.status_code == 200
    assert 'name="title"' not in response.content.decode()  # read-only once it exists


@pytest.mark.parametrize(
    "url",
    ["admin:cases_deadlinetiming_changelist", "admin:cases_deadlinetiming_add"],
)
def test_deadline_timings_are_managed_in_the_admin(admin_client: Client, url: str) -> None:
    assert admin_client.get(reverse(url)).status_code == 200
