"""Letters to the complainant: the NFA letter (with how to ask for a review
and by when), the point-of-charge letter and the CPS introduction. Each is
for one state of the case and comes from one side; it is rendered as a PDF
and kept as rendered; marking it sent logs the contact, once."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, Deadline, DeadlineStatus
from rasso.core.errors import DomainError
from tests.conftest import Personas
from tests.victims.factories import (
    at,
    cps_decides,
    cps_nfa,
    freeze,
    investigated,
    police_nfa,
    with_prosecutor,
)
from victims.letters import force_title
from victims.models import Channel, Complainant, Contact, Letter, LetterKind
from victims.services import complainant_update, letter_generate, letter_mark_sent

pytestmark = pytest.mark.django_db

NAME = "Zephyrine Ottoline Quillfeather"


def text_of(letter: Letter) -> str:
    pdf = bytes(letter.pdf)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


# -- the NFA letter -------------------------------------------------------------------


def test_the_police_nfa_letter_is_theirs_and_gives_the_review_time_limit(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 11, 30))
    case, complainant = police_nfa(personas)

    letter = letter_generate(actor=personas.officer, complainant=complainant, kind=LetterKind.NFA)

    text = text_of(letter)
    assert f"Dear {NAME}" in text
    assert "27 Marlpit Lane, Paddock Wood" in text and "TN12 6QX" in text
    assert case.urn in text
    assert "the police have decided to take no further action" in text
    # Told today, 30 November 2026: three months run to 28 February 2027.
    assert "by 28 February 2027" in text
    assert "within 10 working days and aim to complete the review within 30" in text
    assert "Kent Police" in text and personas.officer.full_name in text
    assert f"contact me at {personas.officer.email}" in text
    assert len(PdfReader(BytesIO(bytes(letter.pdf))).pages) == 1  # one sheet, signed
    assert (letter.kind, letter.generated_by, letter.sent_contact) == (
        LetterKind.NFA,
        personas.officer,
        None,
    )
    assert case.events.filter(
        kind="letter_generated", description="No further action letter for C1 generated"
    ).exists()


def test_the_cps_nfa_letter_from_the_prosecutor_gives_both_cps_time_limits(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thursday 17 December 2026: 10 working days run to 5 January 2027 (25
    # and 28 December and 1 January are bank holidays); a late request is
    # accepted up to 17 March 2027.
    freeze(monkeypatch, date(2026, 12, 17))
    case, complainant = cps_nfa(personas)

    letter = letter_generate(
        actor=personas.prosecutor, complainant=complainant, kind=LetterKind.NFA
    )

    text = text_of(letter)
    assert f"Dear {NAME}" in text and case.urn in text
    assert "the Crown Prosecution Service has decided" in text
    assert "by 5 January 2027" in text
    assert "up to 17 March 2027" in text
    assert "Crown Prosecution Service South East" in text


def test_the_police_may_pass_on_a_cps_decision_on_their_own_paper(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 12, 17))
    _case, complainant = cps_nfa(personas)
    text = text_of(
        letter_generate(actor=personas.officer, complainant=complainant, kind=LetterKind.NFA)
    )
    assert "the Crown Prosecution Service has decided" in text
    assert "Crown Prosecution Service South East" not in text
    assert "Kent Police" in text  # the sender is the force


def test_a_complainant_who_wants_no_letters_at_home_gets_one_without_the_address(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 11, 30))
    _case, complainant = police_nfa(personas, no_letters_home=True)
    text = text_of(
        letter_generate(actor=personas.officer, complainant=complainant, kind=LetterKind.NFA)
    )
    assert f"Dear {NAME}" in text
    assert "Marlpit" not in text and "TN12" not in text


# -- the other letters --------------------------------------------------------------


def test_the_point_of_charge_letter_names_the_charges(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 6, 3))
    case, complainant = with_prosecutor(personas)
    case = cps_decides(personas, case, charge=True)

    text = text_of(
        letter_generate(actor=personas.officer, complainant=complainant, kind=LetterKind.CHARGE)
    )

    assert f"Dear {NAME}" in text and case.urn in text
    assert "has been charged" in text
    assert case.offences.get().offence.title in text


def test_the_cps_introduction_comes_from_the_allocated_prosecutor(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 6, 3))
    case, complainant = with_prosecutor(personas)
    text = text_of(
        letter_generate(
            actor=personas.prosecutor, complainant=complainant, kind=LetterKind.CPS_INTRODUCTION
        )
    )
    assert f"Dear {NAME}" in text and case.urn in text
    assert "I am the prosecutor responsible for it" in text
    assert personas.prosecutor.full_name in text
    assert "Crown Prosecution Service South East" in text


# -- each letter in its own state, from its own side ------------------------------------


def under_investigation(personas: Personas) -> tuple[CaseFile, Complainant]:
    return investigated(personas.officer)


@pytest.mark.parametrize(
    ("state", "kind", "who", "message"),
    [
        (
            "investigation",
            LetterKind.NFA,
            "officer",
            "A no further action letter is not for a case that is under investigation",
        ),
        (
            "with_cps",
            LetterKind.CHARGE,
            "officer",
            "A point-of-charge letter is not for a case that is with CPS for a charging decision",
        ),
        (
            "police_nfa",
            LetterKind.CPS_INTRODUCTION,
            "officer",
            r"A CPS introduction letter is not for a case that is no further action \(police\)",
        ),
        (
            "with_cps",
            LetterKind.CPS_INTRODUCTION,
            "officer",
            "The CPS introduction letter comes from the prosecutor allocated the case",
        ),
        (
            "charged",
            LetterKind.CHARGE,
            "prosecutor",
            "The point-of-charge letter comes from the officers of the case",
        ),
        (
            "police_nfa",
            LetterKind.NFA,
            "supervisor",
            "Only the officers of the case and the allocated prosecutor can write",
        ),
        (
            "with_cps",
            LetterKind.CPS_INTRODUCTION,
            "cps_spoc",
            "Only the officers of the case and the allocated prosecutor can write",
        ),
        ("with_cps", "postcard", "officer", "Choose the letter"),
    ],
)
def test_a_letter_in_the_wrong_state_or_from_the_wrong_side_is_refused(
    personas: Personas,
    monkeypatch: pytest.MonkeyPatch,
    state: str,
    kind: str,
    who: str,
    message: str,
) -> None:
    freeze(monkeypatch, date(2026, 6, 3))
    if state == "investigation":
        _case, complainant = investigated(personas.officer)
    elif state == "police_nfa":
        _case, complainant = police_nfa(personas)
    else:
        case, complainant = with_prosecutor(personas)
        if state == "charged":
            cps_decides(personas, case, charge=True)
    events = complainant.case.events.count()

    with pytest.raises(DomainError, match=message):
        letter_generate(actor=getattr(personas, who), complainant=complainant, kind=kind)

    assert not Letter.objects.exists()
    assert complainant.case.events.count() == events


# -- marking it sent ------------------------------------------------------------------


def test_marking_it_sent_logs_one_contact_and_meets_the_update_owed(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 11, 30), hour=12)
    case, complainant = police_nfa(personas)
    (owed,) = Deadline.objects.filter(
        case=case, kind=DeadlineKind.TELL_COMPLAINANT_ENHANCED, status=DeadlineStatus.OPEN
    )
    letter = letter_generate(actor=personas.officer, complainant=complainant, kind=LetterKind.NFA)
    freeze(monkeypatch, date(2026, 11, 30))  # sent that afternoon; it is now 6 pm

    letter = letter_mark_sent(
        actor=personas.officer, letter=letter, sent_at=at(date(2026, 11, 30), 16)
    )

    contact = Contact.objects.get()
    assert letter.sent_contact == contact
    assert (contact.channel, contact.summary, contact.recorded_by) == (
        Channel.LETTER,
        "No further action letter sent",
        personas.officer,
    )
    assert list(contact.communicated.all()) == [owed]
    owed.refresh_from_db()
    assert owed.status == DeadlineStatus.MET

    with pytest.raises(DomainError, match="This letter is already marked as sent"):
        letter_mark_sent(actor=personas.officer, letter=letter, sent_at=at(date(2026, 11, 30), 17))
    assert Contact.objects.count() == 1


def test_no_letter_by_post_to_a_complainant_who_asked_for_none_at_home(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, date(2026, 11, 30), hour=12)
    _case, complainant = police_nfa(personas)
    letter = letter_generate(actor=personas.officer, complainant=complainant, kind=LetterKind.NFA)
    freeze(monkeypatch, date(2026, 11, 30))  # sent that afternoon; it is now 6 pm
    complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=complainant.version,
        no_letters_home=True,
    )

    with pytest.raises(DomainError, match="C1 asked for no letters to their home address"):
        letter_mark_sent(actor=personas.officer, letter=letter, sent_at=at(date(2026, 11, 30), 16))
    assert not Contact.objects.exists()

    letter_mark_sent(
        actor=personas.officer,
        letter=letter,
        sent_at=at(date(2026, 11, 30), 16),
        channel=Channel.EMAIL,
    )
    assert Contact.objects.get().channel == Channel.EMAIL


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"channel": Channel.PHONE}, "Choose how the letter was sent"),
        ({"sent_at": at(date(2026, 11, 29), 16)}, "A letter cannot be sent before it was written"),
        ({"sent_at": at(date(2026, 11, 30), 19)}, "cannot be in the future"),
        ({"actor": "supervisor"}, "Only the officers of the case and the allocated prosecutor"),
    ],
    ids=["by phone", "before it was written", "in the future", "by a supervisor"],
)
def test_an_impossible_sending_is_refused(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, fields: dict[str, object], message: str
) -> None:
    freeze(monkeypatch, date(2026, 11, 30), hour=12)
    _case, complainant = police_nfa(personas)
    letter = letter_generate(actor=personas.officer, complainant=complainant, kind=LetterKind.NFA)
    freeze(monkeypatch, date(2026, 11, 30))  # sent that afternoon; it is now 6 pm
    details: dict[str, object] = {"sent_at": at(date(2026, 11, 30), 16), **fields}
    details["actor"] = getattr(personas, str(details.get("actor", "officer")))

    with pytest.raises(DomainError, match=message):
        letter_mark_sent(letter=letter, **details)  # type: ignore[arg-type]

    assert not Contact.objects.exists()
    letter.refresh_from_db()
    assert letter.sent_contact is None


def test_a_letter_is_kept_as_it_was_generated(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record changes after the letter: the letter does not."""
    freeze(monkeypatch, date(2026, 11, 30))
    _case, complainant = police_nfa(personas)
    letter = letter_generate(actor=personas.officer, complainant=complainant, kind=LetterKind.NFA)
    freeze(monkeypatch, date(2026, 11, 30) + timedelta(days=2))
    complainant_update(
        actor=personas.officer,
        complainant=complainant,
        version=complainant.version,
        address="1 Elsewhere Road, Tonbridge",
    )
    letter.refresh_from_db()
    assert "Marlpit" in text_of(letter)


@pytest.mark.parametrize(
    ("force", "signs_as"),
    [
        ("Kent", "Kent Police"),
        ("Durham", "Durham Constabulary"),
        ("Hampshire and Isle of Wight", "Hampshire and Isle of Wight Constabulary"),
        ("Metropolitan Police Service", "Metropolitan Police Service"),
        ("British Transport Police", "British Transport Police"),
    ],
)
def test_a_force_signs_with_its_own_title(force: str, signs_as: str) -> None:
    assert force_title(force) == signs_as
