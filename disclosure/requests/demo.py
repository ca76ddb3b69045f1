"""Victim information requests for ``seed_demo --cases N``.

On 1 in 8 of the ``count`` newest demo cases that are still open
(under investigation, with CPS, or on an action plan) and have a complainant,
a request through the services (so checked and audited as in
use), in a mix every role meets:

- to a GP, agreed by the case's prosecutor, the complainant told, sent, and
  on some the material received and reviewed;
- for counselling records, awaiting the force supervisor's approval;
- resting on credibility, flagged and awaiting a supervisor's override;
- withdrawn, with its reason.

A request needs the prosecutor on the case for CPS's part: without one it
waits for CPS. At most ``LIMIT`` requests a run, the services being slower
than the bulk seeders.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import CaseFile, CaseStatus
from disclosure.requests import services
from disclosure.requests.models import CpsDecision, HolderKind, VictimInformationRequest
from disclosure.requests.services import RequestDetails
from rasso.core.errors import DomainError
from victims.models import Channel

SHARE = 8  # one case in SHARE
LIMIT = 40
OPEN = (CaseStatus.INVESTIGATION, CaseStatus.WITH_CPS, CaseStatus.ACTION_PLAN)

GP = RequestDetails(
    holder_kind=HolderKind.GP_MEDICAL,
    holder_name="The complainant's GP surgery",
    information_sought="The note of the consultation the week after the offence, about injuries",
    date_from=None,
    date_to=None,
    line_of_enquiry="Whether injuries consistent with C1's account were recorded",
    issue_in_case="Consent: S1 says the contact was consensual",
    holder_has_it="C1 told the ABE interviewer she saw her GP that week",
    relevance="A record of injuries bears on whether force was used",
    necessity="One week of notes only; no other record of the injuries exists",
    less_intrusive_means="Asked C1 for photographs of the injuries: none were taken",
)
COUNSELLING = replace(
    GP,
    holder_kind=HolderKind.COUNSELLING,
    holder_name="The counselling service C1 attends",
    information_sought="Any first account of the offence given at the first session",
    probative_value="A first account given days after would be evidence of recent complaint",
)
CREDIBILITY = replace(
    GP,
    line_of_enquiry="C1's credibility as a witness",
    relevance="Previous allegations go to the reliability of her account",
)
STORIES = ("agreed", "counselling", "credibility", "withdrawn")


def seed_requests(count: int) -> str:
    started = time.monotonic()
    added: Counter[str] = Counter()
    cases = list(
        CaseFile.objects.filter(status__in=OPEN, complainants__isnull=False)
        .exclude(victim_information_requests__isnull=False)
        .select_related("force", "oic", "prosecutor")
        .distinct()
        .order_by("-id")[: max(count, 0)]
    )
    rng = random.Random(cases[0].pk if cases else 0)  # noqa: S311 (invented data)
    chosen = cases[::SHARE][:LIMIT]
    for number, case in enumerate(chosen):
        story = STORIES[number % len(STORIES)]
        try:
            with transaction.atomic():
                _seed(case, story, rng)
        except DomainError:  # a case the demo left in a state the story cannot use
            added["skipped"] += 1
            continue
        added[story] += 1
    summary = ", ".join(f"{n} {story}" for story, n in added.items() if n) or "nothing"
    return f"Victim information requests: added {summary} in {time.monotonic() - started:.1f}s"


def _seed(case: CaseFile, story: str, rng: random.Random) -> VictimInformationRequest:
    officer = case.oic
    reported = case.reported_on or timezone.localdate() - timedelta(days=60)
    base = {"counselling": COUNSELLING, "credibility": CREDIBILITY}.get(story, GP)
    details = replace(
        base, date_from=reported - timedelta(days=7), date_to=reported + timedelta(days=7)
    )
    if details.date_to and details.date_to > timezone.localdate():
        details = replace(details, date_to=timezone.localdate())
    request = services.request_create(
        actor=officer,
        case=case,
        complainant=case.complainants.order_by("id")[0],
        details=details,
    )
    request = services.request_submit(actor=officer, request=request)
    if story in ("counselling", "credibility"):
        return request  # awaiting the supervisor
    if story == "withdrawn":
        return services.request_withdraw(
            actor=officer, request=request, reason="C1's own photographs were found after all"
        )
    prosecutor = case.prosecutor
    if prosecutor is None:
        return request  # awaiting CPS: no prosecutor on the case yet
    request = services.request_cps_decide(
        actor=prosecutor, request=request, decision=CpsDecision.AGREED
    )
    now = timezone.now()
    request = services.request_notice_give(
        actor=officer,
        request=request,
        given_at=now - timedelta(hours=2),
        channel=Channel.LETTER,
        summary="Wrote to C1: what is sought from her GP, why, and how it will be handled.",
    )
    today = timezone.localdate()
    request = services.request_send(
        actor=officer, request=request, sent_on=today, reply_by=today + timedelta(days=28)
    )
    if rng.random() < 0.5:
        request = services.request_receive(
            actor=officer, request=request, received_on=today, material="The consultation note"
        )
        request = services.request_review(
            actor=officer,
            request=request,
            relevant=True,
            relevant_summary="Bruising to both wrists recorded",
        )
    return request
