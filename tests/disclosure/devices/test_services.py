"""A device extraction from draft to the device's return: the written notice,
the user's agreement (or refusal, without prejudice), the extraction, its
review; a withdrawal that stops everything and marks what was not reviewed
for deletion. Each step checked and recorded, nothing half-written, nothing
applied twice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import CaseEvent, CaseFile
from disclosure.devices import rules, services
from disclosure.devices.models import (
    DataCategory,
    DeletionMark,
    DeviceExtraction,
    ExtractionStatus,
    WrittenConfirmation,
)
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError, Forbidden
from tests.cases.factories import complete_case
from tests.conftest import Personas
from tests.disclosure.devices.factories import (
    agreed,
    details,
    drafted,
    extracted,
    noticed,
    reviewed,
)
from tests.disclosure.requests.factories import complainant_of

pytestmark = pytest.mark.django_db


def device_events(case: CaseFile) -> list[str]:
    """What happened to the case's extractions, as the audit log has it."""
    return [
        action.removeprefix("disclosure.")
        for action in AuditEvent.objects.filter(
            object_type="disclosure.deviceextraction", detail__case=case.pk
        )
        .exclude(action="disclosure.device_extraction_viewed")
        .order_by("id")
        .values_list("action", flat=True)
    ]


def on_the_timeline(case: CaseFile) -> list[str]:
    """What the case timeline, read by everyone who sees the case, says of
    extractions: nothing (an extraction is as restricted as the identity)."""
    return list(
        CaseEvent.objects.filter(case=case)
        .filter(Q(kind__startswith="device_extraction_") | Q(description__icontains="device"))
        .values_list("description", flat=True)
    )


def device_audit() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="disclosure.deviceextraction").order_by("id"))


def today() -> date:
    return timezone.localdate()


# -- the draft -------------------------------------------------------------------


def test_a_draft_records_whose_device_why_and_the_scope(personas: Personas, case: CaseFile) -> None:
    extraction = drafted(personas.officer, case)

    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.DRAFT
    assert extraction.complainant == complainant_of(case)
    assert extraction.owner == "C1"
    assert extraction.data_categories == [DataCategory.MESSAGES, DataCategory.SOCIAL_MEDIA]
    assert (extraction.date_from, extraction.date_to) == (date(2026, 3, 1), date(2026, 3, 14))
    assert extraction.created_by == personas.officer
    (audit,) = device_audit()
    assert audit.action == "disclosure.device_extraction_drafted"
    assert audit.detail["owner"] == "C1"
    assert on_the_timeline(case) == []
    assert "Jane" not in str(audit.detail)


def test_a_witness_device_is_recorded_by_pseudonym(personas: Personas, case: CaseFile) -> None:
    extraction = drafted(personas.officer, case, complainant=None, witness=" w2 ")
    assert (extraction.witness, extraction.owner, extraction.complainant_id) == ("W2", "W2", None)


# Each field left out or wrong, and what the officer reads against it.
MISSING = [
    ("data_categories", [], "Choose the kinds of data sought: not the whole device"),
    ("data_categories", ["everything"], "Choose the kinds of data sought from the list"),
    ("date_from", None, "Enter the date the information sought starts from"),
    ("date_to", None, "Enter the date the information sought runs to"),
    ("date_to", date(2026, 2, 1), "must end on or after the day it starts"),
    ("date_to", date(2099, 1, 1), "cannot run past today"),
    ("device", " ", "Describe the device"),
    ("purpose", "", "Say what the extraction is for"),
    ("line_of_enquiry", "", "Say which reasonable line of enquiry the extraction serves"),
    ("necessity", "", "Say why the extraction is necessary and proportionate"),
    ("less_intrusive_means", "", "Say what less intrusive means were considered"),
    ("complainant", None, "Choose whose device it is"),
    ("witness", "W1", "Choose a complainant or name a witness, not both"),
]


@pytest.mark.parametrize(("field", "value", "message"), MISSING)
def test_an_incomplete_request_is_refused_and_nothing_saved(
    personas: Personas, case: CaseFile, field: str, value: Any, message: str
) -> None:
    audited = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refusal:
        drafted(personas.officer, case, **{field: value})

    assert not isinstance(refusal.value, Forbidden)  # bad input, not a refusal
    assert set(refusal.value.problems) == {field}
    assert message in refusal.value.problems[field]
    assert not DeviceExtraction.objects.exists()
    assert device_events(case) == []
    assert AuditEvent.objects.count() == audited


