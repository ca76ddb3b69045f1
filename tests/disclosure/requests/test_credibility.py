"""The credibility check reads the wording: a rationale resting on the
complainant's credibility or character alone is flagged, a line of enquiry
about the facts is not, whatever else the reasons mention."""

from __future__ import annotations

import pytest

from disclosure.requests.credibility import CREDIBILITY_TERMS, credibility_check, terms_in

FACTUAL = "Whether injuries consistent with the account were recorded the next day"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Goes to her credibility", ["credib"]),
        ("She is not a CREDIBLE witness", ["credib"]),
        ("The statement may have been fabricated", ["fabricat"]),
        ("Any previous  allegations she made", ["previous allegation"]),
        ("Her sexual history", ["sexual history"]),
        ("Whether she is lying", ["lying"]),
        ("Her mental health", ["mental health"]),
        ("The reliability of the complainant", ["reliability of the complainant"]),
        # Whole words only, unless the term is a stem.
        ("The characteristics of the bruising", []),
        ("The account relied on by the suspect", []),
        ("An incredible coincidence of dates", []),
        ("", []),
    ],
)
def test_the_terms_are_found_as_words(text: str, found: list[str]) -> None:
    assert terms_in([text]) == found


def test_the_list_is_one_constant_of_plain_terms() -> None:
    assert all(term == term.lower().strip() for term in CREDIBILITY_TERMS)
    assert len(set(CREDIBILITY_TERMS)) == len(CREDIBILITY_TERMS)


def test_a_line_of_enquiry_about_credibility_is_flagged() -> None:
    check = credibility_check(
        line_of_enquiry="Her credibility as a witness", issue_in_case="Consent", rationale=[]
    )
    assert check.flagged
    assert check.terms == ["credib"]


def test_an_issue_that_is_only_her_character_is_flagged() -> None:
    check = credibility_check(
        line_of_enquiry=FACTUAL, issue_in_case="Her character", rationale=["Notes of 2 March"]
    )
    assert check.flagged


def test_credibility_words_with_no_line_of_enquiry_stated_are_flagged() -> None:
    check = credibility_check(
        line_of_enquiry="n/a", issue_in_case="Consent", rationale=["Any previous allegations"]
    )
    assert check.flagged
    assert check.terms == ["previous allegation"]


def test_a_factual_line_of_enquiry_is_not_flagged_for_words_elsewhere() -> None:
    # Medical notes may mention mental health; the request serves the facts.
    check = credibility_check(
        line_of_enquiry=FACTUAL,
        issue_in_case="Consent",
        rationale=["The notes of her mental health appointment on 2 March record injuries"],
    )
    assert not check.flagged
    assert check.terms == ["mental health"]  # still shown to the officer


def test_a_sound_request_has_no_terms() -> None:
    check = credibility_check(
        line_of_enquiry=FACTUAL, issue_in_case="Consent", rationale=["Notes of 2 March"]
    )
    assert check == type(check)(flagged=False, terms=[])
