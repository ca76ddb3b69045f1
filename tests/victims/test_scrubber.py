"""The identity scrubber finds what is recorded of a case's complainants in
free text, however it is written, and leaves ordinary text as it is."""

from __future__ import annotations

from datetime import date

import pytest

from victims.scrubber import IdentityScrubber, RecordedIdentity

JANE = RecordedIdentity(
    pseudonym="C1",
    first_names="Jane Mary",
    last_name="Smith",
    date_of_birth=date(1990, 3, 12),
    address="Flat 2\n27 Marlpit Lane\nPaddock Wood\nTonbridge",
    postcode="TN12 6QX",
    phone="+447700900417",
    email="Jane.Smith@Example.com",
)
scrub = IdentityScrubber([JANE])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Mary Smith said so.", "C1 said so."),
        ("Jane Smith said so.", "C1 said so."),
        ("Mary Smith said so.", "C1 said so."),
        ("JANE SMITH said so.", "C1 said so."),
        ("jane smith said so.", "C1 said so."),
        ("Smith, Jane said so.", "C1 said so."),
        ("SMITH Jane Mary said so.", "C1 said so."),
        ("Jane  \n Smith said so.", "C1 said so."),
        ("J. Smith said so.", "C1 said so."),
        ("J M Smith said so.", "C1 said so."),
        ("Ms Smith said so.", "C1 said so."),
        ("Mrs. Smith said so.", "C1 said so."),
        ("Smith said so.", "C1 said so."),
        ("Jane said so.", "C1 said so."),
        ("Smith's account is consistent.", "C1's account is consistent."),
        ("Smith\u2019s account", "C1\u2019s account"),
        ("Jane's friend", "C1's friend"),
        ("Jane Mary told the officer", "C1 told the officer"),
    ],
)
def test_names_in_any_order_and_case(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "written",
    [
        "12/03/1990",
        "12-03-1990",
        "12.3.90",
        "12.03.1990",
        "12/3/1990",
        "12 / 03 / 1990",
        "1990-03-12",
        "1990/3/12",
        "12 March 1990",
        "12th March 1990",
        "12th of March, 1990",
        "12 Mar 1990",
        "12-Mar-1990",
        "12 March '90",
        "March 12, 1990",
        "March 12th 1990",
        "MARCH 12 1990",
        "03/12/1990",
    ],
)
def test_dates_of_birth_in_common_formats(written: str) -> None:
    assert scrub(f"Born {written}, she") == "Born [date of birth], she"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lives at 27 Marlpit Lane.", "Lives at [address]."),
        ("Lives at 27, Marlpit Lane.", "Lives at [address]."),
        ("Lives at 27 MARLPIT   LANE.", "Lives at [address]."),
        ("Lives at Flat 2, 27 Marlpit Lane, Paddock Wood.", "Lives at [address]."),
        ("Lives at flat 2 27 marlpit lane paddock wood tonbridge", "Lives at [address]"),
        ("Seen on Marlpit Lane at night.", "Seen on [address] at night."),
        ("Postcode TN12 6QX.", "Postcode [postcode]."),
        ("Postcode tn126qx.", "Postcode [postcode]."),
        ("Postcode TN12  6qx.", "Postcode [postcode]."),
    ],
)
def test_addresses_and_postcodes(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "written",
    [
        "07700 900417",
        "07700900417",
        "077 009 004 17",
        "(07700) 900417",
        "07700-900-417",
        "+447700900417",
        "+44 7700 900417",
        "+44 (0) 7700 900417",
        "+44(0)7700-900-417",
        "0044 7700 900417",
        "7700 900417",
    ],
)
def test_phone_numbers_in_any_spacing(written: str) -> None:
    assert scrub(f"Call {written} after six") == "Call [phone] after six"


def test_email_addresses_case_blind() -> None:
    assert scrub("Wrote to jane.smith@example.com today") == "Wrote to [email] today"
    assert scrub("JANE.SMITH@EXAMPLE.COM") == "[email]"


