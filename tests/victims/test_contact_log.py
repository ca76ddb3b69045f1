"""The contact log: what the complainant was told, and when, is evidence that
the Victims' Code was kept. An entry is never changed after the fact, not by
the application and not by anyone with SQL: the database refuses. A mistake
is put right by a correction, a new entry that names the one it corrects."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from cases.deadlines import DeadlineKind
from cases.models import Deadline, DeadlineStatus
from cases.services import case_update
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError
from tests.conftest import Personas
from tests.victims.factories import at, call, draft_with_complainant, freeze, with_prosecutor
from victims.models import Channel, Contact, Direction
from victims.services import complainant_update, contact_log

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 3)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze(monkeypatch, TODAY)


def logged(personas: Personas) -> Contact:
    _case, complainant = draft_with_complainant(personas.officer)
    return call(personas.officer, complainant, at(TODAY, 9), summary="Explained the ABE process.")


def test_a_contact_records_who_when_how_and_what(personas: Personas) -> None:
    contact = logged(personas)
    contact.refresh_from_db()
    assert contact.recorded_by == personas.officer
    assert contact.contacted_at == at(TODAY, 9)
    assert (contact.channel, contact.direction) == (Channel.PHONE, Direction.TO_COMPLAINANT)
    assert contact.summary == "Explained the ABE process."
    assert contact.case.events.filter(
        kind="contact_logged", description="Contact with C1 logged (phone call)"
    ).exists()
    assert AuditEvent.objects.filter(action="complainant.contact_logged", object_id=contact.pk)


def test_the_orm_cannot_change_or_delete_an_entry(personas: Personas) -> None:
    contact = logged(personas)

    def refused() -> Any:
        return pytest.raises(DatabaseError, match="the contact log cannot be changed")

    with refused(), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(summary="Never happened.")
    with refused(), transaction.atomic():
        contact.summary = "Never happened."
        contact.save()
    with refused(), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).delete()
    contact.refresh_from_db()
    assert contact.summary == "Explained the ABE process."


def test_raw_sql_cannot_change_or_delete_an_entry_nor_what_it_communicated(
    personas: Personas,
) -> None:
    case, complainant = draft_with_complainant(personas.officer)
    case_update(actor=personas.officer, case=case, version=case.version, arrested_on=TODAY)
    contact = call(personas.officer, complainant, at(TODAY, 9))
    assert contact.communicated.count() == 1
    for statement in (
        "UPDATE victims_contact SET summary = 'Never happened.' WHERE id = %s",
        "UPDATE victims_contact SET contacted_at = now() - interval '1 day' WHERE id = %s",
        "DELETE FROM victims_contact WHERE id = %s",
        "DELETE FROM victims_contact_communicated WHERE contact_id = %s",
        "UPDATE victims_contact_communicated SET deadline_id = deadline_id WHERE contact_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="cannot be changed"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [contact.pk])
    contact.refresh_from_db()
    assert contact.communicated.count() == 1
    assert Contact.objects.count() == 1


def test_a_correction_refers_to_the_original_and_meets_nothing(personas: Personas) -> None:
    case, complainant = draft_with_complainant(personas.officer)
    original = call(personas.officer, complainant, at(TODAY, 9), summary="Called at 9.")
    case_update(actor=personas.officer, case=case, version=case.version, arrested_on=TODAY)
    owed = Deadline.objects.get(
        kind=DeadlineKind.TELL_COMPLAINANT_ENHANCED, status=DeadlineStatus.OPEN
    )
    (regular,) = Deadline.objects.filter(
        kind=DeadlineKind.REGULAR_UPDATE, status=DeadlineStatus.OPEN
    )

    correction = call(
        personas.officer,
        complainant,
        at(TODAY, 9),
        summary="Correction: the call was a text message.",
        corrects=original,
    )

    assert correction.corrects == original
    assert list(original.corrections.all()) == [correction]
    assert not correction.communicated.exists()
    owed.refresh_from_db()
    assert owed.status == DeadlineStatus.OPEN  # the arrest is still to be told
    assert Deadline.objects.get(kind=DeadlineKind.REGULAR_UPDATE, status="open") == regular
    original.refresh_from_db()
    assert original.summary == "Called at 9."
    assert case.events.filter(description="Correction to a contact with C1 logged (phone call)")


def test_a_correction_communicates_nothing_and_stays_with_its_complainant(
    personas: Personas,
) -> None:
    case, complainant = draft_with_complainant(personas.officer)
    _other_case, other = draft_with_complainant(personas.officer)
    original = call(personas.officer, complainant, at(TODAY, 9))
    case_update(actor=personas.officer, case=case, version=case.version, arrested_on=TODAY)
    owed = Deadline.objects.get(case=case, kind=DeadlineKind.TELL_COMPLAINANT_ENHANCED)
    before = Contact.objects.count()

    with pytest.raises(DomainError, match="A correction does not communicate anything new"):
        call(
            personas.officer, complainant, at(TODAY, 10), corrects=original, communicated=[owed.pk]
        )
    with pytest.raises(DomainError, match="same complainant"):
        call(personas.officer, other, at(TODAY, 10), corrects=original)
    with pytest.raises(DomainError, match="cannot be dated before the contact it corrects"):
        call(personas.officer, complainant, at(TODAY, 8), corrects=original)
    assert Contact.objects.count() == before


def test_only_updates_owed_to_this_complainant_can_be_chosen(personas: Personas) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    other_case, _other = draft_with_complainant(personas.officer)
    case_update(
        actor=personas.officer, case=other_case, version=other_case.version, arrested_on=TODAY
    )
    theirs = Deadline.objects.get(case=other_case, kind=DeadlineKind.TELL_COMPLAINANT_ENHANCED)

    with pytest.raises(DomainError, match="Choose only updates that are owed to this complainant"):
        call(personas.officer, complainant, at(TODAY, 9), communicated=[theirs.pk])
    assert not Contact.objects.exists()
    theirs.refresh_from_db()
    assert theirs.status == DeadlineStatus.OPEN


def test_through_the_isva_only_with_the_complainants_agreement(personas: Personas) -> None:
    _case, complainant = draft_with_complainant(
        personas.officer, isva_name="Robin Advocate", isva_service="Kent ISVA Service"
    )
    with pytest.raises(
        DomainError, match="C1 has not agreed to information being shared with an ISVA"
    ):
        call(personas.officer, complainant, at(TODAY, 9), through_isva=True)
    assert not Contact.objects.exists()

    complainant = complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=complainant.version,
        isva_may_be_told=True,
    )
    contact = call(personas.officer, complainant, at(TODAY, 9), through_isva=True)
    assert contact.through_isva is True


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (at(TODAY, 19), "The date and time of the contact cannot be in the future"),
        (at(TODAY + timedelta(days=1), 9), "cannot be in the future"),
        (at(date(2026, 2, 28), 9), r"cannot be before the case was reported \(1 March 2026\)"),
    ],
    ids=["later today", "tomorrow", "before the report"],
)
def test_a_contact_at_an_impossible_time_is_refused(
    personas: Personas, when: object, message: str
) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    with pytest.raises(DomainError, match=message):
        call(personas.officer, complainant, when)  # type: ignore[arg-type]
    assert not Contact.objects.exists()


def test_a_contact_may_predate_the_file_but_not_the_report(personas: Personas) -> None:
    """The complainant reported on 1 March; the file was opened here on 3 June:
    the calls in between are real contacts, logged late."""
    _case, complainant = draft_with_complainant(personas.officer)
    assert call(personas.officer, complainant, at(date(2026, 3, 1), 9))


def test_without_a_report_date_a_contact_cannot_predate_the_file(personas: Personas) -> None:
    case, complainant = draft_with_complainant(personas.officer)
    case = case_update(actor=personas.officer, case=case, version=case.version, reported_on=None)
    with pytest.raises(DomainError, match=r"before the case was opened \(3 June 2026\)"):
        call(personas.officer, complainant, at(date(2026, 6, 2), 9))
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("summary", "   ", "Enter a summary of the contact"),
        ("channel", "pigeon", "Choose how the contact was made"),
        ("direction", "sideways", "Say whether the contact was to or from the complainant"),
    ],
)
def test_an_incomplete_contact_is_refused(
    personas: Personas, field: str, value: str, message: str
) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    with pytest.raises(DomainError, match=message):
        call(personas.officer, complainant, at(TODAY, 9), **{field: value})
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "who", ["supervisor", "colleague", "other_force_officer", "cps_spoc", "other_area_prosecutor"]
)
def test_only_those_entitled_to_the_identity_log_a_contact(personas: Personas, who: str) -> None:
    _case, complainant = draft_with_complainant(personas.officer)
    with pytest.raises(DomainError, match="Only the officers of the case and the allocated"):
        contact_log(
            actor=getattr(personas, who),
            complainant=complainant,
            contacted_at=at(TODAY, 9),
            channel=Channel.PHONE,
            direction=Direction.TO_COMPLAINANT,
            summary="Called.",
        )
    assert not Contact.objects.exists()


def test_the_allocated_prosecutor_may_log_a_contact(personas: Personas) -> None:
    _case, complainant = with_prosecutor(personas)
    contact = call(personas.prosecutor, complainant, at(TODAY, 9), summary="Special measures.")
    assert contact.recorded_by == personas.prosecutor
