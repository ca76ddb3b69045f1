"""The disclosure record sheet is append-only in the database, as the
complainant contact log is: whoever issues it, an ORM update or delete and
raw SQL UPDATE, DELETE and TRUNCATE are refused (the application's role
holds neither UPDATE nor DELETE either: tests/test_db_roles.py). It goes
only with its whole case, at its retention review."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from cases.models import CaseFile
from cases.retention import services as retention
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from disclosure.schedules.models import RecordEntry, Schedule
from tests.cases.retention.factories import due
from tests.conftest import Personas
from tests.disclosure.schedules.factories import sent_back, served

pytestmark = pytest.mark.django_db


def refused() -> Any:
    return pytest.raises(DatabaseError, match="record sheet cannot be changed")


def test_the_orm_cannot_change_or_delete_an_entry(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    entry = RecordEntry.objects.get()

    with refused(), transaction.atomic():
        RecordEntry.objects.filter(pk=entry.pk).update(summary="Never happened.")
    with refused(), transaction.atomic():
        entry.summary = "Never happened."
        entry.save()
    with refused(), transaction.atomic():
        RecordEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.summary.startswith("MG6C edition 1 received")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE disclosure_recordentry SET summary = 'Never happened.' WHERE id = %s",
        "UPDATE disclosure_recordentry SET at = now() - interval '1 day' WHERE id = %s",
        "DELETE FROM disclosure_recordentry WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_an_entry(
    personas: Personas, case: CaseFile, statement: str
) -> None:
    served(personas.officer, case)
    entry = RecordEntry.objects.get()
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])
    assert RecordEntry.objects.filter(pk=entry.pk, summary=entry.summary).exists()


def test_truncate_is_refused(personas: Personas, case: CaseFile) -> None:
    served(personas.officer, case)
    with connection.cursor() as cursor:
        # The test database allows it for the suite's flushes (tests/conftest.py).
        cursor.execute("SET LOCAL rasso.allow_truncate = off")
        # The deferred foreign-key checks of the rows just written run now, so
        # that TRUNCATE reaches the guard (it refuses pending trigger events).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with (
            pytest.raises(DatabaseError, match="append-only: TRUNCATE"),
            transaction.atomic(),
        ):
            cursor.execute("TRUNCATE disclosure_recordentry CASCADE")
    assert RecordEntry.objects.count() == 1


def test_the_deletion_function_refuses_a_case_not_deleted(
    personas: Personas, case: CaseFile
) -> None:
    served(personas.officer, case)
    with (
        pytest.raises(DatabaseError, match="goes only with the case"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT disclosure_record_delete_for_case(%s)", [case.pk])
    assert RecordEntry.objects.count() == 1


def test_the_record_sheet_goes_with_its_case_at_retention(
    personas: Personas, case: CaseFile
) -> None:
    schedule = served(personas.officer, case)
    sent_back(personas, schedule)  # a deadline, and a second line, on the sheet
    proposal = police_nfa_propose(
        actor=personas.officer, case=case, outcome_code="15", rationale="Below the threshold."
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    case = due(case)

    retention.case_delete(actor=personas.supervisor, case=case, confirm_urn=case.urn)

    # What the commit would check: no row left pointing at a deleted one.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert not RecordEntry.objects.exists()
    assert not Schedule.objects.exists()
    assert not CaseFile.objects.filter(pk=case.pk).exists()


def test_the_case_timeline_and_deadlines_say_nothing_of_unused_material(
    personas: Personas, case: CaseFile
) -> None:
    """Everyone who sees the case reads its timeline and its deadlines (a
    supervisor, the force's SPOC, the CPS SPOC): that an MG6D exists, or which
    items were sent back, is for the record sheet's readers only."""
    from cases.models import CaseEvent, Deadline

    sent_back(personas, served(personas.officer, case))
    assert not CaseEvent.objects.filter(case=case, kind__startswith="unused_material").exists()
    said = " ".join(CaseEvent.objects.filter(case=case).values_list("description", flat=True))
    assert "edition" not in said and "sent back" not in said.lower()
    (owed,) = Deadline.objects.filter(case=case, kind="unused_material_reserve")
    assert "MG6" not in owed.description and "item" not in owed.description.lower()
