"""Demo unused material: `seed_demo --cases N` puts schedules on some of the
open demo cases, through the services, in every state a role meets: served
(an MG6E pointing at item numbers, a DMD awaiting agreement), reviewed item
by item with the DMD agreed, sent back as insufficient, a nil return."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from disclosure.schedules.models import (
    DisclosureOfficerReport,
    EditionStatus,
    ItemReview,
    ManagementDocument,
    ReportEntry,
    Schedule,
    ScheduleKind,
)
from rasso.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(DEBUG=True, PASSWORD_HASHERS=FAST)
def test_the_demo_has_schedules_in_every_state_through_the_services() -> None:
    out = StringIO()
    call_command("seed_demo", cases=200, stdout=out)

    schedules = Schedule.objects.all()
    assert "Unused material schedules: added" in out.getvalue()
    assert schedules.filter(kind=ScheduleKind.NON_SENSITIVE, status=EditionStatus.SERVED).exists()
    assert schedules.filter(kind=ScheduleKind.SENSITIVE, items__isnull=False).exists()
    assert schedules.filter(nil_return=True).exists()
    assert schedules.filter(status=EditionStatus.RETURNED).exists()
    assert ItemReview.objects.exists()
    assert ReportEntry.objects.exists()
    statuses = set(ManagementDocument.objects.values_list("status", flat=True))
    assert {EditionStatus.SERVED, EditionStatus.AGREED} <= statuses
    # Through the services: each schedule and MG6E is audited.
    started = AuditEvent.objects.filter(action="disclosure.unused_material_schedule_started")
    assert started.count() == schedules.count()
    assert (
        AuditEvent.objects.filter(action="disclosure.unused_material_report_served").count()
        == DisclosureOfficerReport.objects.count()
    )


@override_settings(DEBUG=True, PASSWORD_HASHERS=FAST)
def test_seeding_twice_adds_more_without_failing() -> None:
    call_command("seed_demo", cases=100, stdout=StringIO())
    first = Schedule.objects.count()
    out = StringIO()
    call_command("seed_demo", cases=100, stdout=out)

    assert "Unused material schedules: added" in out.getvalue()
    assert Schedule.objects.count() > first