def test_no_scope_at_all_is_told_at_once(personas: Personas, case: CaseFile) -> None:
    with pytest.raises(DomainError) as refusal:
        drafted(personas.officer, case, date_from=None, date_to=None, data_categories=[])
    assert set(refusal.value.problems) == {"date_from", "date_to", "data_categories"}
    assert not DeviceExtraction.objects.exists()


def test_other_data_says_what(personas: Personas, case: CaseFile) -> None:
    with pytest.raises(DomainError) as refusal:
        drafted(personas.officer, case, data_categories=[DataCategory.OTHER])
    assert refusal.value.problems == {"categories_other": "Say what other data is sought"}
    made = drafted(
        personas.officer,
        case,
        data_categories=[DataCategory.OTHER, DataCategory.MESSAGES],
        categories_other="Health app: steps on 8 March",
    )
    assert made.data_categories == [DataCategory.MESSAGES, DataCategory.OTHER]


def test_a_witness_is_named_by_pseudonym_and_a_complainant_of_the_case(
    personas: Personas, case: CaseFile
) -> None:
    with pytest.raises(DomainError) as refusal:
        drafted(personas.officer, case, complainant=None, witness="Bob")
    assert refusal.value.problems == {
        "witness": "Name the witness by their pseudonym on the case, like W1"
    }
    other = complainant_of(complete_case(personas.officer))
    with pytest.raises(DomainError) as refusal:
        drafted(personas.officer, case, complainant=other)
    assert refusal.value.problems == {"complainant": "Choose a complainant of this case"}
    assert not DeviceExtraction.objects.exists()


def test_a_closed_case_examines_no_device(personas: Personas, case: CaseFile) -> None:
    CaseFile.objects.filter(pk=case.pk).update(status="police_nfa")
    with pytest.raises(Forbidden, match="The case is closed"):
        drafted(personas.officer, case)


def test_a_draft_changes_until_notice_is_given(personas: Personas, case: CaseFile) -> None:
    extraction = drafted(personas.officer, case)
    changed = services.extraction_update(
        actor=personas.officer,
        extraction=extraction,
        details=details(case, data_categories=[DataCategory.MESSAGES]),
    )
    assert changed.data_categories == [DataCategory.MESSAGES]
    assert device_events(case)[-1] == "device_extraction_changed"
    # The same again changes nothing and records nothing.
    services.extraction_update(
        actor=personas.officer,
        extraction=extraction,
        details=details(case, data_categories=[DataCategory.MESSAGES]),
    )
    assert device_events(case).count("device_extraction_changed") == 1

    noticed_ = services.extraction_notice_give(
        actor=personas.officer, extraction=extraction, given_on=today(), in_writing=True
    )
    with pytest.raises(Forbidden, match="only a draft can be changed"):
        services.extraction_update(
            actor=personas.officer, extraction=noticed_, details=details(case)
        )


# -- the notice and the answer ----------------------------------------------------


def test_the_notice_records_its_date_and_the_version_of_its_wording(
    personas: Personas, case: CaseFile
) -> None:
    extraction = noticed(personas.officer, case)
    assert extraction.status == ExtractionStatus.NOTICE_GIVEN
    assert extraction.notice_given_on == today()
    assert extraction.notice_version == rules.NOTICE_VERSION
    # The wording says what the law asks it to.
    assert "You may refuse" in rules.NOTICE_TEXT
    assert "will not, on its own, end the investigation" in rules.NOTICE_TEXT
    assert "kept securely" in rules.NOTICE_TEXT


def test_the_notice_is_confirmed_as_given_in_writing(personas: Personas, case: CaseFile) -> None:
    extraction = drafted(personas.officer, case)
    with pytest.raises(DomainError) as refusal:
        services.extraction_notice_give(
            actor=personas.officer, extraction=extraction, given_on=None, in_writing=False
        )
    assert set(refusal.value.problems) == {"given_on", "in_writing"}
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.DRAFT


def _agree(personas: Personas, extraction: DeviceExtraction, **changes: Any) -> DeviceExtraction:
    given: dict[str, Any] = {
        "agreed_on": today(),
        "agreement_confirmation": WrittenConfirmation.SIGNED_FORM,
        "no_undue_pressure": True,
        **changes,
    }
    return services.extraction_agree(actor=personas.officer, extraction=extraction, **given)


