"""Victim information requests in the shapes the stories need: a sound GP
request, a counselling one, one resting on credibility; drafted, agreed, sent."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from cases.models import CaseFile
from disclosure.requests import services
from disclosure.requests.models import CpsDecision, HolderKind, VictimInformationRequest
from rasso.accounts.models import User
from tests.charging.factories import allocated, ask
from tests.conftest import Personas
from victims.models import Channel, Complainant

HOLDER_NAME = "Riverside Surgery, Maidstone"

GP = services.RequestDetails(
    holder_kind=HolderKind.GP_MEDICAL,
    holder_name=HOLDER_NAME,
    information_sought="The notes of the consultation on 2 March 2026 about injuries",
    date_from=date(2026, 3, 1),
    date_to=date(2026, 3, 14),
    line_of_enquiry="Whether injuries consistent with the account were recorded the next day",
    issue_in_case="Consent: the suspect says the contact was consensual",
    holder_has_it="She told the ABE interviewer she saw her GP on 2 March",
    relevance="A record of injuries the day after bears on whether force was used",
    necessity="Two weeks of notes only; no other record of the injuries exists",
    less_intrusive_means="Asked her for photographs of the injuries: none were taken",
)

COUNSELLING = replace(
    GP,
    holder_kind=HolderKind.COUNSELLING,
    holder_name="Safe Space Counselling",
    information_sought="Any first account of the offence given at the session of 5 March 2026",
    probative_value="A first account given two days after would be evidence of recent complaint",
)

# A rationale resting on credibility: the line of enquiry itself is about it.
CREDIBILITY = replace(
    GP,
    line_of_enquiry="Her credibility as a witness",
    relevance="Previous allegations and her mental health go to the reliability of her account",
)


def details(base: services.RequestDetails = GP, **changes: Any) -> services.RequestDetails:
    return replace(base, **changes)


def complainant_of(case: CaseFile) -> Complainant:
    return case.complainants.order_by("id").first()  # type: ignore[return-value]


_drafts = itertools.count(1)


def drafted(
    officer: User, case: CaseFile, base: services.RequestDetails = GP, **changes: Any
) -> VictimInformationRequest:
    # Each a different draft by default: the same one drafted again at once
    # is taken for a double click and not saved twice.
    changes.setdefault(
        "less_intrusive_means", f"{base.less_intrusive_means} (draft {next(_drafts)})"
    )
    return services.request_create(
        actor=officer, case=case, complainant=complainant_of(case), details=details(base, **changes)
    )


def with_prosecutor(p: Personas, case: CaseFile) -> CaseFile:
    """The case's prosecutor: allocated early advice on the case under
    investigation (and so granted it)."""
    allocated(p.cps_spoc, p.prosecutor, ask(case.oic, case))
    case.refresh_from_db()
    return case


def submitted(
    p: Personas, case: CaseFile, base: services.RequestDetails = GP, **changes: Any
) -> VictimInformationRequest:
    return services.request_submit(
        actor=p.officer, request=drafted(p.officer, case, base, **changes)
    )


def approved(p: Personas, request: VictimInformationRequest) -> VictimInformationRequest:
    """Whatever a supervisor must give, given."""
    if request.approval_outstanding:
        request = services.request_approve(
            actor=p.supervisor, request=request, reasons="The first account is the only one."
        )
    if request.override_outstanding:
        request = services.request_override(
            actor=p.supervisor, request=request, reasons="It serves the line about injuries."
        )
    return request


def agreed(
    p: Personas, case: CaseFile, base: services.RequestDetails = GP, **changes: Any
) -> VictimInformationRequest:
    request = approved(p, submitted(p, case, base, **changes))
    return services.request_cps_decide(
        actor=p.prosecutor, request=request, decision=CpsDecision.AGREED
    )


NOTICE = "We are asking your GP for the notes of 2 March, to show the injuries; kept securely."


def noticed(officer: User, request: VictimInformationRequest) -> VictimInformationRequest:
    return services.request_notice_give(
        actor=officer,
        request=request,
        given_at=timezone.now(),
        channel=Channel.LETTER,
        summary=NOTICE,
    )


def sent(
    p: Personas, case: CaseFile, base: services.RequestDetails = GP, **changes: Any
) -> VictimInformationRequest:
    request = noticed(p.officer, agreed(p, case, base, **changes))
    today = timezone.localdate()
    return services.request_send(
        actor=p.officer, request=request, sent_on=today, reply_by=today + timedelta(days=14)
    )
