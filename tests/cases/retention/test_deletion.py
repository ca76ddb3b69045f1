"""Deleting a case at its review removes everything of it, and nothing else.

The story builds a case that went the whole way (documents on disk, a
complainant with a contact log, a correction, a letter sent, early advice,
a file-quality query, a clinic with an action, a charge, a withdrawal of
support, a grant, reminders and notifications, a legal hold placed and
lifted, a review that retained it, a cache entry), and another case beside
it. After the deletion, every table holds exactly the rows it held before
the case was built, but the audit log, which keeps the case's trail by id;
the other case is untouched; its files and cache entry remain.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from cases import reminders
from cases import services as case_services
from cases.models import CaseFile, CourtResult, Deadline, Document
from cases.retention import services as retention
from cases.retention.models import PendingFileRemoval
from cases.retention.purge import case_graph, case_rows
from charging.clinics import services as clinics
from charging.clinics.models import ClinicOutcome
from rasso.audit.models import AuditEvent
from rasso.audit.services import audit_record
from rasso.notifications.models import Notification
from tests.cases.factories import complete_case
from tests.cases.retention.factories import due
from tests.charging.factories import advised, ask, raise_query
from tests.conftest import Personas, org
from tests.victims.factories import IDENTITY_STRINGS, STORED_IDENTITY, call, cps_decides
from victims.models import Complainant, Contact, LetterKind
from victims.services import (
    contact_log,
    letter_generate,
    letter_mark_sent,
    support_withdraw,
)

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, set[Any]]:
    """Every row of every table, by primary key."""
    return {
        model._meta.label_lower: set(model._default_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
    }


def _files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "documents"
    return {p.name for p in root.iterdir()} if root.exists() else set()


def _case_that_went_the_whole_way(personas: Personas, clinic: Any) -> CaseFile:
    officer, spoc, prosecutor = personas.officer, personas.cps_spoc, personas.prosecutor
    case = complete_case(officer)
    Complainant.objects.filter(case=case).update(**STORED_IDENTITY)
    complainant = case.complainants.get()
    case_services.case_share(actor=officer, case=case, colleague=personas.colleague)
    advised(spoc, prosecutor, ask(officer, case))
    case.refresh_from_db()
    case = case_services.case_submit_for_charging(actor=officer, case=case)
    case = case_services.case_allocate_prosecutor(actor=spoc, case=case, prosecutor=prosecutor)
    raise_query(prosecutor, case)
    item = clinics.clinic_agenda_add(
        actor=officer, clinic=clinic, case=case, question="Is the first account admissible?"
    )
    clinics.clinic_hold(actor=spoc, clinic=clinic)
    clinics.clinic_outcome_record(
        actor=spoc, item=item, outcome=ClinicOutcome.values[0], minutes="Discussed the account"
    )
    clinics.clinic_action_add(
        actor=spoc,
        item=item,
        description="Obtain the door camera footage",
        owner=officer,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    first = call(officer, complainant, timezone.now() - timedelta(hours=2))
    contact_log(
        actor=officer,
        complainant=complainant,
        contacted_at=timezone.now() - timedelta(hours=1),
        channel=first.channel,
        direction=first.direction,
        summary="Correction: the call was to the mobile",
        corrects=first,
    )
    case = cps_decides(personas, case, charge=True)
    letter = letter_generate(actor=officer, complainant=complainant, kind=LetterKind.CHARGE)
    letter_mark_sent(actor=officer, letter=letter, sent_at=timezone.now())
    support_withdraw(
        actor=officer,
        complainant=complainant,
        withdrawn_on=timezone.localdate(),
        reason="process",
        support_offered=True,
    )
    # Reminders and notifications of its deadlines (one made due today).
    Deadline.objects.filter(case=case, status="open").update(due_on=timezone.localdate())
    reminders.reminders_send()
    assert Notification.objects.filter(case=case).exists()
    case = case_services.case_finalise(
        actor=officer, case=case, result=CourtResult.ACQUITTED, finalised_on=timezone.localdate()
    )
    retention.case_cache_set(case.pk, "figures", {"anything": 1})
    return case


def test_deleting_a_case_leaves_nothing_of_it_but_its_audit_trail(
    personas: Personas,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    clinic = clinics.clinic_schedule(
        actor=personas.cps_spoc,
        cps_area=org("South East"),
        held_on=timezone.localdate(),
        forces=[org("Kent")],
        attendees=[personas.officer, personas.cps_spoc, personas.prosecutor],
    )
    other = complete_case(personas.colleague)
    call(personas.colleague, other.complainants.get(), timezone.now() - timedelta(hours=3))
    retention.case_cache_set(other.pk, "figures", {"kept": 1})
    before = _snapshot()
    files_before = _files()
    other_rows = {m._meta.label_lower: ids for m, ids in case_rows(other.pk).items()}

    case = _case_that_went_the_whole_way(personas, clinic)
    case = due(case)
    hold = retention.legal_hold_place(actor=personas.supervisor, case=case, reason="Inquiry")
    retention.case_retain(
        actor=personas.supervisor,
        case=case,
        review_on=timezone.localdate() + timedelta(days=1),
        reason="Inquiry open",
    )
    case = due(case)
    with monkeypatch.context() as clock:
        later = timezone.now() + timedelta(days=31)
        clock.setattr(timezone, "now", lambda: later)
        retention.legal_hold_lift(actor=personas.supervisor, case=case, reason="Inquiry over")
    case_id = case.pk
    rows = {m._meta.label_lower: ids for m, ids in case_rows(case_id).items() if ids}
    # The story reached every kind of row a case has.
    for label in (
        "cases.casefile",
        "cases.suspect",
        "cases.caseoffence",
        "cases.document",
        "cases.caseevent",
        "cases.deadline",
        "cases.casefileuserobjectpermission",
        "cases.legalhold",
        "cases.retentionreview",
        "victims.complainant",
        "victims.contact",
        "victims.contact_communicated",
        "victims.letter",
        "victims.supportwithdrawal",
        "charging.earlyadvicerequest",
        "charging.earlyadvice",
        "charging.filequalityquery",
        "charging.clinicagendaitem",
        "charging.clinicaction",
        "charging.cpsdecision",
        "charging.charge",
        "notifications.reminder",
        "notifications.notification",
    ):
        assert rows.get(label), f"the story made no {label}"
    documents = set(Document.objects.filter(case=case).values_list("stored_name", flat=True))
    assert documents <= _files()
    audit_before = AuditEvent.objects.filter(object_type="cases.casefile", object_id=str(case_id))
    trail = set(audit_before.values_list("pk", flat=True))
    assert trail

    with django_capture_on_commit_callbacks(execute=True):
        retention.case_delete(actor=personas.supervisor, case=case, confirm_urn=case.urn)

    # What the commit would check: no row left pointing at a deleted one.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    after = _snapshot()
    # Every table as it was before the case was built, but the audit log.
    changed = {label for label in after if after[label] != before[label]}
    assert changed == {"audit.auditevent"}, changed
    # Nothing of it by any foreign-key path.
    assert not any(case_rows(case_id)[model] for model, _ in case_graph() if model is not CaseFile)
    assert not CaseFile.objects.filter(pk=case_id).exists()
    # Its files gone from disk, the other case's still there.
    assert not documents & _files()
    assert _files() == files_before
    assert not PendingFileRemoval.objects.exists()
    # Its cache entry gone, the other case's kept.
    assert cache.get(retention.case_cache_key(case_id, "figures")) is None
    assert cache.get(retention.case_cache_key(other.pk, "figures")) == {"kept": 1}
    # The other case untouched.
    assert {m._meta.label_lower: ids for m, ids in case_rows(other.pk).items()} == other_rows
    # Its audit trail remains, by id, with the deletion on it; no identity in it.
    remaining = AuditEvent.objects.filter(object_type="cases.casefile", object_id=str(case_id))
    assert trail < set(remaining.values_list("pk", flat=True))
    deletion = remaining.get(action="case.deleted")
    assert deletion.actor == personas.supervisor
    counts = remaining.get(action="case.deleted.rows").detail
    assert counts["rows"]["victims.contact"] == 3  # two calls and the letter sent
    assert counts["files"] == len(documents)
    text = " ".join(str(e.detail) for e in AuditEvent.objects.all())
    assert not [s for s in IDENTITY_STRINGS if s in text]
    assert hold.pk not in set(after["cases.legalhold"])


def test_the_contact_log_stays_append_only(personas: Personas) -> None:
    """The database refuses to delete a contact outside a case's deletion, and
    its function refuses a case not deleted, not due or held."""
    case = complete_case(personas.officer)
    call(personas.officer, case.complainants.get(), timezone.now() - timedelta(hours=1))
    contact = Contact.objects.get(case=case)
    statements: list[tuple[str, list[int | str]]] = [
        ("DELETE FROM victims_contact WHERE id = %s", [contact.pk]),
        ("UPDATE victims_contact SET summary = 'x' WHERE id = %s", [contact.pk]),
        # The function wants the case's deletion on the audit log first.
        ("SELECT victims_contact_log_delete_for_case(%s)", [case.pk]),
    ]
    for sql, params in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    # Setting the switch by hand makes no UPDATE possible (and, for a role
    # without DELETE on the table, no DELETE either).
    with (
        pytest.raises(DatabaseError, match="cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT set_config('rasso.retention_delete', %s, true)", [str(case.pk)])
        cursor.execute("UPDATE victims_contact SET summary = 'x' WHERE id = %s", [contact.pk])
    # Audited, but not due for review: still refused.
    audit_record(actor=personas.supervisor, action="case.deleted", obj=case)
    with (
        pytest.raises(DatabaseError, match="not due"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT victims_contact_log_delete_for_case(%s)", [case.pk])
    # Due, but under a legal hold: still refused.
    due(case)
    retention.legal_hold_place(actor=personas.supervisor, case=case, reason="Inquiry")
    with (
        pytest.raises(DatabaseError, match="legal hold"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT victims_contact_log_delete_for_case(%s)", [case.pk])
    assert Contact.objects.filter(pk=contact.pk).exists()
