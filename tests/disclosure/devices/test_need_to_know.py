"""Need to know, in the review of issue 11: an extraction is as restricted as
the complainant's identity (DESIGN.md §3).

- Nothing anyone else reads says an extraction exists: not the case timeline
  read by the force's supervisors and SPOCs and the Area's CPS SPOC.
- A closed case seeks nothing more from a device: no draft changed, no
  agreement taken, nothing extracted; a refusal or a withdrawal (the user's)
  is still recorded, what was extracted reviewed, the device returned.
- Every page showing an extraction, and every list of them, is audited with
  the extractions it showed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent, CaseFile, CaseStatus
from cases.services import case_share
from disclosure.devices import services
from disclosure.devices.models import DataCategory, DeviceExtraction, WrittenConfirmation
from rasso.audit.models import AuditEvent
from rasso.core.errors import Forbidden
from tests.cases.factories import complete_case
from tests.cases.test_api import Api
from tests.conftest import Personas
from tests.disclosure.devices.factories import (
    agreed,
    details,
    drafted,
    extracted,
    noticed,
    reviewed,
)
from tests.support import client_for, html_of

pytestmark = pytest.mark.django_db


def closed(case: CaseFile, status: str = CaseStatus.FINALISED) -> CaseFile:
    CaseFile.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def viewed(extraction: DeviceExtraction) -> int:
    return AuditEvent.objects.filter(
        action="disclosure.device_extraction_viewed", object_id=str(extraction.pk)
    ).count()


def test_the_timeline_says_nothing_of_extractions(personas: Personas, case: CaseFile) -> None:
    kept = reviewed(personas.officer, case)
    services.extraction_return(
        actor=personas.officer, extraction=kept, returned_on=timezone.localdate()
    )
    withdrawn = extracted(personas.officer, case)
    services.extraction_withdraw(
        actor=personas.officer,
        extraction=withdrawn,
        withdrawn_on=timezone.localdate(),
        details="By phone",
    )
    services.extraction_refuse(
        actor=personas.officer,
        extraction=noticed(personas.officer, case),
        refused_on=timezone.localdate(),
    )

    texts = [
        t.lower() for t in CaseEvent.objects.filter(case=case).values_list("description", flat=True)
    ]
    for word in ("device", "extraction", "agreement", "without prejudice"):
        assert not [t for t in texts if word in t], word
    page = html_of(client_for(personas.supervisor).get(reverse("cases:timeline", args=[case.pk])))
    for word in ("device extraction", "device's user", "the device"):
        assert word not in page.lower(), word


@pytest.mark.parametrize(
    "status", [CaseStatus.FINALISED, CaseStatus.POLICE_NFA, CaseStatus.CREATED_IN_ERROR]
)
def test_on_a_closed_case_nothing_more_is_sought_from_a_device(
    personas: Personas, case: CaseFile, status: str
) -> None:
    draft = drafted(personas.officer, case)
    awaiting = noticed(personas.officer, case)
    given = agreed(personas.officer, case)
    case = closed(case, status)
    today = timezone.localdate()

    refused: list[Callable[[], object]] = [
        lambda: services.extraction_update(
            actor=personas.officer,
            extraction=draft,
            details=details(case, data_categories=[DataCategory.MESSAGES]),
        ),
        lambda: services.extraction_agree(
            actor=personas.officer,
            extraction=awaiting,
            agreed_on=today,
            agreement_confirmation=WrittenConfirmation.SIGNED_FORM,
            no_undue_pressure=True,
        ),
        lambda: services.extraction_extract(
            actor=personas.officer, extraction=given, extracted_on=today, material="Messages"
        ),
    ]
    before = list(DeviceExtraction.objects.order_by("pk").values_list("pk", "status"))
    for move in refused:
        with pytest.raises(Forbidden, match="The case is closed"):
            move()
    assert list(DeviceExtraction.objects.order_by("pk").values_list("pk", "status")) == before

    # Nor does the page offer it, or the API do it.
    officer = client_for(personas.officer)
    page = html_of(officer.get(reverse("disclosure:device", args=[case.pk, given.pk])))
    extract = reverse("disclosure:device-step", args=[case.pk, given.pk, "extract"])
    assert extract not in page
    assert officer.get(extract).status_code == 403
    answer = Api(personas.officer).post(
        f"/api/v1/cases/{case.pk}/device-extractions/{given.pk}/extract/",
        {"extracted_on": today.isoformat(), "material": "Messages"},
    )
    assert answer.status_code == 403 and answer.json()["detail"].startswith("The case is closed")

    # What is the user's is still recorded, and the device goes back.
    services.extraction_refuse(actor=personas.officer, extraction=awaiting, refused_on=today)
    services.extraction_withdraw(
        actor=personas.officer, extraction=given, withdrawn_on=today, details="By letter"
    )
    services.extraction_return(actor=personas.officer, extraction=given, returned_on=today)


def test_what_was_extracted_before_the_case_closed_is_still_reviewed(
    personas: Personas, case: CaseFile
) -> None:
    extraction = extracted(personas.officer, case)
    closed(case, CaseStatus.POLICE_NFA)
    reviewed_ = services.extraction_review(
        actor=personas.officer,
        extraction=extraction,
        reviewed_on=timezone.localdate(),
        material_reviewed="All of it",
        all_reviewed=True,
        relevant=False,
    )
    assert reviewed_.relevant is False


def test_every_page_showing_an_extraction_is_audited_with_it(
    personas: Personas, case: CaseFile
) -> None:
    draft = drafted(personas.officer, case)
    officer = client_for(personas.officer)
    for url in (
        reverse("disclosure:device-edit", args=[case.pk, draft.pk]),
        reverse("disclosure:device-step", args=[case.pk, draft.pk, "notice"]),
    ):
        before = viewed(draft)
        html_of(officer.get(url))
        assert viewed(draft) == before + 1, url


def test_each_list_records_which_extractions_it_showed(personas: Personas, case: CaseFile) -> None:
    shown = [drafted(personas.officer, case) for _ in range(2)]
    officer = client_for(personas.prosecutor)
    for url in (
        reverse("disclosure:device-list", args=[case.pk]),
        reverse("disclosure:case-disclosure", args=[case.pk]),
    ):
        before = AuditEvent.objects.filter(action="disclosure.listed").count()
        html_of(officer.get(url))
        listed = AuditEvent.objects.filter(action="disclosure.listed", object_id=str(case.pk))
        assert listed.count() == before + 1, url
        event = listed.latest("id")
        assert sorted(event.detail["device_extractions"]) == sorted(e.pk for e in shown), url
        assert event.actor == personas.prosecutor


def test_an_extraction_of_another_case_is_404_under_this_one_s_pages(
    personas: Personas, case: CaseFile
) -> None:
    other = complete_case(personas.officer)
    extraction = drafted(personas.officer, other)
    officer = client_for(personas.officer)
    for url in (
        reverse("disclosure:device", args=[case.pk, extraction.pk]),
        reverse("disclosure:device-edit", args=[case.pk, extraction.pk]),
        reverse("disclosure:device-step", args=[case.pk, extraction.pk, "notice"]),
    ):
        assert officer.get(url).status_code == 404, url
        posted = officer.post(url, {"given_on": "1/3/2026", "in_writing": "on"})
        assert posted.status_code in (404, 405), url  # the page itself takes no POST
    extraction.refresh_from_db()
    assert extraction.status == "draft"


def test_a_double_clicked_draft_is_saved_once(personas: Personas, case: CaseFile) -> None:

    def draft(**changes: Any) -> DeviceExtraction:
        return services.extraction_create(
            actor=personas.officer, case=case, details=details(case, **changes)
        )

    first = draft()
    assert draft().pk == first.pk
    assert (
        AuditEvent.objects.filter(
            action="disclosure.device_extraction_drafted", object_id=str(first.pk)
        ).count()
        == 1
    )
    # Another scope is another request.
    assert draft(data_categories=[DataCategory.MESSAGES]).pk != first.pk
    # A witness's device, drafted twice, once too.
    witness = draft(complainant=None, witness="W1")
    assert draft(complainant=None, witness="w1").pk == witness.pk
    assert DeviceExtraction.objects.count() == 3
    # Another officer's identical draft is theirs.
    case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    theirs = services.extraction_create(actor=personas.colleague, case=case, details=details(case))
    assert theirs.pk != first.pk