def test_agreement_records_when_how_and_that_no_undue_pressure_was_applied(
    personas: Personas, case: CaseFile
) -> None:
    extraction = _agree(personas, noticed(personas.officer, case))
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.AGREED
    assert extraction.agreed_on == today()
    assert extraction.agreement_confirmation == WrittenConfirmation.SIGNED_FORM
    assert extraction.no_undue_pressure is True
    assert extraction.agreement_recorded_by == personas.officer


def test_agreement_without_the_undue_pressure_confirmation_is_refused(
    personas: Personas, case: CaseFile
) -> None:
    extraction = noticed(personas.officer, case)
    with pytest.raises(DomainError) as refusal:
        _agree(personas, extraction, no_undue_pressure=False)
    assert refusal.value.problems == {
        "no_undue_pressure": "Confirm that no undue pressure was applied to the user to agree"
    }
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.NOTICE_GIVEN
    assert extraction.agreed_on is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"agreed_on": None}, "agreed_on"),
        ({"agreed_on": date(2099, 1, 1)}, "agreed_on"),
        ({"agreement_confirmation": "verbal"}, "agreement_confirmation"),
        (
            {"agreement_confirmation": WrittenConfirmation.OTHER, "agreement_details": ""},
            "agreement_details",
        ),
    ],
)
def test_agreement_is_confirmed_in_writing_on_a_real_day(
    personas: Personas, case: CaseFile, changes: dict[str, Any], field: str
) -> None:
    extraction = noticed(personas.officer, case)
    with pytest.raises(DomainError) as refusal:
        _agree(personas, extraction, **changes)
    assert set(refusal.value.problems) == {field}


def test_agreement_before_the_notice_is_refused(personas: Personas, case: CaseFile) -> None:
    extraction = drafted(personas.officer, case)
    with pytest.raises(Forbidden, match="Give the user the written notice"):
        _agree(personas, extraction)


def test_no_extraction_starts_without_agreement(personas: Personas, case: CaseFile) -> None:
    for extraction in (drafted(personas.officer, case), noticed(personas.officer, case)):
        with pytest.raises(Forbidden, match="No extraction may start without the user's agreement"):
            services.extraction_extract(
                actor=personas.officer, extraction=extraction, extracted_on=today(), material="x"
            )
        extraction.refresh_from_db()
        assert extraction.extracted_on is None


def test_the_database_refuses_an_extraction_without_agreement(
    personas: Personas, case: CaseFile
) -> None:
    extraction = noticed(personas.officer, case)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeviceExtraction.objects.filter(pk=extraction.pk).update(status=ExtractionStatus.EXTRACTED)


def test_a_refusal_is_recorded_without_prejudice_and_nothing_is_extracted(
    personas: Personas, case: CaseFile
) -> None:
    extraction = services.extraction_refuse(
        actor=personas.officer, extraction=noticed(personas.officer, case), refused_on=today()
    )
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.REFUSED
    assert extraction.refusal_statement == rules.WITHOUT_PREJUDICE
    assert "without prejudice" in extraction.refusal_statement
    assert "does not end the investigation" in extraction.refusal_statement
    (audit,) = [a for a in device_audit() if a.action == "disclosure.device_extraction_refused"]
    assert "without prejudice to the case" in audit.detail["what"]
    # The case goes on as it was.
    case.refresh_from_db()
    assert case.status == "investigation"
    with pytest.raises(Forbidden, match="The user refused: nothing is extracted"):
        services.extraction_extract(
            actor=personas.officer, extraction=extraction, extracted_on=today(), material="x"
        )
    returned = services.extraction_return(
        actor=personas.officer, extraction=extraction, returned_on=today()
    )
    assert returned.status == ExtractionStatus.RETURNED


# -- the results --------------------------------------------------------------------


def test_from_agreement_to_the_devices_return(personas: Personas, case: CaseFile) -> None:
    extraction = reviewed(personas.officer, case)
    assert extraction.status == ExtractionStatus.REVIEWED
    assert extraction.relevant is True and extraction.all_reviewed is True
    returned = services.extraction_return(
        actor=personas.officer, extraction=extraction, returned_on=today()
    )
    assert returned.status == ExtractionStatus.RETURNED
    assert returned.returned_on == today()
    assert device_events(case) == [
        "device_extraction_drafted",
        "device_extraction_notice_given",
        "device_extraction_agreed",
        "device_extraction_extracted",
        "device_extraction_reviewed",
        "device_extraction_returned",
    ]
    assert on_the_timeline(case) == []
    for audit in device_audit():
        assert "Jane" not in str(audit.detail)
        assert "WhatsApp" not in str(audit.detail)  # no free text


