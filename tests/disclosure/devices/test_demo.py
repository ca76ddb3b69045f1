"""Demo device extractions: `seed_demo --cases N` puts extractions on some of
the open demo cases, through the services, in every state a role meets:
agreed, extracted, reviewed and the device returned; notice given, awaiting
the user's answer; refused without prejudice; withdrawn, some with what was
extracted marked for deletion."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from disclosure.devices import rules
from disclosure.devices.models import DeletionMark, DeviceExtraction, ExtractionStatus
from rasso.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(DEBUG=True, PASSWORD_HASHERS=FAST)
def test_the_demo_has_extractions_in_every_state_through_the_services() -> None:
    out = StringIO()
    call_command("seed_demo", cases=200, stdout=out)

    extractions = DeviceExtraction.objects.all()
    statuses = set(extractions.values_list("status", flat=True))
    assert "Device extractions: added" in out.getvalue()
    assert {
        ExtractionStatus.RETURNED,
        ExtractionStatus.NOTICE_GIVEN,
        ExtractionStatus.REFUSED,
        ExtractionStatus.WITHDRAWN,
    } <= statuses
    returned = extractions.filter(status=ExtractionStatus.RETURNED)
    assert not returned.filter(reviewed_on__isnull=True).exists()
    refused = extractions.filter(status=ExtractionStatus.REFUSED)
    assert set(refused.values_list("refusal_statement", flat=True)) == {rules.WITHOUT_PREJUDICE}
    withdrawn = extractions.filter(status=ExtractionStatus.WITHDRAWN)
    assert withdrawn.filter(marked_for_deletion=DeletionMark.ALL_EXTRACTED).exists()
    assert withdrawn.filter(marked_for_deletion=DeletionMark.NONE).exists()
    # Through the services: each drafted extraction is audited.
    assert (
        AuditEvent.objects.filter(action="disclosure.device_extraction_drafted").count()
        == extractions.count()
    )


@override_settings(DEBUG=True, PASSWORD_HASHERS=FAST)
def test_seeding_twice_adds_more_without_failing() -> None:
    call_command("seed_demo", cases=100, stdout=StringIO())
    first = DeviceExtraction.objects.count()
    out = StringIO()
    call_command("seed_demo", cases=100, stdout=out)

    assert "Device extractions: added" in out.getvalue()
    assert DeviceExtraction.objects.count() > first