def test_everything_at_once() -> None:
    text = (
        "Jane Smith (DOB 12/03/1990) of 27 Marlpit Lane, TN12 6QX, tel 07700 900417, "
        "jane.smith@example.com. Smith's mother called."
    )
    assert scrub(text) == (
        "C1 (DOB [date of birth]) of [address], [postcode], tel [phone], [email]. "
        "C1's mother called."
    )
    assert scrub.found_in(text) == [
        "C1",
        "[date of birth]",
        "[address]",
        "[postcode]",
        "[phone]",
        "[email]",
    ]


ORDINARY = [
    "The suspect was interviewed on 12 March 2024 and released under investigation.",
    "Smithfield market CCTV; the blacksmith's statement; Janet's account.",
    "Marlpit is not mentioned; the lane was dark.",
    "Rape (s.1) or assault by penetration (s.2)? Obtain the MG11 and the ABE.",
    "Born 1990, she moved on 12/03/1991; call 07700 900418.",
    "Obtain GP records for 12 March only.",
    "Tonbridge and Paddock Wood officers attended.",
    "",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert scrub(text) == text
    assert scrub.found_in(text) == []


def test_names_that_are_ordinary_words_are_found_only_in_full_or_after_a_title() -> None:
    rose = IdentityScrubber(
        [RecordedIdentity(pseudonym="C1", first_names="Rose May", last_name="Brown")]
    )
    assert rose("Rose Brown said") == "C1 said"
    assert rose("Brown, May said") == "C1 said"
    assert rose("Ms Brown said") == "C1 said"
    assert rose("Rose May said") == "C1 said"
    text = "The brown car left in May; a rose garden. Brown hair."
    assert rose(text) == text


def test_short_names_are_not_found_alone() -> None:
    short = IdentityScrubber([RecordedIdentity(pseudonym="C1", first_names="Al", last_name="Ng")])
    assert short("Al Ng said") == "C1 said"
    assert short("Ms Ng said") == "C1 said"
    assert short("Al said it was in the NG postcode") == "Al said it was in the NG postcode"


def test_accents_hyphens_and_apostrophes_written_or_not() -> None:
    zoe = IdentityScrubber(
        [RecordedIdentity(pseudonym="C1", first_names="Zoë Anne-Marie", last_name="O'Brien")]
    )
    for written in (
        "Zoë O'Brien",
        "Zoe OBrien",
        "zoe o brien",
        "Anne-Marie O\u2019Brien",
        "Anne Marie O'Brien",
        "O'Brien",
        "Zoë",
        "Zoe",
        "Marie",
    ):
        assert zoe(f"{written} said") == "C1 said", written
    assert zoe("O'Brien's") == "C1's"


def test_two_complainants() -> None:
    both = IdentityScrubber(
        [
            RecordedIdentity(pseudonym="C1", first_names="Jane", last_name="Quillfeather"),
            RecordedIdentity(pseudonym="C2", first_names="Zephyr", last_name="Quillfeather"),
        ]
    )
    assert both("Jane Quillfeather and Zephyr Quillfeather") == "C1 and C2"
    assert both("Jane and Zephyr") == "C1 and C2"
    assert both("the Quillfeather family") == "the C1 or C2 family"


def test_nothing_recorded_changes_nothing() -> None:
    empty = IdentityScrubber([])
    assert empty("Jane Smith") == "Jane Smith"
    nameless = IdentityScrubber([RecordedIdentity(pseudonym="C1")])
    assert nameless("Jane Smith, 12/03/1990") == "Jane Smith, 12/03/1990"


def test_markup_in_the_text_is_kept_for_the_template_to_escape() -> None:
    assert scrub("<b>Jane</b>") == "<b>C1</b>"


def test_fast_for_many_texts_of_one_case() -> None:
    import time

    texts = [f"Item {n}: Jane Smith called from 07700 900417 about {n}." * 5 for n in range(2000)]
    started = time.perf_counter()
    scrubbed = [scrub(t) for t in texts]
    assert time.perf_counter() - started < 2
    assert all("Jane" not in t and "900417" not in t for t in scrubbed)
