"""The reminder sweep: each stage of a deadline reminded once, to whoever owes it."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from cases import services as case_services
from cases.models import CaseFile, Deadline
from cases.reminders import reminders_send
from cases.workdays import add_working_days
from rasso.accounts.models import Membership, Role, User
from rasso.notifications import services
from rasso.notifications.models import (
    EmailOutbox,
    Notification,
    NotificationKind,
    Reminder,
    ReminderStage,
)
from tests.cases.factories import case_create
from tests.conftest import Personas, _member, org
from tests.notifications.conftest import (
    BANK_HOLIDAY,
    FRIDAY,
    FRIDAY_BEFORE_HOLIDAY,
    THURSDAY,
    deadline_on,
)

pytestmark = pytest.mark.django_db


def stages_of(deadline: Deadline) -> list[str]:
    return list(Reminder.objects.filter(deadline=deadline).values_list("stage", flat=True))


def recipients_of(deadline: Deadline, stage: str) -> set[User]:
    return {
        n.recipient
        for n in Notification.objects.filter(reminder__deadline=deadline, reminder__stage=stage)
    }


def test_each_stage_is_reminded_once(personas: Personas, case: CaseFile) -> None:
    deadline = deadline_on(case, THURSDAY, owner=personas.officer, organisation=org("Kent"))

    # Monday 18 May: Thursday 28 May is more than 3 working days away.
    assert reminders_send(today=date(2026, 5, 18)).reminders == 0
    # Friday 22 May: Tuesday, Wednesday, Thursday (Monday is a bank holiday).
    assert reminders_send(today=FRIDAY_BEFORE_HOLIDAY).reminders == 1
    assert stages_of(deadline) == [ReminderStage.DUE_SOON]
    # Still due soon on the following days: nothing new.
    for day in (date(2026, 5, 23), BANK_HOLIDAY, date(2026, 5, 27)):
        assert reminders_send(today=day).reminders == 0
    assert reminders_send(today=THURSDAY).reminders == 1
    assert reminders_send(today=FRIDAY).reminders == 1
    for day in (FRIDAY, date(2026, 6, 1), date(2026, 7, 1)):
        assert reminders_send(today=day).reminders == 0

    assert stages_of(deadline) == [
        ReminderStage.DUE_SOON,
        ReminderStage.DUE_TODAY,
        ReminderStage.OVERDUE,
    ]
    officer_kinds = list(
        Notification.objects.filter(recipient=personas.officer)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert officer_kinds == [
        NotificationKind.DEADLINE_DUE_SOON,
        NotificationKind.DEADLINE_DUE_TODAY,
        NotificationKind.DEADLINE_OVERDUE,
    ]


def test_the_sweep_run_twice_sends_nothing_new(personas: Personas, case: CaseFile) -> None:
    for offset in range(-2, 4):
        deadline_on(case, THURSDAY + timedelta(days=offset), owner=personas.officer)

    first = reminders_send(today=THURSDAY)
    notifications = Notification.objects.count()
    emails = EmailOutbox.objects.count()
    second = reminders_send(today=THURSDAY)

    # Tuesday and Wednesday overdue, Thursday due today, Friday to Sunday due
    # soon (3 working days from Thursday is Tuesday 2 June).
    assert first.reminders == 6
    assert second.reminders == 0
    # Six to the officer, and the two overdue to their supervisor.
    assert Notification.objects.count() == notifications == 8
    assert EmailOutbox.objects.count() == emails == 8


def test_working_days_skip_the_bank_holiday(personas: Personas, case: CaseFile) -> None:
    thursday = deadline_on(case, THURSDAY, owner=personas.officer)
    friday = deadline_on(case, FRIDAY, owner=personas.officer)

    reminders_send(today=FRIDAY_BEFORE_HOLIDAY)

    assert stages_of(thursday) == [ReminderStage.DUE_SOON]
    assert stages_of(friday) == []


def test_a_deadline_met_before_its_stage_sends_nothing(personas: Personas, case: CaseFile) -> None:
    deadline = deadline_on(case, THURSDAY, owner=personas.officer)
    reminders_send(today=FRIDAY_BEFORE_HOLIDAY)
    case_services.deadline_meet(deadline=deadline, actor=personas.officer)

    assert reminders_send(today=THURSDAY).reminders == 0
    assert reminders_send(today=FRIDAY).reminders == 0
    assert stages_of(deadline) == [ReminderStage.DUE_SOON]

    cancelled = deadline_on(case, THURSDAY, owner=personas.officer)
    case_services.deadline_cancel(deadline=cancelled, actor=personas.officer)
    assert reminders_send(today=FRIDAY).reminders == 0
    assert stages_of(cancelled) == []


def test_overdue_also_goes_to_the_forces_supervisors_and_spocs(
    personas: Personas, case: CaseFile
) -> None:
    spoc = _member(Role.POLICE_SPOC, org("Kent"))
    _member(Role.POLICE_SUPERVISOR, org("Durham"))  # another force's: never told
    deadline = deadline_on(case, THURSDAY, owner=personas.officer, organisation=org("Kent"))

    reminders_send(today=THURSDAY)
    reminders_send(today=FRIDAY)

    assert recipients_of(deadline, ReminderStage.DUE_TODAY) == {personas.officer}
    assert recipients_of(deadline, ReminderStage.OVERDUE) == {
        personas.officer,
        personas.supervisor,
        spoc,
    }


def test_a_cps_deadline_overdue_goes_to_the_areas_spoc(personas: Personas, case: CaseFile) -> None:
    # Owed by the prosecutor alone: the Area is the one they work in on the case.
    deadline = deadline_on(case, THURSDAY, owner=personas.prosecutor, kind="early_advice")

    reminders_send(today=FRIDAY)

    assert recipients_of(deadline, ReminderStage.OVERDUE) == {
        personas.prosecutor,
        personas.cps_spoc,
    }


def test_an_organisations_deadline_goes_to_its_spoc(personas: Personas, case: CaseFile) -> None:
    # No police SPOC in Kent yet: the supervisors hear of it instead.
    early = deadline_on(case, THURSDAY, organisation=org("Kent"), kind="file_quality_query")
    reminders_send(today=FRIDAY_BEFORE_HOLIDAY)
    assert recipients_of(early, ReminderStage.DUE_SOON) == {personas.supervisor}

    spoc = _member(Role.POLICE_SPOC, org("Kent"))
    reminders_send(today=THURSDAY)
    assert recipients_of(early, ReminderStage.DUE_TODAY) == {spoc}

    cps = deadline_on(case, THURSDAY, organisation=org("South East"), kind="charging_decision")
    reminders_send(today=FRIDAY)
    assert recipients_of(cps, ReminderStage.OVERDUE) == {personas.cps_spoc}
    assert personas.prosecutor not in recipients_of(cps, ReminderStage.OVERDUE)


def test_catch_up_after_the_workers_were_down_sends_only_the_latest_stage(
    personas: Personas, case: CaseFile
) -> None:
    overdue = deadline_on(case, THURSDAY, owner=personas.officer)
    today = deadline_on(case, date(2026, 6, 2), owner=personas.officer)
    soon = deadline_on(case, date(2026, 6, 4), owner=personas.officer)

    # The first sweep in ten days, on Tuesday 2 June.
    result = reminders_send(today=date(2026, 6, 2))

    assert result.reminders == 3
    assert stages_of(overdue) == [ReminderStage.OVERDUE]
    assert stages_of(today) == [ReminderStage.DUE_TODAY]
    assert stages_of(soon) == [ReminderStage.DUE_SOON]
    # Never the stages it slept through, now or later.
    assert reminders_send(today=date(2026, 6, 3)).reminders == 1  # "today" is now overdue
    assert stages_of(overdue) == [ReminderStage.OVERDUE]


def test_people_who_left_are_not_reminded(personas: Personas, case: CaseFile) -> None:
    deadline = deadline_on(case, THURSDAY, owner=personas.officer, organisation=org("Kent"))
    User.objects.filter(pk=personas.supervisor.pk).update(is_active=False)

    reminders_send(today=FRIDAY)

    assert recipients_of(deadline, ReminderStage.OVERDUE) == {personas.officer}


def test_each_recipient_is_told_once_of_a_deadline(personas: Personas, case: CaseFile) -> None:
    # The owner is also a supervisor of the force: one notification, not two.
    Membership.objects.create(
        user=personas.officer, organisation=org("Kent"), role=Role.POLICE_SUPERVISOR
    )
    deadline_on(case, THURSDAY, owner=personas.officer, organisation=org("Kent"))

    reminders_send(today=FRIDAY)

    assert Notification.objects.filter(recipient=personas.officer).count() == 1


def test_the_notification_names_the_case_and_the_deadline(
    personas: Personas, case: CaseFile
) -> None:
    deadline_on(case, THURSDAY, owner=personas.officer, description="Tell C1 of the arrest")

    reminders_send(today=FRIDAY)

    notification = Notification.objects.get(recipient=personas.officer)
    assert notification.case == case
    assert notification.case_reference == case.urn
    assert (
        notification.text == f"Case {case.urn}: Tell C1 of the arrest is overdue (due 28 May 2026)"
    )
    assert notification.link == f"/cases/{case.pk}/deadlines/"
    assert notification.due_on == THURSDAY
    email = notification.email
    assert email is not None
    assert email.recipient == personas.officer
    assert case.urn in email.subject
    assert "is overdue" in email.subject
    assert f"http://127.0.0.1:8000/cases/{case.pk}/deadlines/" in email.body


def test_no_complainants_name_in_any_email_or_notification(
    personas: Personas, django_capture_on_commit_callbacks: Any, eager_tasks: None
) -> None:
    from victims.services import complainant_add

    case = case_create(personas.officer)
    complainant_add(
        actor=personas.officer, case=case, first_names="Zebedee", last_name="Quillfeather"
    )
    # A key event opens "tell the complainant" deadlines through the real services.
    case_services.case_key_event(
        case=case, actor=personas.officer, event=case_services.KeyEvent.ARREST
    )
    # A clinic action's wording is typed by a person: it may hold anything.
    deadline_on(
        case,
        THURSDAY,
        owner=personas.officer,
        kind="clinic_action",
        description="Clinic action: ask Zebedee Quillfeather's ISVA about dates",
    )
    assert Deadline.objects.filter(case=case).count() >= 3

    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=date(2027, 1, 4))

    assert len(mail.outbox) == EmailOutbox.objects.count() >= 3
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}\n{message.message()}"
        assert "Zebedee" not in text
        assert "Quillfeather" not in text
        assert case.urn in text
    assert any("Clinic action is overdue" in message.subject for message in mail.outbox)
    for outbox in EmailOutbox.objects.all():
        assert "Quillfeather" not in outbox.subject + outbox.body
    # The in-app text of a reminder made by the services uses the pseudonym.
    told = Notification.objects.filter(text__contains="Tell C1 of the arrest")
    assert told.exists()


def test_remind_command_prints_how_many_it_sent(personas: Personas, case: CaseFile) -> None:
    from django.utils import timezone

    deadline_on(case, timezone.localdate(), owner=personas.officer)
    deadline_on(case, timezone.localdate() - timedelta(days=1), owner=personas.officer)

    out = StringIO()
    call_command("remind", stdout=out)
    assert out.getvalue().strip() == "Sent 2 reminders"

    out = StringIO()
    call_command("remind", stdout=out)
    assert out.getvalue().strip() == "Sent 0 reminders"


def test_a_batch_costs_the_same_queries_for_many_deadlines(
    personas: Personas, case: CaseFile, django_assert_max_num_queries: Any
) -> None:
    other = case_create(personas.colleague)

    def sweep_of(count: int, today: date) -> int:
        for _ in range(count):
            deadline_on(case, today, owner=personas.officer, organisation=org("Kent"))
            deadline_on(other, today, organisation=org("South East"), kind="charging_decision")
        # The bank holidays are read once and cached: read them first, so
        # both sweeps are measured alike.
        add_working_days(today, 1)
        # One transaction (a SAVEPOINT and RELEASE in a test) holding the claim
        # (one INSERT ... RETURNING), the deadlines with their cases and
        # owners, the memberships of the organisations, the complainants of
        # the cases (the identity scrubber of the text), the digest choices,
        # the e-mails' ids, the e-mails, the notifications; then another for
        # the claim that finds nothing left.
        with django_assert_max_num_queries(13) as captured:
            result = reminders_send(today=today)
        assert result.reminders == 2 * count
        for deadline in Deadline.objects.filter(status="open"):
            case_services.deadline_meet(deadline=deadline)
        return len(captured)

    few = sweep_of(2, THURSDAY)
    many = sweep_of(100, FRIDAY)
    assert many == few


def test_a_sweep_that_dies_midway_loses_nothing_and_doubles_nothing(
    personas: Personas, case: CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    deadlines = [deadline_on(case, THURSDAY, owner=personas.officer) for _ in range(5)]
    real_insert = services.notifications_insert
    calls = {"n": 0}

    def dies_on_the_second_batch(*args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        real_insert(*args)

    monkeypatch.setattr(services, "notifications_insert", dies_on_the_second_batch)
    with pytest.raises(RuntimeError):
        reminders_send(today=THURSDAY, batch_size=2)
    # The first batch committed; the second left nothing behind.
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 2
    assert EmailOutbox.objects.count() == 2

    monkeypatch.undo()
    assert reminders_send(today=THURSDAY).reminders == 3
    for deadline in deadlines:
        assert stages_of(deadline) == [ReminderStage.DUE_TODAY]
    assert Notification.objects.count() == EmailOutbox.objects.count() == 5
