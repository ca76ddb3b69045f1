"""The contact log of a deleted case: removed only through the database's
own function (victims migration 0005), which checks that the case's deletion
is audited, due and not held. ``cases.retention`` calls it when it deletes
a case (registered in ``VictimsConfig.ready``)."""

from __future__ import annotations

from django.db import connection

from cases.retention.purge import AppendOnly


def contact_log_delete(case_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT victims_contact_log_delete_for_case(%s)", [case_id])


CONTACT_LOG = AppendOnly(
    labels=frozenset({"victims.contact", "victims.contact_communicated"}),
    remove=contact_log_delete,
)
