"""Unused material in the shapes the stories need: a schedule with items,
served; reviewed; sent back; a nil return; and third-party material
received and reviewed for relevance, to be scheduled."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cases.models import CaseFile
from disclosure.requests import services as request_services
from disclosure.requests.models import VictimInformationRequest
from disclosure.schedules import services
from disclosure.schedules.models import Schedule, ScheduleItem, ScheduleKind
from rasso.accounts.models import User
from tests.conftest import Personas
from tests.disclosure.requests.factories import GP, sent

MESSAGES = services.ItemDetails(
    description="Download of the suspect's phone: 412 messages with friends, 1-20 March 2026",
    location="Exhibits store, Maidstone, ref DO/1",
)
CCTV = services.ItemDetails(
    description="CCTV from the Star public house, 14 March 2026, 22:00-23:30",
    location="Digital evidence store",
    may_meet_test=True,
)
INFORMANT = services.ItemDetails(
    description="Intelligence report naming a witness to the events",
    location="Force intelligence bureau",
    sensitivity_reason="It would reveal a covert human intelligence source",
)


def item_details(base: services.ItemDetails = MESSAGES, **changes: Any) -> services.ItemDetails:
    return replace(base, **changes)


def started(officer: User, case: CaseFile, kind: str = ScheduleKind.NON_SENSITIVE) -> Schedule:
    return services.schedule_start(actor=officer, case=case, kind=kind)


def with_items(
    officer: User, case: CaseFile, *details: services.ItemDetails, kind: str = "mg6c"
) -> Schedule:
    schedule = started(officer, case, kind)
    for each in details or (MESSAGES, CCTV):
        services.schedule_item_add(actor=officer, schedule=schedule, details=each)
    return schedule


def served(
    officer: User, case: CaseFile, *details: services.ItemDetails, kind: str = "mg6c"
) -> Schedule:
    return services.schedule_serve(
        actor=officer, schedule=with_items(officer, case, *details, kind=kind)
    )


def sent_back(p: Personas, schedule: Schedule, numbers: list[int] | None = None) -> Schedule:
    return services.schedule_send_back(
        actor=p.prosecutor,
        schedule=schedule,
        item_numbers=numbers or [schedule.items.order_by("number").first().number],  # type: ignore[union-attr]
        reason="Item 1 does not say what the messages are about",
        reply_by=timezone.localdate() + timedelta(days=7),
    )


def numbers_of(schedule: Schedule) -> list[int]:
    return list(
        ScheduleItem.objects.filter(schedule=schedule)
        .order_by("number")
        .values_list("number", flat=True)
    )


RELEVANT = "The GP's note of 2 March 2026 recording bruising to both wrists"


def reviewed(
    p: Personas,
    case: CaseFile,
    *,
    relevant: bool = True,
    base: request_services.RequestDetails = GP,
) -> VictimInformationRequest:
    """A victim information request sent, its material received and reviewed
    for relevance: what was relevant is to be scheduled."""
    request = request_services.request_receive(
        actor=p.officer,
        request=sent(p, case, base),
        received_on=timezone.localdate(),
        material="Two pages of GP notes, 1-14 March 2026",
    )
    return request_services.request_review(
        actor=p.officer,
        request=request,
        relevant=relevant,
        relevant_summary=RELEVANT if relevant else "",
    )