def test_a_review_says_what_was_reviewed_and_what_was_relevant(
    personas: Personas, case: CaseFile
) -> None:
    extraction = extracted(personas.officer, case)
    with pytest.raises(DomainError) as refusal:
        services.extraction_review(
            actor=personas.officer,
            extraction=extraction,
            reviewed_on=today(),
            material_reviewed="",
            all_reviewed=None,
            relevant=True,
            relevant_summary="",
        )
    assert set(refusal.value.problems) == {"material_reviewed", "all_reviewed", "relevant_summary"}


def test_a_step_cannot_be_dated_before_the_one_it_follows(
    personas: Personas, case: CaseFile
) -> None:
    extraction = agreed(personas.officer, case)
    with pytest.raises(DomainError) as refusal:
        services.extraction_extract(
            actor=personas.officer,
            extraction=extraction,
            extracted_on=today() - timedelta(days=1),
            material="Messages",
        )
    assert refusal.value.problems == {
        "extracted_on": "The date the information was extracted cannot be before the user agreed"
    }


# -- withdrawal -----------------------------------------------------------------------


def _withdraw(personas: Personas, extraction: DeviceExtraction) -> DeviceExtraction:
    return services.extraction_withdraw(
        actor=personas.officer,
        extraction=extraction,
        withdrawn_on=today(),
        details="She rang to say she no longer agrees",
    )


@pytest.mark.parametrize(
    ("made", "mark"),
    [
        (agreed, DeletionMark.NONE),  # nothing extracted yet
        (extracted, DeletionMark.ALL_EXTRACTED),
        (lambda o, c: reviewed(o, c, all_reviewed=False), DeletionMark.UNREVIEWED),
        (reviewed, DeletionMark.NONE),  # all of it reviewed: nothing unreviewed left
    ],
)
def test_withdrawal_marks_what_was_extracted_but_not_reviewed_for_deletion(
    personas: Personas, case: CaseFile, made: Any, mark: str
) -> None:
    extraction = _withdraw(personas, made(personas.officer, case))
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.WITHDRAWN
    assert extraction.marked_for_deletion == mark
    assert (extraction.marked_for_deletion_at is not None) == bool(mark)
    (audit,) = [a for a in device_audit() if a.action == "disclosure.device_extraction_withdrawn"]
    assert audit.detail["marked_for_deletion"] == mark


def test_after_withdrawal_nothing_further_is_processed(personas: Personas, case: CaseFile) -> None:
    extraction = _withdraw(personas, extracted(personas.officer, case))
    processing: list[Any] = [
        lambda: services.extraction_review(
            actor=personas.officer,
            extraction=extraction,
            reviewed_on=today(),
            material_reviewed="x",
            all_reviewed=True,
            relevant=False,
        ),
        lambda: services.extraction_extract(
            actor=personas.officer, extraction=extraction, extracted_on=today(), material="x"
        ),
        lambda: _agree(personas, extraction),
        lambda: _withdraw(personas, extraction),
    ]
    for step in processing:
        with pytest.raises(Forbidden, match="withdrawn"):
            step()
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.WITHDRAWN
    assert extraction.reviewed_on is None
    # The device still goes back.
    returned = services.extraction_return(
        actor=personas.officer, extraction=extraction, returned_on=today()
    )
    assert returned.status == ExtractionStatus.RETURNED
    assert returned.marked_for_deletion == DeletionMark.ALL_EXTRACTED


def test_a_withdrawal_says_when_and_how(personas: Personas, case: CaseFile) -> None:
    extraction = agreed(personas.officer, case)
    with pytest.raises(DomainError) as refusal:
        services.extraction_withdraw(
            actor=personas.officer, extraction=extraction, withdrawn_on=None, details=""
        )
    assert set(refusal.value.problems) == {"withdrawn_on", "details"}
    extraction.refresh_from_db()
    assert extraction.status == ExtractionStatus.AGREED


def test_a_double_click_applies_once(personas: Personas, case: CaseFile) -> None:
    extraction = noticed(personas.officer, case)
    _agree(personas, extraction)
    with pytest.raises(Forbidden):
        _agree(personas, extraction)  # the stale object: the lock reads it anew
    assert device_events(case).count("device_extraction_agreed") == 1
