"""Unused material for ``seed_demo --cases N``.

On 1 in 6 of the ``count`` newest demo cases that are still open (under
investigation, with CPS, or on an action plan) and have an OIC, the
schedules through the services (so checked, audited, on the timeline and
the record sheet as in use), in a mix every role meets:

- the MG6C and the MG6D served, with an MG6E pointing at item numbers and a
  DMD sent to the prosecutor, awaiting their agreement;
- the same, each item reviewed by the prosecutor and the DMD agreed;
- the MG6C sent back as insufficient, an item needing more description
  (a re-serve deadline owed by the OIC);
- the MG6D a signed nil return.

The prosecutor's part needs the prosecutor on the case
(``is_case_prosecutor``): without one the schedules wait for them, counted
as served. At most ``LIMIT`` cases a run, the services being slower than the
bulk seeders. Text names people by pseudonym only (C1, S1).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import CaseFile, CaseStatus
from disclosure.requests.rules import is_case_prosecutor
from disclosure.schedules import services
from disclosure.schedules.models import ReviewDecision, Schedule, ScheduleKind
from disclosure.schedules.services import DmdDetails, ItemDetails
from rasso.core.errors import DomainError

SHARE = 6  # one case in SHARE
LIMIT = 30
OPEN = (CaseStatus.INVESTIGATION, CaseStatus.WITH_CPS, CaseStatus.ACTION_PLAN)

NON_SENSITIVE = (
    ItemDetails(
        description="CCTV from the bus station, 21:00-23:00 on the night of the offence",
        location="Force digital evidence store, exhibit ref CCTV/01",
        may_meet_test=True,
    ),
    ItemDetails(
        description="Call log download from S1's phone, the week of the offence",
        location="Digital forensics unit, case folder",
    ),
    ItemDetails(
        description="Notes of house-to-house enquiries on C1's street: nobody saw anything",
        location="Investigation file, section 4",
    ),
    ItemDetails(
        description="Routine messages between officers arranging the ABE interview",
        location="Force e-mail archive",
        generic=True,
    ),
    ItemDetails(
        description="Taxi firm booking record for the journey home",
        location="Investigation file, section 6",
    ),
)
SENSITIVE = (
    ItemDetails(
        description="Intelligence report naming a third party seen with S1 that night",
        location="Force intelligence bureau",
        sensitivity_reason="Would reveal a source of intelligence",
    ),
    ItemDetails(
        description="C1's home address and the safeguarding referral",
        location="Public protection unit",
        sensitivity_reason="Would reveal where C1 lives",
    ),
)
DMD = DmdDetails(
    lines_of_enquiry="C1's account; S1's account of consent; the journey home (CCTV, taxi)",
    digital_strategy="S1's phone: call logs and messages with C1 for the week of the offence. "
    "C1's phone: messages with S1 only, by her agreement",
    examined="The bus station CCTV viewed in full; the call log download searched by "
    "the numbers of C1 and S1",
)
NIL_RETURN = "Searched the investigation file and the force systems: no sensitive material."
STORIES = ("served", "reviewed", "sent_back", "nil_return")


def seed_schedules(count: int) -> str:
    started = time.monotonic()
    added: Counter[str] = Counter()
    cases = list(
        CaseFile.objects.filter(status__in=OPEN, oic__isnull=False)
        # The schedule's case has no reverse name: the cases with one, by id.
        .exclude(pk__in=Schedule.objects.values("case_id"))
        .select_related("force", "cps_area", "oic", "prosecutor")
        .order_by("-id")[: max(count, 0)]
    )
    rng = random.Random(cases[0].pk if cases else 0)  # noqa: S311 (invented data)
    chosen = cases[::SHARE][:LIMIT]
    for number, case in enumerate(chosen):
        try:
            with transaction.atomic():
                outcome = _seed(case, STORIES[number % len(STORIES)], rng)
        except DomainError:  # a case the demo left in a state the story cannot use
            added["skipped"] += 1
            continue
        added[outcome] += 1
    summary = (
        ", ".join(f"{n} {outcome.replace('_', ' ')}" for outcome, n in added.items() if n)
        or "nothing"
    )
    return f"Unused material schedules: added {summary} in {time.monotonic() - started:.1f}s"


def _seed(case: CaseFile, story: str, rng: random.Random) -> str:
    """The schedules of one case, told as ``story``; what it came to."""
    officer = case.oic
    mg6c = services.schedule_start(actor=officer, case=case, kind=ScheduleKind.NON_SENSITIVE)
    items = [
        services.schedule_item_add(actor=officer, schedule=mg6c, details=details)
        for details in rng.sample(NON_SENSITIVE, 3)
    ]
    mg6c = services.schedule_serve(actor=officer, schedule=mg6c)
    mg6d = services.schedule_start(actor=officer, case=case, kind=ScheduleKind.SENSITIVE)
    if story == "nil_return":
        mg6d = services.schedule_nil_return(actor=officer, schedule=mg6d, statement=NIL_RETURN)
    else:
        for details in SENSITIVE[: rng.randint(1, len(SENSITIVE))]:
            services.schedule_item_add(actor=officer, schedule=mg6d, details=details)
        mg6d = services.schedule_serve(actor=officer, schedule=mg6d)
    report = services.report_start(actor=officer, case=case)
    services.report_entry_add(
        actor=officer,
        report=report,
        item_numbers=[items[0].number],
        why="It may show C1 and S1 leaving together, which S1 says happened",
    )
    services.report_serve(actor=officer, report=report)
    if story == "nil_return":
        return story
    dmd = services.dmd_start(actor=officer, case=case, details=DMD)
    dmd = services.dmd_serve(actor=officer, dmd=dmd)
    prosecutor = case.prosecutor
    if story == "served" or prosecutor is None or not is_case_prosecutor(prosecutor, case):
        return "served"  # awaiting the prosecutor
    if story == "sent_back":
        services.item_review(
            actor=prosecutor,
            schedule=mg6c,
            number=items[1].number,
            decision=ReviewDecision.MORE_DESCRIPTION,
            reasons="Say whose messages these are and what period they cover",
        )
        services.schedule_send_back(
            actor=prosecutor,
            schedule=mg6c,
            item_numbers=[items[1].number],
            reason="Item too vaguely described to judge against the test",
            reply_by=timezone.localdate() + timedelta(days=14),
        )
        return story
    for item in items:
        services.item_review(
            actor=prosecutor,
            schedule=mg6c,
            number=item.number,
            decision=ReviewDecision.DISCLOSE
            if item.may_meet_test
            else ReviewDecision.NOT_DISCLOSABLE,
            reasons="Considered against the account of S1 in interview",
        )
    services.dmd_agree(actor=prosecutor, dmd=dmd, comments="Agreed: add C1's taxi booking")
    return story
