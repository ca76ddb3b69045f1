"""A deleted case takes its device extractions with it, and leaves only the
audit trail."""

from __future__ import annotations

import pytest
from django.db import connection

from cases.models import CaseFile
from cases.retention import services as retention
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from disclosure.devices.models import DeviceExtraction
from tests.cases.retention.factories import due
from tests.conftest import Personas
from tests.disclosure.devices.factories import reviewed

pytestmark = pytest.mark.django_db


def test_deleting_a_case_deletes_its_extractions(personas: Personas, case: CaseFile) -> None:
    extraction = reviewed(personas.officer, case)
    proposal = police_nfa_propose(
        actor=personas.officer, case=case, outcome_code="15", rationale="Below the threshold."
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    case = due(case)

    retention.case_delete(actor=personas.supervisor, case=case, confirm_urn=case.urn)

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert not DeviceExtraction.objects.filter(pk=extraction.pk).exists()
    assert not CaseFile.objects.filter(pk=case.pk).exists()
