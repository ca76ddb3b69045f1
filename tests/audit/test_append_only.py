"""The audit log cannot be altered or deleted: the database refuses."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from rasso.audit.models import AuditEvent
from rasso.audit.services import audit_record, client_ip
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(personas: Personas) -> AuditEvent:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7", HTTP_USER_AGENT="Firefox")
    return audit_record(
        actor=personas.officer,
        action="case.view",
        object_type="cases.casefile",
        object_id=42,
        request=request,
        detail={"tab": "summary"},
    )


def test_audit_record_writes_who_what_when_where(event: AuditEvent, personas: Personas) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == personas.officer
    assert stored.action == "case.view"
    assert (stored.object_type, stored.object_id) == ("cases.casefile", "42")
    assert stored.ip_address == "10.0.0.7"
    assert stored.user_agent == "Firefox"
    assert stored.at is not None


def test_orm_update_is_refused(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="case.edit")
    assert AuditEvent.objects.get(pk=event.pk).action == "case.view"


def test_orm_delete_is_refused(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_is_refused_too(event: AuditEvent) -> None:
    for statement in (
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "case.view"


def test_model_save_of_an_existing_row_is_refused(event: AuditEvent) -> None:
    event.action = "tampered"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()


def test_anonymous_actor_is_recorded_as_nobody() -> None:
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(actor=AnonymousUser(), action="auth.sign_in_failed")
    assert event.actor is None


def test_client_address_ignores_a_forged_forwarded_for_without_a_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.7"


def test_client_address_behind_one_proxy_is_the_proxy_s_entry(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4" itself; the proxy appended the real 81.2.69.160.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 81.2.69.160"
    )
    assert client_ip(request) == "81.2.69.160"
    without_header = RequestFactory().get("/", REMOTE_ADDR="172.18.0.5")
    assert client_ip(without_header) == "172.18.0.5"
