"""Demo victim information requests: `seed_demo --cases N` puts requests on
some of the open demo cases, through the services, in every state a role
meets: agreed and sent (some reviewed), awaiting a supervisor's approval or
override, withdrawn."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from disclosure.requests.models import RequestStatus, VictimInformationRequest
from rasso.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(DEBUG=True, PASSWORD_HASHERS=FAST)
def test_the_demo_has_requests_in_every_state_through_the_services() -> None:
    out = StringIO()
    call_command("seed_demo", cases=200, stdout=out)

    requests = VictimInformationRequest.objects.all()
    statuses = set(requests.values_list("status", flat=True))
    assert "Victim information requests: added" in out.getvalue()
    assert requests.count() >= 4
    assert RequestStatus.AWAITING_APPROVAL in statuses and RequestStatus.WITHDRAWN in statuses
    assert requests.filter(credibility_flagged=True).exists()
    assert requests.filter(holder_kind="counselling").exists()
    assert statuses & {RequestStatus.SENT, RequestStatus.REVIEWED, RequestStatus.AWAITING_CPS}
    # Through the services: each drafted request is audited.
    assert (
        AuditEvent.objects.filter(action="disclosure.victim_information_request_drafted").count()
        == requests.count()
    )
