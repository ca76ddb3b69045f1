"""The redaction step: every identifier recorded on the case, in the
spellings officers write, is found, proposed for redaction and refused at
release while any remains."""

from __future__ import annotations

from datetime import date

import pytest

from cases import services as case_services
from charging.panels.redaction import PackRedactor, pack_redactor
from tests.cases.factories import case_create
from tests.conftest import Personas
from victims.services import complainant_add

pytestmark = pytest.mark.django_db

WRITTEN = [
    # (text an officer might write, what must not survive, the category named)
    ("Zephyrine Quillfeather said she went home.", "Quillfeather", "a complainant's name"),
    ("QUILLFEATHER, Zephyrine was seen at 22:00.", "QUILLFEATHER", "a complainant's name"),
    ("She was born 14/07/1990.", "14/07/1990", "a date of birth"),
    ("Born 14th July 1990.", "14th July 1990", "a date of birth"),
    ("She lives at 12 Lantern Row.", "12 Lantern Row", "an address"),
    ("Postcode me14 2ll.", "me14 2ll", "a postcode"),
    ("Call her on 07700 900 123.", "07700 900 123", "a phone number"),
    ("Her e-mail ZQ@example.org.", "ZQ@example.org", "an e-mail address"),
    ("Mortimer Grimsby denied it.", "Grimsby", "a suspect's name"),
    ("grimsby, mortimer (born 2 March 1985)", "2 March 1985", "a date of birth"),
    ("Ref 46KA0001226 on the file.", "46KA0001226", "the URN"),
    ("Car AB12 CDE seen nearby.", "AB12 CDE", "a vehicle registration"),
]


@pytest.fixture
def redactor(personas: Personas) -> PackRedactor:
    case = case_create(personas.officer, urn="46KA0001226")
    complainant_add(
        actor=personas.officer,
        case=case,
        first_names="Zephyrine",
        last_name="Quillfeather",
        date_of_birth=date(1990, 7, 14),
        address="12 Lantern Row, Maidstone",
        postcode="ME14 2LL",
        phone="07700 900123",
        email="zq@example.org",
    )
    case_services.suspect_add(
        actor=personas.officer,
        case=case,
        first_names="Mortimer",
        last_name="Grimsby",
        date_of_birth=date(1985, 3, 2),
    )
    return pack_redactor(case)


@pytest.mark.parametrize(("text", "identifier", "category"), WRITTEN)
def test_each_identifier_is_found_proposed_and_named(
    redactor: PackRedactor, text: str, identifier: str, category: str
) -> None:
    assert category in redactor.categories_in(text)
    proposed = redactor.propose(text)
    assert identifier.lower() not in proposed.lower()
    assert redactor.categories_in(proposed) == []


def test_the_officers_name_becomes_their_role(redactor: PackRedactor, personas: Personas) -> None:
    text = f"{personas.officer.full_name} took the first account."
    assert redactor.propose(text) == "the OIC took the first account."
    assert redactor.categories_in(text) == ["a name of the police or CPS staff on the case"]


def test_a_rendered_page_is_checked_in_its_text_and_markup(redactor: PackRedactor) -> None:
    assert redactor.categories_in_html("<p>C1 said S1 left at day 3.</p>") == []
    assert redactor.categories_in_html('<p title="Quillfeather">Pack 1</p>') == [
        "a complainant's name"
    ]
    assert redactor.categories_in_html("<p>Zephyrine&nbsp;Quillfeather</p>") == [
        "a complainant's name"
    ]


def test_pseudonyms_and_words_are_not_taken_for_registrations(redactor: PackRedactor) -> None:
    text = "S1 was seen by C1 before the ABE interview; C1 ABE done on day 3."
    assert redactor.categories_in(text) == []
    assert redactor.propose(text) == text
