"""What the services write about a complainant carries only the pseudonym.

The timeline is read by supervisors, SPOCs and CPS staff who are not entitled
to the identity; the audit log and the deadlines (in reminders and e-mails)
travel further still. A complainant's whole story is played through the
services with an identity no one could mistake, and none of it may appear in
anything they wrote but the record itself, the contact summaries and the
letters (which are for those entitled only).
"""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from cases.models import CaseEvent, Deadline
from cases.services import case_start_investigation, case_update
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError
from tests.cases.factories import case_create
from tests.conftest import Personas
from tests.victims.factories import IDENTITY, IDENTITY_STRINGS, at, call, freeze
from victims.models import Complainant, Contact, LetterKind, ReviewOutcome, WithdrawalReason
from victims.services import (
    complainant_add,
    complainant_update,
    letter_generate,
    letter_mark_sent,
    review_acknowledge,
    review_complete,
    review_request,
    support_reinstate,
    support_withdraw,
)

pytestmark = pytest.mark.django_db


def written() -> str:
    """Everything the services wrote that people not entitled may read."""
    parts = [
        *CaseEvent.objects.values_list("description", flat=True),
        *Deadline.objects.values_list("description", flat=True),
        json.dumps(
            list(AuditEvent.objects.values("action", "object_type", "object_id", "detail")),
            default=str,
        ),
        *(str(c) for c in Complainant.objects.all()),
        *(str(c) for c in Contact.objects.all()),
    ]
    return "\n".join(parts)


def test_a_complainants_whole_story_is_told_under_their_pseudonym(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    freeze(monkeypatch, date(2026, 6, 3))
    case = case_create(personas.officer, reported_on=date(2026, 3, 1))
    complainant = complainant_add(actor=personas.officer, case=case, **IDENTITY)
    case = case_start_investigation(actor=personas.officer, case=case)
    refusals: list[str] = []

    complainant = complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=complainant.version,
        address="9 Quillfeather Court, Zephyrine Road",
        isva_name="Robin Advocate",
        isva_may_be_told=True,
        language="Welsh",
    )
    for bad in ({"phone": "0770"}, {"email": "zephyrine@"}, {"postcode": "TN12"}):
        with pytest.raises(DomainError) as refused:
            complainant_update(actor=personas.officer, complainant=complainant, version=None, **bad)
        refusals.append(str(refused.value))
    case.refresh_from_db()
    case = case_update(
        actor=personas.officer, case=case, version=case.version, arrested_on=date(2026, 6, 2)
    )
    call(
        personas.officer,
        complainant,
        at(date(2026, 6, 3), 9),
        summary="Called Zephyrine Quillfeather on 07700 900417 about the arrest.",
    )
    withdrawal_day = date(2026, 6, 3)
    support_withdraw(
        actor=personas.officer,
        complainant=complainant,
        withdrawn_on=withdrawal_day,
        reason=WithdrawalReason.PRIVACY,
        support_offered=True,
    )
    support_reinstate(actor=personas.officer, complainant=complainant, reinstated_on=withdrawal_day)
    proposal = police_nfa_propose(
        actor=personas.officer, case=case, outcome_code="15", rationale="Evidential difficulties."
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    letter = letter_generate(actor=personas.officer, complainant=complainant, kind=LetterKind.NFA)
    letter_mark_sent(actor=personas.officer, letter=letter, sent_at=at(date(2026, 6, 3), 18))
    review = review_request(
        actor=personas.officer,
        complainant=complainant,
        told_on=date(2026, 6, 3),
        requested_on=date(2026, 6, 3),
    )
    review_acknowledge(actor=personas.supervisor, review=review, acknowledged_on=date(2026, 6, 3))
    review_complete(
        actor=personas.supervisor,
        review=review,
        outcome=ReviewOutcome.OVERTURNED,
        reasons="Zephyrine Quillfeather's account was not put to the suspect.",
        completed_on=date(2026, 6, 3),
    )
    with pytest.raises(DomainError) as refused:
        support_reinstate(
            actor=personas.officer, complainant=complainant, reinstated_on=withdrawal_day
        )
    refusals.append(str(refused.value))

    text = written() + "\n".join(refusals) + caplog.text
    # The story happened, under the pseudonym...
    assert "C1 withdrew support on 3 June 2026" in text
    assert "Case reopened after C1's Victims' Right to Review" in text
    assert "Contact with C1 logged (letter)" in text
    # ...and the identity is nowhere in it.
    leaked = [value for value in (*IDENTITY_STRINGS, "Robin Advocate", "Welsh") if value in text]
    assert leaked == []
    # The identity is where it belongs: the record, the summary, the letter.
    complainant.refresh_from_db()
    assert complainant.last_name == "Quillfeather"
    assert "Quillfeather" in Contact.objects.order_by("id").first().summary  # type: ignore[union-attr]
