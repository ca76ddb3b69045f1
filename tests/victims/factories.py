"""Complainants in the shapes the stories need, and a clock the tests set.

Deadlines in working days depend on the day a thing happens, so a test says
which day it is (``freeze``): Django's clock (``django.utils.timezone.now``,
which ``localdate`` and the models' creation stamps read too) is set to that
day. The database, the bank holidays and the services are the real ones.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.models import CaseFile
from charging.decisions.models import CodeTest, DecisionOutcome
from charging.decisions.services import ChargeSpec, decision_record
from charging.police_nfa.models import PoliceNfaProposal
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from rasso.accounts.models import User
from tests.cases.factories import case_create, complete_case
from tests.charging.factories import case_with_prosecutor
from tests.conftest import Personas
from victims.models import Channel, Complainant, Contact, Direction
from victims.services import complainant_add, contact_log

LONDON = ZoneInfo("Europe/London")

# Nobody real, nobody a Faker-made persona could share: if any of these turns
# up where only the pseudonym belongs, the test finds it.
IDENTITY: dict[str, Any] = {
    "first_names": "Zephyrine Ottoline",
    "last_name": "Quillfeather",
    "date_of_birth": date(1991, 7, 23),
    "address": "27 Marlpit Lane, Paddock Wood",
    "postcode": "TN12 6QX",
    "phone": "07700 900417",
    "email": "zephyrine.quillfeather@example.com",
}
# The identity as the service stores it (the phone in international form),
# for stories that start from a case another factory made.
STORED_IDENTITY: dict[str, Any] = {**IDENTITY, "phone": "+447700900417"}
# How each may appear anywhere.
IDENTITY_STRINGS = (
    "Zephyrine",
    "Ottoline",
    "Quillfeather",
    "1991-07-23",
    "23 July 1991",
    "Marlpit",
    "TN12 6QX",
    "TN12",
    "07700 900417",
    "+447700900417",
    "7700900417",
    "zephyrine.quillfeather",
)


def freeze(monkeypatch: pytest.MonkeyPatch, day: date, hour: int = 18) -> datetime:
    """From now on it is ``hour`` o'clock (London time) on ``day``: by
    default the end of the working day, so the day's contacts are past."""
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def at(day: date, hour: int = 11) -> datetime:
    """A moment on ``day``, London time."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def draft_with_complainant(officer: User, **fields: Any) -> tuple[CaseFile, Complainant]:
    """A draft case (reported on 1 March 2026) with complainant C1."""
    case = case_create(officer, reported_on=date(2026, 3, 1))
    complainant = complainant_add(actor=officer, case=case, **{**IDENTITY, **fields})
    case.refresh_from_db()
    return case, complainant


def investigated(officer: User, **fields: Any) -> tuple[CaseFile, Complainant]:
    """A complete case under investigation; its complainant C1 carries the
    unmistakable identity (and ``fields``)."""
    case = complete_case(officer)
    complainant = case.complainants.get()
    Complainant.objects.filter(pk=complainant.pk).update(**{**STORED_IDENTITY, **fields})
    complainant.refresh_from_db()
    return case, complainant


def police_nfa(personas: Personas, **fields: Any) -> tuple[CaseFile, Complainant]:
    """The officer proposes no further action and the supervisor approves it."""
    case, complainant = investigated(personas.officer, **fields)
    proposal: PoliceNfaProposal = police_nfa_propose(
        actor=personas.officer,
        case=case,
        outcome_code="15",
        rationale="The evidence does not meet the threshold for a referral.",
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    case.refresh_from_db()
    return case, complainant


def with_prosecutor(personas: Personas) -> tuple[CaseFile, Complainant]:
    """Submitted to CPS South East and allocated to the prosecutor."""
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    complainant = case.complainants.get()
    Complainant.objects.filter(pk=complainant.pk).update(**STORED_IDENTITY)
    complainant.refresh_from_db()
    return case, complainant


def cps_decides(personas: Personas, case: CaseFile, *, charge: bool) -> CaseFile:
    """The allocated prosecutor applies the Full Code Test: charge or NFA."""
    case.refresh_from_db()
    if charge:
        suspect = case.suspects.get()
        details: dict[str, Any] = {
            "outcome": DecisionOutcome.CHARGE,
            "evidential_met": True,
            "evidential_reasons": "Consistent account, first-account witness.",
            "public_interest_met": True,
            "public_interest_reasons": "A serious offence.",
            "charges": [
                ChargeSpec(offence_id=o.pk, suspect_id=suspect.pk) for o in case.offences.all()
            ],
        }
    else:
        details = {
            "outcome": DecisionOutcome.NFA_EVIDENTIAL,
            "evidential_met": False,
            "evidential_reasons": "Identification cannot be proved.",
        }
    decision_record(
        actor=personas.prosecutor, case=case, version=case.version, test=CodeTest.FULL, **details
    )
    case.refresh_from_db()
    return case


def cps_nfa(personas: Personas) -> tuple[CaseFile, Complainant]:
    case, complainant = with_prosecutor(personas)
    return cps_decides(personas, case, charge=False), complainant


def call(actor: User, complainant: Complainant, when: datetime, **fields: Any) -> Contact:
    """A phone call to the complainant, logged."""
    return contact_log(
        actor=actor,
        complainant=complainant,
        contacted_at=when,
        channel=fields.pop("channel", Channel.PHONE),
        direction=fields.pop("direction", Direction.TO_COMPLAINANT),
        summary=fields.pop("summary", "Told them where the investigation is."),
        **fields,
    )
