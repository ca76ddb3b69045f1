"""Device extractions in the shapes the stories need: C1's phone for the
messages with the suspect; drafted, noticed, agreed, extracted, reviewed."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from cases.models import CaseFile
from disclosure.devices import services
from disclosure.devices.models import DataCategory, DeviceExtraction, WrittenConfirmation
from rasso.accounts.models import User
from tests.disclosure.requests.factories import complainant_of

PHONE = services.ExtractionDetails(
    complainant=None,  # C1 of the case, filled in by ``details``
    witness="",
    device="iPhone 13, black case",
    purpose="To see the messages the suspect sent her before and after the night",
    line_of_enquiry="Whether the suspect's messages show he knew she did not consent",
    necessity="Two weeks of messages with one contact only; nothing else is looked at",
    less_intrusive_means="Screenshots: she sent some, but they show neither date nor sender",
    date_from=date(2026, 3, 1),
    date_to=date(2026, 3, 14),
    data_categories=[DataCategory.MESSAGES, DataCategory.SOCIAL_MEDIA],
    applications="WhatsApp, the conversation with the suspect",
)


def details(case: CaseFile, **changes: Any) -> services.ExtractionDetails:
    base = replace(PHONE, complainant=complainant_of(case))
    return replace(base, **changes)


_drafts = itertools.count(1)


def drafted(officer: User, case: CaseFile, **changes: Any) -> DeviceExtraction:
    # Each a different draft by default: the same one drafted again at once
    # is taken for a double click and not saved twice.
    changes.setdefault("applications", f"{PHONE.applications} (draft {next(_drafts)})")
    return services.extraction_create(actor=officer, case=case, details=details(case, **changes))


def noticed(officer: User, case: CaseFile, **changes: Any) -> DeviceExtraction:
    return services.extraction_notice_give(
        actor=officer,
        extraction=drafted(officer, case, **changes),
        given_on=timezone.localdate(),
        in_writing=True,
    )


def agreed(officer: User, case: CaseFile, **changes: Any) -> DeviceExtraction:
    return services.extraction_agree(
        actor=officer,
        extraction=noticed(officer, case, **changes),
        agreed_on=timezone.localdate(),
        agreement_confirmation=WrittenConfirmation.SIGNED_FORM,
        no_undue_pressure=True,
    )


def extracted(officer: User, case: CaseFile, **changes: Any) -> DeviceExtraction:
    return services.extraction_extract(
        actor=officer,
        extraction=agreed(officer, case, **changes),
        extracted_on=timezone.localdate(),
        material="1,240 WhatsApp messages with one contact, 1-14 March 2026",
    )


def reviewed(
    officer: User, case: CaseFile, *, all_reviewed: bool = True, **changes: Any
) -> DeviceExtraction:
    return services.extraction_review(
        actor=officer,
        extraction=extracted(officer, case, **changes),
        reviewed_on=timezone.localdate(),
        material_reviewed="The messages of 7 and 8 March",
        all_reviewed=all_reviewed,
        relevant=True,
        relevant_summary="Three messages of 8 March in which he apologises",
    )


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)
