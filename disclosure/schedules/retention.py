"""The disclosure record sheet of a deleted case: removed only through the
database's own function (disclosure migration 0002), which checks that the
case's deletion is audited, due and not held. ``cases.retention`` calls it
when it deletes a case (registered in ``disclosure/models.py``)."""

from __future__ import annotations

from django.db import connection

from cases.retention.purge import AppendOnly


def record_sheet_delete(case_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT disclosure_record_delete_for_case(%s)", [case_id])


RECORD_SHEET = AppendOnly(
    labels=frozenset({"disclosure.recordentry"}),
    remove=record_sheet_delete,
)
