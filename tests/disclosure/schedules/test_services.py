"""The unused-material services: one sequence of item numbers across a
case's schedules and their editions; editions kept, nothing changed once
served; the nil return signed; the generic-entry and sensitivity rules; the
prosecutor's review and send-back (a deadline owed by the OIC, met by the
next edition); the MG6E and DMD; every event on the record sheet; bad
input saves nothing; each step by the right role only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import CaseFile, Deadline, DeadlineStatus
from cases.services import case_share
from disclosure.schedules import services
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    EditionStatus,
    ItemReview,
    ManagementDocument,
    RecordEntry,
    RecordKind,
    ReviewDecision,
    Schedule,
    ScheduleItem,
    ScheduleKind,
)
from disclosure.schedules.services import RESERVE_DEADLINE_KIND, DmdDetails
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, Forbidden
from tests.conftest import Personas
from tests.disclosure.schedules.factories import (
    CCTV,
    INFORMANT,
    MESSAGES,
    item_details,
    numbers_of,
    sent_back,
    served,
    started,
    with_items,
)

pytestmark = pytest.mark.django_db

DMD = DmdDetails(
    lines_of_enquiry="The suspect's account of consent; the taxi journey home",
    digital_strategy="The complainant's phone: messages with the suspect, 1-20 March only",
    examined="The suspect's phone, downloaded in full and searched by keyword",
)


# -- numbering and editions ----------------------------------------------------


def test_one_sequence_runs_across_the_mg6c_and_the_mg6d(personas: Personas, case: CaseFile) -> None:
    mg6c = with_items(personas.officer, case, MESSAGES, CCTV)
    mg6d = with_items(personas.officer, case, INFORMANT, kind=ScheduleKind.SENSITIVE)
    services.schedule_item_add(actor=personas.officer, schedule=mg6c, details=MESSAGES)

    assert numbers_of(mg6c) == [1, 2, 4]
    assert numbers_of(mg6d) == [3]


def test_a_later_edition_keeps_every_number_and_continues_the_sequence(
    personas: Personas, case: CaseFile
) -> None:
    first = served(personas.officer, case, MESSAGES, CCTV)

    second = started(personas.officer, case)
    assert (second.edition, second.previous_id) == (2, first.pk)
    assert numbers_of(second) == [1, 2]
    services.schedule_item_update(
        actor=personas.officer,
        schedule=second,
        number=1,
        details=item_details(description="412 messages with friends about a party on 14 March"),
    )
    added = services.schedule_item_add(actor=personas.officer, schedule=second, details=CCTV)
    assert added.number == 3
    services.schedule_serve(actor=personas.officer, schedule=second)

    first.refresh_from_db()
    # The old edition is kept as it was served: superseded, unchanged.
    assert first.status == EditionStatus.SUPERSEDED
    assert first.items.get(number=1).description == MESSAGES.description
    assert numbers_of(first) == [1, 2]
    second.refresh_from_db()
    assert second.status == EditionStatus.SERVED and numbers_of(second) == [1, 2, 3]
    assert Schedule.objects.filter(case=case, kind="mg6c").count() == 2


def test_nothing_is_changed_once_served(personas: Personas, case: CaseFile) -> None:
    schedule = served(personas.officer, case)

    with pytest.raises(Forbidden, match="only on a draft"):
        services.schedule_item_add(actor=personas.officer, schedule=schedule, details=MESSAGES)
    with pytest.raises(Forbidden, match="only on a draft"):
        services.schedule_item_update(
            actor=personas.officer, schedule=schedule, number=1, details=CCTV
        )
    with pytest.raises(Forbidden):
        services.schedule_serve(actor=personas.officer, schedule=schedule)
    assert ScheduleItem.objects.get(schedule=schedule, number=1).description == MESSAGES.description


def test_one_draft_of_a_schedule_at_a_time(personas: Personas, case: CaseFile) -> None:
    started(personas.officer, case)
    with pytest.raises(DomainError, match="already a draft"):
        started(personas.officer, case)
    assert Schedule.objects.count() == 1


def test_numbers_are_unique_on_an_edition_in_the_database(
    personas: Personas, case: CaseFile
) -> None:
    schedule = with_items(personas.officer, case, MESSAGES)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleItem.objects.create(schedule=schedule, number=1, description="x", location="y")


# -- the nil return ------------------------------------------------------------


def test_a_nil_return_is_signed_and_served(personas: Personas, case: CaseFile) -> None:
    schedule = started(personas.officer, case, ScheduleKind.SENSITIVE)
    before = timezone.now()

    services.schedule_nil_return(
        actor=personas.officer,
        schedule=schedule,
        statement="No sensitive material was obtained: intelligence checks returned nothing",
    )

    schedule.refresh_from_db()
    assert schedule.nil_return and schedule.status == EditionStatus.SERVED
    assert schedule.nil_return_by == personas.officer
    assert schedule.nil_return_at is not None and schedule.nil_return_at >= before
    assert RecordEntry.objects.filter(case=case, kind=RecordKind.NIL_RETURN_RECEIVED).exists()


def test_an_empty_schedule_is_not_served_and_a_nil_return_needs_words(
    personas: Personas, case: CaseFile
) -> None:
    schedule = started(personas.officer, case)

    with pytest.raises(DomainError, match="nil return"):
        services.schedule_serve(actor=personas.officer, schedule=schedule)
    with pytest.raises(DomainError) as error:
        services.schedule_nil_return(actor=personas.officer, schedule=schedule, statement="  ")
    assert "statement" in error.value.problems
    schedule.refresh_from_db()
    assert schedule.status == EditionStatus.DRAFT and not schedule.nil_return
    assert not RecordEntry.objects.exists()


def test_a_schedule_with_items_is_no_nil_return(personas: Personas, case: CaseFile) -> None:
    schedule = with_items(personas.officer, case, MESSAGES)
    with pytest.raises(Forbidden, match="lists items"):
        services.schedule_nil_return(actor=personas.officer, schedule=schedule, statement="None")


def test_a_nil_return_cannot_be_unsigned_in_the_database(
    personas: Personas, case: CaseFile
) -> None:
    schedule = started(personas.officer, case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Schedule.objects.filter(pk=schedule.pk).update(nil_return=True)


# -- what an item must say ------------------------------------------------------


def test_bad_items_save_nothing(personas: Personas, case: CaseFile) -> None:
    mg6c = started(personas.officer, case)
    mg6d = started(personas.officer, case, ScheduleKind.SENSITIVE)

    with pytest.raises(DomainError) as empty:
        services.schedule_item_add(
            actor=personas.officer, schedule=mg6c, details=item_details(description="", location="")
        )
    assert set(empty.value.problems) == {"description", "location"}
    with pytest.raises(DomainError, match="described on its own"):
        services.schedule_item_add(
            actor=personas.officer, schedule=mg6c, details=item_details(CCTV, generic=True)
        )
    with pytest.raises(DomainError, match="sensitive"):
        services.schedule_item_add(actor=personas.officer, schedule=mg6d, details=MESSAGES)
    assert not ScheduleItem.objects.exists()


def test_a_generic_entry_is_allowed_for_material_that_does_not_meet_the_test(
    personas: Personas, case: CaseFile
) -> None:
    schedule = started(personas.officer, case)
    item = services.schedule_item_add(
        actor=personas.officer,
        schedule=schedule,
        details=item_details(description="87 routine duty logs, March 2026", generic=True),
    )
    assert item.generic and item.number == 1
    # What an MG6C item says of sensitivity is dropped: it is not sensitive.
    other = services.schedule_item_add(
        actor=personas.officer, schedule=schedule, details=item_details(sensitivity_reason="x")
    )
    assert other.sensitivity_reason == ""


def test_the_database_refuses_a_generic_entry_that_might_meet_the_test(
    personas: Personas, case: CaseFile
) -> None:
    schedule = with_items(personas.officer, case, CCTV)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleItem.objects.filter(schedule=schedule).update(generic=True)


# -- who does what ----------------------------------------------------------------


def test_a_granted_officer_prepares_schedules_and_others_may_not(
    personas: Personas, case: CaseFile
) -> None:
    # Not yet granted: the colleague cannot.
    with pytest.raises(Forbidden, match="officers of the case"):
        started(personas.colleague, case)
    for outsider in (personas.prosecutor, personas.supervisor, personas.other_force_officer):
        with pytest.raises(Forbidden):
            started(outsider, case)
    # The disclosure officer: a colleague granted the case.
    case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    schedule = with_items(personas.colleague, case, MESSAGES)
    assert numbers_of(schedule) == [1]


def test_only_the_prosecutor_on_the_case_reviews_an_item(
    personas: Personas, case: CaseFile
) -> None:
    schedule = served(personas.officer, case)
    for user in (
        personas.officer,
        personas.cps_spoc,
        personas.other_area_prosecutor,
        personas.supervisor,
    ):
        with pytest.raises(Forbidden, match="prosecutor on the case"):
            services.item_review(
                actor=user, schedule=schedule, number=1, decision="disclose", reasons="x"
            )
    review = services.item_review(
        actor=personas.prosecutor,
        schedule=schedule,
        number=2,
        decision=ReviewDecision.DISCLOSE,
        reasons="The CCTV may show the complainant leaving alone: it might assist the defence",
    )
    assert (review.reviewed_by, review.decision, review.item.number) == (
        personas.prosecutor,
        "disclose",
        2,
    )
    entry = RecordEntry.objects.get(kind=RecordKind.ITEM_CONSIDERED)
    assert entry.item_numbers == [2] and entry.recorded_by == personas.prosecutor
    assert "disclose" in entry.summary


def test_a_draft_is_not_reviewed_and_bad_reviews_save_nothing(
    personas: Personas, case: CaseFile
) -> None:
    draft = with_items(personas.officer, case, MESSAGES)
    with pytest.raises(Forbidden, match="only a served schedule"):
        services.item_review(
            actor=personas.prosecutor, schedule=draft, number=1, decision="inspect", reasons="x"
        )
    services.schedule_serve(actor=personas.officer, schedule=draft)
    with pytest.raises(DomainError) as error:
        services.item_review(
            actor=personas.prosecutor, schedule=draft, number=9, decision="maybe", reasons=""
        )
    assert set(error.value.problems) == {"decision", "reasons", "number"}
    assert not ItemReview.objects.exists()
    assert not RecordEntry.objects.filter(kind=RecordKind.ITEM_CONSIDERED).exists()


# -- sent back ----------------------------------------------------------------


def test_send_back_opens_the_oic_s_deadline_and_the_next_edition_meets_it(
    personas: Personas, case: CaseFile
) -> None:
    schedule = served(personas.officer, case)
    services.item_review(
        actor=personas.prosecutor,
        schedule=schedule,
        number=1,
        decision=ReviewDecision.MORE_DESCRIPTION,
        reasons="What are the messages about?",
    )

    sent_back(personas, schedule, [1])

    schedule.refresh_from_db()
    assert schedule.status == EditionStatus.RETURNED and schedule.returned_items == [1]
    deadline = Deadline.objects.get(kind=RESERVE_DEADLINE_KIND)
    assert deadline.owner == personas.officer and deadline.owner_organisation == case.force
    assert deadline.status == DeadlineStatus.OPEN
    assert (
        deadline.description
        == f"Re-serve unused material (Disclosure tab, reference {schedule.pk})"
    )
    assert schedule.return_deadline == deadline
    assert RecordEntry.objects.filter(kind=RecordKind.SCHEDULE_RETURNED, item_numbers=[1])

    second = started(personas.officer, case)
    services.schedule_item_update(
        actor=personas.officer,
        schedule=second,
        number=1,
        details=item_details(description="412 messages about a party; none about the events"),
    )
    services.schedule_serve(actor=personas.officer, schedule=second)

    deadline.refresh_from_db()
    schedule.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET
    assert schedule.status == EditionStatus.SUPERSEDED


def test_send_back_by_the_prosecutor_only_with_items_named(
    personas: Personas, case: CaseFile
) -> None:
    schedule = served(personas.officer, case)
    with pytest.raises(Forbidden):
        sent_back(
            Personas(**{**personas.__dict__, "prosecutor": personas.other_area_prosecutor}),
            schedule,
        )
    with pytest.raises(DomainError) as error:
        services.schedule_send_back(
            actor=personas.prosecutor,
            schedule=schedule,
            item_numbers=[7],
            reason="",
            reply_by=timezone.localdate() - timedelta(days=1),
        )
    assert set(error.value.problems) == {"item_numbers", "reason", "reply_by"}
    schedule.refresh_from_db()
    assert schedule.status == EditionStatus.SERVED
    assert not Deadline.objects.filter(kind=RESERVE_DEADLINE_KIND).exists()


# -- the MG6E and the DMD -------------------------------------------------------


def test_the_mg6e_points_at_items_by_number(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    report = services.report_start(actor=personas.officer, case=case)
    with pytest.raises(DomainError, match="has item 9"):
        services.report_entry_add(actor=personas.officer, report=report, item_numbers=[9], why="x")
    services.report_entry_add(
        actor=personas.officer,
        report=report,
        item_numbers=[2],
        why="The CCTV may show her leaving alone, which the defence says",
    )
    services.report_serve(actor=personas.officer, report=report)

    second = services.report_start(actor=personas.officer, case=case)
    assert list(second.entries.values_list("item_numbers", flat=True)) == [[2]]
    services.report_serve(actor=personas.officer, report=second)
    report.refresh_from_db()
    assert report.status == EditionStatus.SUPERSEDED
    assert DisclosureOfficerReport.objects.count() == 2
    assert RecordEntry.objects.filter(kind=RecordKind.REPORT_RECEIVED).count() == 2


def test_the_dmd_is_versioned_and_agreed_by_the_prosecutor(
    personas: Personas, case: CaseFile
) -> None:
    with pytest.raises(DomainError) as bad:
        services.dmd_start(actor=personas.officer, case=case, details=DmdDetails("", "", ""))
    assert len(bad.value.problems) == 3 and not ManagementDocument.objects.exists()
    first = services.dmd_start(actor=personas.officer, case=case, details=DMD)
    with pytest.raises(Forbidden):
        services.dmd_agree(actor=personas.prosecutor, dmd=first)
    services.dmd_serve(actor=personas.officer, dmd=first)
    with pytest.raises(Forbidden):
        services.dmd_agree(actor=personas.officer, dmd=first)
    services.dmd_agree(actor=personas.prosecutor, dmd=first, comments="Agreed")
    first.refresh_from_db()
    assert first.status == EditionStatus.AGREED and first.agreed_by == personas.prosecutor

    second = services.dmd_start(actor=personas.officer, case=case, details=DMD)
    services.dmd_serve(actor=personas.officer, dmd=second)
    first.refresh_from_db()
    assert (first.status, second.edition) == (EditionStatus.SUPERSEDED, 2)
    assert RecordEntry.objects.filter(kind=RecordKind.DMD_AGREED).count() == 1


# -- the record sheet --------------------------------------------------------------


def test_every_disclosure_event_is_on_the_record_sheet(personas: Personas, case: CaseFile) -> None:
    schedule = served(personas.officer, case)
    services.item_review(
        actor=personas.prosecutor, schedule=schedule, number=2, decision="disclose", reasons="Yes"
    )
    today = timezone.localdate()
    services.disclosure_record(
        actor=personas.prosecutor, case=case, item_numbers=[2], disclosed_on=today, how="By CPS DCS"
    )
    services.defence_statement_record(actor=personas.prosecutor, case=case, received_on=today)

    kinds = list(RecordEntry.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == [
        RecordKind.SCHEDULE_RECEIVED,
        RecordKind.ITEM_CONSIDERED,
        RecordKind.DISCLOSED,
        RecordKind.DEFENCE_STATEMENT,
    ]
    with pytest.raises(Forbidden):
        services.disclosure_record(
            actor=personas.officer, case=case, item_numbers=[2], disclosed_on=today, how="x"
        )
    with pytest.raises(DomainError) as error:
        services.disclosure_record(
            actor=personas.prosecutor,
            case=case,
            item_numbers=[],
            disclosed_on=today + timedelta(days=3),
            how="",
        )
    assert set(error.value.problems) == {"item_numbers", "how", "disclosed_on"}
    assert RecordEntry.objects.count() == 4


def test_the_audit_log_names_items_never_what_was_written(
    personas: Personas, case: CaseFile
) -> None:
    served(personas.officer, case)
    for event in AuditEvent.objects.filter(action__startswith="disclosure.unused_material"):
        assert MESSAGES.description not in str(event.detail)
        assert "Jane" not in str(event.detail)
