"""Letters to a complainant in the browser: generated as PDF (only the kinds
the case's state allows), listed, downloaded as an audited attachment by
those entitled to the identity (anyone else: 404), and marked as sent, which
logs a contact and meets the update it gave."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile, CaseStatus, DeadlineStatus
from charging.police_nfa.services import police_nfa_approve, police_nfa_propose
from rasso.audit.models import AuditEvent
from tests.cases.factories import complete_case
from tests.conftest import Personas
from tests.support import client_for, html_of
from victims.deadlines import complainant_source
from victims.models import Complainant, Contact, Letter
from victims.services import letter_generate

pytestmark = pytest.mark.django_db


def police_nfa(personas: Personas) -> CaseFile:
    """A case the police took no further action on, approved by the supervisor."""
    case = complete_case(personas.officer)
    proposal = police_nfa_propose(
        actor=personas.officer,
        case=case,
        outcome_code="15",
        rationale="The evidence does not support a prosecution.",
    )
    police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    case.refresh_from_db()
    assert case.status == CaseStatus.POLICE_NFA
    return case


@pytest.fixture
def complainant(personas: Personas) -> Complainant:
    return police_nfa(personas).complainants.get()


def url(name: str, complainant: Complainant, *more: Any) -> str:
    return reverse(f"victims:{name}", args=[complainant.case_id, complainant.pk, *more])


def test_the_oic_generates_and_downloads_the_nfa_letter(
    personas: Personas, complainant: Complainant
) -> None:
    client = client_for(personas.officer)
    page = html_of(client.get(url("letters", complainant)))
    # Only the letter the state allows is offered.
    assert "No further action letter" in page
    assert "Point-of-charge letter" not in page
    assert "CPS introduction letter" not in page

    response = client.post(url("letters", complainant), {"kind": "nfa"}, follow=True)

    html = html_of(response)
    assert "No further action letter generated" in html
    letter = Letter.objects.get()
    assert url("letter-download", complainant, letter.pk) in html
    download = client.get(url("letter-download", complainant, letter.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "C1" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
    assert download.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action="complainant.letter_downloaded")
    assert (event.actor, event.object_id) == (personas.officer, str(letter.pk))


def test_a_letter_the_state_does_not_allow_is_refused(
    personas: Personas, complainant: Complainant
) -> None:
    html = html_of(
        client_for(personas.officer).post(url("letters", complainant), {"kind": "charge"})
    )
    assert "Choose the letter from the list" in html
    assert not Letter.objects.exists()


def test_marking_a_letter_sent_logs_the_contact_and_meets_the_update(
    personas: Personas, complainant: Complainant
) -> None:
    letter = letter_generate(actor=personas.officer, complainant=complainant, kind="nfa")
    client = client_for(personas.officer)
    today = timezone.localdate()

    response = client.post(
        url("letter-sent", complainant, letter.pk),
        {"sent_on": f"{today:%d/%m/%Y}", "channel": "email"},
        follow=True,
    )

    html = html_of(response)
    assert "marked as sent and logged as a contact" in html
    letter.refresh_from_db()
    contact = Contact.objects.get()
    assert letter.sent_contact == contact
    assert contact.channel == "email"
    told = contact.communicated.get()
    assert told.source == complainant_source(complainant)
    assert told.status == DeadlineStatus.MET
    assert "Mark as sent" not in html  # once only

    again = html_of(
        client.post(
            url("letter-sent", complainant, letter.pk),
            {"sent_on": f"{today:%d/%m/%Y}", "channel": "email"},
        )
    )
    assert "This letter is already marked as sent" in again
    assert Contact.objects.count() == 1


def test_a_letter_home_is_refused_when_the_complainant_asked_for_none(
    personas: Personas, complainant: Complainant
) -> None:
    Complainant.objects.filter(pk=complainant.pk).update(no_letters_home=True)
    letter = letter_generate(actor=personas.officer, complainant=complainant, kind="nfa")
    html = html_of(
        client_for(personas.officer).post(
            url("letter-sent", complainant, letter.pk),
            {"sent_on": f"{timezone.localdate():%d/%m/%Y}", "channel": "letter"},
        )
    )
    assert "asked for no letters to their home address" in html
    assert not Contact.objects.exists()


@pytest.mark.parametrize("persona", ["supervisor", "cps_spoc"])
def test_those_not_entitled_to_the_identity_get_404(
    personas: Personas, complainant: Complainant, persona: str
) -> None:
    letter = letter_generate(actor=personas.officer, complainant=complainant, kind="nfa")
    client = client_for(getattr(personas, persona))
    for page, extra in (
        ("letters", []),
        ("letter-download", [letter.pk]),
        ("letter-sent", [letter.pk]),
    ):
        assert client.get(url(page, complainant, *extra)).status_code == 404
    assert client.post(url("letters", complainant), {"kind": "nfa"}).status_code == 404
    assert Letter.objects.count() == 1
    assert not AuditEvent.objects.filter(action="complainant.letter_downloaded").exists()


@pytest.mark.parametrize(
    "persona",
    ["colleague", "other_force_officer", "other_area_prosecutor", "panel_member", "manager"],
)
def test_outsiders_get_404(personas: Personas, complainant: Complainant, persona: str) -> None:
    letter = letter_generate(actor=personas.officer, complainant=complainant, kind="nfa")
    client = client_for(getattr(personas, persona))
    assert client.get(url("letters", complainant)).status_code == 404
    assert client.get(url("letter-download", complainant, letter.pk)).status_code == 404


def test_a_letter_of_another_complainant_is_404(personas: Personas) -> None:
    first = police_nfa(personas).complainants.get()
    second = police_nfa(personas).complainants.get()
    letter = letter_generate(actor=personas.officer, complainant=first, kind="nfa")
    response = client_for(personas.officer).get(url("letter-download", second, letter.pk))
    assert response.status_code == 404
