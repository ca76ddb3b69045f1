"""Device extractions in the browser: the officer drafts a request for C1's
phone from the case's Disclosure tab, records the written notice, her
agreement, the extraction and its review, and the phone's return; a refusal
and a withdrawal as she would see them; bad input saves nothing; everyone
outside need to know gets 404."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile
from disclosure.devices import rules
from disclosure.devices.models import DeletionMark, DeviceExtraction, ExtractionStatus
from disclosure.devices.views import SECTION_SIZE, STEPS, device_section
from rasso.audit.models import AuditEvent
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.devices.factories import PHONE, agreed, drafted, extracted, noticed
from tests.disclosure.requests.factories import complainant_of
from tests.support import client_for, html_of, refusal_of

pytestmark = pytest.mark.django_db


def _form_of(case: CaseFile, **changes: Any) -> dict[str, Any]:
    data = {
        "complainant": complainant_of(case).pk,
        "witness": "",
        "device": PHONE.device,
        "purpose": PHONE.purpose,
        "line_of_enquiry": PHONE.line_of_enquiry,
        "necessity": PHONE.necessity,
        "less_intrusive_means": "Jane Complainant's own screenshots show no dates",
        "date_from": "1/3/2026",
        "date_to": "14/3/2026",
        "data_categories": ["messages", "call_logs"],
        "categories_other": "",
        "applications": PHONE.applications,
    }
    return {**data, **changes}


def _page(extraction: DeviceExtraction) -> str:
    return reverse("disclosure:device", args=[extraction.case_id, extraction.pk])


def _step(extraction: DeviceExtraction, step: str) -> str:
    return reverse("disclosure:device-step", args=[extraction.case_id, extraction.pk, step])


def today() -> str:
    return timezone.localdate().isoformat()


def test_the_disclosure_tab_section_lists_them_and_offers_a_new_one(
    personas: Personas, case: CaseFile
) -> None:
    made = [drafted(personas.officer, case) for _ in range(SECTION_SIZE + 1)]

    html = render_to_string(
        "disclosure/includes/devices.html",
        {"case": case, "devices": device_section(personas.officer, case)},
    )

    assert "Device extractions" in html
    assert reverse("disclosure:device-create", args=[case.pk]) in html
    assert _page(made[-1]) in html and _page(made[0]) not in html  # the newest few
    assert reverse("disclosure:device-list", args=[case.pk]) in html
    # The prosecutor reads them, and may ask for none.
    theirs = render_to_string(
        "disclosure/includes/devices.html",
        {"case": case, "devices": device_section(personas.prosecutor, case)},
    )
    assert _page(made[-1]) in theirs
    assert reverse("disclosure:device-create", args=[case.pk]) not in theirs
    # The force's supervisor sees the case, not its extractions.
    supervisor = render_to_string(
        "disclosure/includes/devices.html",
        {"case": case, "devices": device_section(personas.supervisor, case)},
    )
    assert "Device extraction " not in supervisor
    assert "No device extractions you may see" in supervisor


def test_the_list_page_pages_every_extraction(personas: Personas, case: CaseFile) -> None:
    made = [drafted(personas.officer, case) for _ in range(3)]
    html = html_of(
        client_for(personas.officer).get(reverse("disclosure:device-list", args=[case.pk]))
    )
    for extraction in made:
        assert _page(extraction) in html
    assert "C1" in html


def test_a_phone_from_draft_to_its_return(personas: Personas, case: CaseFile) -> None:
    officer = client_for(personas.officer)
    officer.post(reverse("disclosure:device-create", args=[case.pk]), _form_of(case))
    extraction = DeviceExtraction.objects.get()
    assert extraction.data_categories == ["messages", "call_logs"]
    page = html_of(officer.get(_page(extraction)))
    assert "Jane Complainant" in page  # the OIC is entitled: read as written
    assert _step(extraction, "notice") in page
    assert _step(extraction, "extract") not in page  # not offered without agreement

    notice = html_of(officer.get(_step(extraction, "notice")))
    assert "You may refuse" in notice and rules.NOTICE_VERSION in notice
    officer.post(_step(extraction, "notice"), {"given_on": today(), "in_writing": "on"})
    again = officer.post(_step(extraction, "notice"), {"given_on": today(), "in_writing": "on"})
    assert again.status_code == 403  # a double click gives notice once
    officer.post(
        _step(extraction, "agree"),
        {"agreed_on": today(), "agreement_confirmation": "signed_form", "no_undue_pressure": "on"},
    )
    officer.post(_step(extraction, "extract"), {"extracted_on": today(), "material": "Messages"})
    officer.post(
        _step(extraction, "review"),
        {
            "reviewed_on": today(),
            "material_reviewed": "Messages of 8 March",
            "all_reviewed": "yes",
            "relevant": "no",
        },
    )
    officer.post(_step(extraction, "return"), {"returned_on": today()})

    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.RETURNED
    assert extraction.notice_version == rules.NOTICE_VERSION
    assert extraction.relevant is False
    assert AuditEvent.objects.filter(
        action="disclosure.device_extraction_agreed", actor=personas.officer
    ).exists()
    # The prosecutor reads it, with no button to press.
    read = html_of(client_for(personas.prosecutor).get(_page(extraction)))
    main = read[read.index("<main") : read.index("</main>")]
    assert "Device returned" in main and "govuk-button-group" not in main
    assert AuditEvent.objects.filter(
        action="disclosure.device_extraction_viewed", actor=personas.prosecutor
    ).exists()


def test_a_draft_without_scope_saves_nothing(personas: Personas, case: CaseFile) -> None:
    answer = client_for(personas.officer).post(
        reverse("disclosure:device-create", args=[case.pk]),
        _form_of(case, data_categories=[], date_from=""),
    )
    page = html_of(answer)
    assert "Choose the kinds of data sought: not the whole device" in page
    assert "Enter the date the information sought starts from" in page
    assert not DeviceExtraction.objects.exists()


def test_the_draft_is_changed_on_its_form(personas: Personas, case: CaseFile) -> None:
    extraction = drafted(personas.officer, case)
    officer = client_for(personas.officer)
    url = reverse("disclosure:device-edit", args=[case.pk, extraction.pk])
    assert PHONE.device in html_of(officer.get(url))
    officer.post(url, _form_of(case, device="Samsung Galaxy S22"))
    extraction.refresh_from_db()
    assert extraction.device == "Samsung Galaxy S22"


def test_agreement_without_the_undue_pressure_confirmation_is_refused(
    personas: Personas, case: CaseFile
) -> None:
    extraction = noticed(personas.officer, case)
    answer = client_for(personas.officer).post(
        _step(extraction, "agree"), {"agreed_on": today(), "agreement_confirmation": "email"}
    )
    assert "Confirm that no undue pressure was applied" in html_of(answer)
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.NOTICE_GIVEN


def test_a_refusal_page_says_without_prejudice(personas: Personas, case: CaseFile) -> None:
    extraction = noticed(personas.officer, case)
    officer = client_for(personas.officer)
    assert "without prejudice" in html_of(officer.get(_step(extraction, "refuse")))
    officer.post(_step(extraction, "refuse"), {"refused_on": today()})
    page = html_of(officer.get(_page(extraction)))
    assert rules.WITHOUT_PREJUDICE in page


def test_a_withdrawal_stops_processing_and_marks_for_deletion(
    personas: Personas, case: CaseFile
) -> None:
    extraction = extracted(personas.officer, case)
    officer = client_for(personas.officer)
    officer.post(
        _step(extraction, "withdraw"),
        {"withdrawn_on": today(), "details": "She emailed to withdraw"},
    )
    extraction.refresh_from_db()
    assert extraction.marked_for_deletion == DeletionMark.ALL_EXTRACTED
    page = html_of(officer.get(_page(extraction)))
    assert "nothing further is processed" in page
    assert _step(extraction, "review") not in page
    refused = officer.post(
        _step(extraction, "review"),
        {"reviewed_on": today(), "material_reviewed": "x", "all_reviewed": "yes", "relevant": "no"},
    )
    assert "nothing further is processed" in refusal_of(refused)
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.WITHDRAWN


def test_a_step_out_of_turn_is_refused_and_unknown_steps_are_404(
    personas: Personas, case: CaseFile
) -> None:
    extraction = drafted(personas.officer, case)
    officer = client_for(personas.officer)
    assert officer.get(_step(extraction, "extract")).status_code == 403
    assert officer.get(_step(extraction, "teleport")).status_code == 404
    for step in STEPS:
        expected = 200 if step == "notice" else 403
        assert officer.get(_step(extraction, step)).status_code == expected, step


def test_the_prosecutor_may_read_but_not_act(personas: Personas, case: CaseFile) -> None:
    extraction = agreed(personas.officer, case)
    prosecutor = client_for(personas.prosecutor)
    assert prosecutor.get(_step(extraction, "extract")).status_code == 403
    answer = prosecutor.post(
        _step(extraction, "extract"), {"extracted_on": today(), "material": "x"}
    )
    assert "Only the officers of the case" in refusal_of(answer)
    assert prosecutor.get(reverse("disclosure:device-create", args=[case.pk])).status_code == 403


def test_everyone_outside_need_to_know_gets_404(personas: Personas, case: CaseFile) -> None:
    extraction = agreed(personas.officer, case)
    urls = [
        _page(extraction),
        reverse("disclosure:device-edit", args=[case.pk, extraction.pk]),
        *(_step(extraction, step) for step in STEPS),
    ]
    for user in [*outsiders(personas).values(), personas.supervisor, personas.colleague]:
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            posted = client.post(url, {"extracted_on": today()})
            assert posted.status_code in (404, 405), (user, url)  # the page is GET only
    # The list of a case they may see shows them nothing.
    listed = client_for(personas.supervisor).get(reverse("disclosure:device-list", args=[case.pk]))
    assert "Device extraction " not in html_of(listed)
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.AGREED


def test_the_list_page_costs_the_same_for_one_extraction_as_for_four(
    personas: Personas, case: CaseFile
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    drafted(personas.officer, case)
    officer = client_for(personas.officer)
    url = reverse("disclosure:device-list", args=[case.pk])

    def counted() -> int:
        with CaptureQueriesContext(connection) as context:
            html_of(officer.get(url))
        return len(context.captured_queries)

    counted()  # the session's first use
    one = counted()
    for _ in range(3):
        extracted(personas.officer, case, complainant=None, witness="W1")
    assert counted() == one


def test_each_form_page_shows_in_its_turn(personas: Personas, case: CaseFile) -> None:
    officer = client_for(personas.officer)
    create = html_of(officer.get(reverse("disclosure:device-create", args=[case.pk])))
    assert "Messages" in create and "Internet history" in create  # the fixed list
    assert "s.37" in create
    turns = {
        "notice": drafted(personas.officer, case),
        "agree": noticed(personas.officer, case),
        "refuse": noticed(personas.officer, case),
        "extract": agreed(personas.officer, case),
        "withdraw": agreed(personas.officer, case),
        "review": extracted(personas.officer, case),
    }
    for step, extraction in turns.items():
        page = html_of(officer.get(_step(extraction, step)))
        assert escape(STEPS[step].label) in page, step
    assert "No undue pressure was applied" in html_of(officer.get(_step(turns["agree"], "agree")))
