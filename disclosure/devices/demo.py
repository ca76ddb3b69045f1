"""Device extractions for ``seed_demo --cases N``.

On 1 in 8 of the ``count`` newest demo cases that are still open (under
investigation, with CPS, or on an action plan), have an OIC and a
complainant, an extraction through the services (so checked and audited as
in use), in a mix every role meets:

- agreed in writing, extracted, reviewed and the device returned;
- the written notice given, awaiting the user's answer;
- refused by the user (recorded without prejudice to the case);
- agreement withdrawn: on some after the extraction, whose material is then
  marked for deletion, on others before anything was extracted.

Some devices are a witness's (W1). At most ``LIMIT`` extractions a run, the
services being slower than the bulk seeders.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import CaseFile, CaseStatus
from disclosure.devices import services
from disclosure.devices.models import DataCategory, DeviceExtraction, WrittenConfirmation
from disclosure.devices.services import ExtractionDetails
from rasso.accounts.models import User
from rasso.core.errors import DomainError

SHARE = 8  # one case in SHARE
LIMIT = 30
OPEN = (CaseStatus.INVESTIGATION, CaseStatus.WITH_CPS, CaseStatus.ACTION_PLAN)
STORIES = ("returned", "notice_given", "refused", "withdrawn")


def seed_extractions(count: int) -> str:
    started = time.monotonic()
    added: Counter[str] = Counter()
    cases = list(
        CaseFile.objects.filter(status__in=OPEN, oic__isnull=False, complainants__isnull=False)
        .exclude(device_extractions__isnull=False)
        .select_related("force", "cps_area", "oic")
        .distinct()
        .order_by("-id")[: max(count, 0)]
    )
    rng = random.Random(cases[0].pk if cases else 0)  # noqa: S311 (invented data)
    chosen = cases[::SHARE][:LIMIT]
    for number, case in enumerate(chosen):
        story = STORIES[number % len(STORIES)]
        # Every other withdrawal comes after the extraction (material to delete).
        after_extraction = (number // len(STORIES)) % 2 == 0
        try:
            with transaction.atomic():
                _seed(case, story, rng, after_extraction=after_extraction)
        except DomainError:  # a case the demo left in a state the story cannot use
            added["skipped"] += 1
            continue
        added[story] += 1
    summary = (
        ", ".join(f"{n} {story.replace('_', ' ')}" for story, n in added.items() if n) or "nothing"
    )
    return f"Device extractions: added {summary} in {time.monotonic() - started:.1f}s"


def _seed(
    case: CaseFile, story: str, rng: random.Random, *, after_extraction: bool
) -> DeviceExtraction:
    officer = case.oic
    today = timezone.localdate()
    reported = case.reported_on or today - timedelta(days=60)
    witness = rng.random() < 0.25
    details = ExtractionDetails(
        complainant=None if witness else case.complainants.order_by("id")[0],
        witness="W1" if witness else "",
        device="Mobile phone (Android)",
        purpose="To find the messages with S1 arranging to meet on the night",
        line_of_enquiry="Whether S1 and the device's user arranged to meet, as S1 says",
        necessity="The messages are not on S1's phone, which he says he reset",
        less_intrusive_means="Screenshots offered by the user: they had no dates",
        date_from=min(reported - timedelta(days=7), today),
        date_to=min(reported + timedelta(days=1), today),
        data_categories=[DataCategory.MESSAGES, DataCategory.CALL_LOGS],
        applications="WhatsApp",
    )
    extraction = services.extraction_create(actor=officer, case=case, details=details)
    extraction = services.extraction_notice_give(
        actor=officer, extraction=extraction, given_on=today, in_writing=True
    )
    if story == "notice_given":
        return extraction  # awaiting the user's answer
    if story == "refused":
        return services.extraction_refuse(actor=officer, extraction=extraction, refused_on=today)
    extraction = services.extraction_agree(
        actor=officer,
        extraction=extraction,
        agreed_on=today,
        agreement_confirmation=WrittenConfirmation.SIGNED_FORM,
        no_undue_pressure=True,
    )
    if story == "withdrawn" and not after_extraction:
        return _withdraw(officer, extraction, today)
    extraction = services.extraction_extract(
        actor=officer,
        extraction=extraction,
        extracted_on=today,
        material="WhatsApp messages and call log for the dates agreed",
    )
    if story == "withdrawn":
        return _withdraw(officer, extraction, today)  # all of it marked for deletion
    extraction = services.extraction_review(
        actor=officer,
        extraction=extraction,
        reviewed_on=today,
        material_reviewed="All the messages with S1 in the dates agreed",
        all_reviewed=True,
        relevant=True,
        relevant_summary="A message from S1 asking to meet at the bus station at 21:30",
    )
    return services.extraction_return(actor=officer, extraction=extraction, returned_on=today)


def _withdraw(officer: User, extraction: DeviceExtraction, today: date) -> DeviceExtraction:
    return services.extraction_withdraw(
        actor=officer,
        extraction=extraction,
        withdrawn_on=today,
        details="The user phoned the OIC to say she no longer agrees",
    )
