"""Whether a request's rationale rests on the complainant's credibility or
character alone.

The Home Office's review of rape files found a third of third-party material
rationales focused on the complainant's credibility; the Code of Practice
allows a request only for a reasonable line of enquiry. So the service reads
the wording as it is saved: a request is flagged when its rationale uses the
words of ``CREDIBILITY_TERMS`` and no line of enquiry stands apart from them
(none stated in substance, or the line of enquiry, or the issue it bears on,
is itself about credibility). A flagged request goes no further without a
police supervisor's override with reasons. A flag is a prompt to think
again, not a finding: the override exists for the request that is sound.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Words that, in a rationale, point at the complainant's credibility or
# character rather than at a fact in issue. Each matches whole words,
# case-insensitively, any run of spaces for a space; a trailing "*" matches
# any ending ("fabricat*" finds "fabricated" and "fabrication", but
# "character" not "characteristic").
CREDIBILITY_TERMS: tuple[str, ...] = (
    "credib*",
    "reliability of the complainant",
    "reliability of the victim",
    "reliability of her",
    "reliability of his",
    "reliability of their",
    "unreliab*",
    "previous allegation*",
    "prior allegation*",
    "false allegation*",
    "history of allegation*",
    "sexual history",
    "sexual behavio*",
    "promiscu*",
    "lying",
    "lied",
    "liar*",
    "fabricat*",
    "made it up",
    "making it up",
    "untruthful*",
    "dishonest*",
    "honesty",
    "attention seeking",
    "attention-seeking",
    "fantasis*",
    "character",
    "mental health",
    "motive to lie",
)

# A line of enquiry of fewer words than this states none ("n/a", "see above").
LINE_OF_ENQUIRY_MIN_WORDS = 3


def _pattern(term: str) -> re.Pattern[str]:
    stem = term.endswith("*")
    words = re.escape(term.rstrip("*")).replace(r"\ ", r"\s+")
    return re.compile(r"\b" + words + ("" if stem else r"\b"), re.IGNORECASE)


# Each term as it is shown to the officer (no "*"), with its pattern.
_PATTERNS = tuple((term.rstrip("*"), _pattern(term)) for term in CREDIBILITY_TERMS)


def terms_in(texts: Iterable[str]) -> list[str]:
    """The credibility terms ``texts`` use, each once, in the list's order."""
    joined = "\n".join(texts)
    return [term for term, pattern in _PATTERNS if pattern.search(joined)]


@dataclass(frozen=True)
class CredibilityCheck:
    flagged: bool
    terms: list[str]  # every term the rationale uses, flagged or not


def credibility_check(
    *, line_of_enquiry: str, issue_in_case: str, rationale: Iterable[str]
) -> CredibilityCheck:
    """Flag a request whose reasons rest on credibility or character alone.

    ``rationale``: the rest of its reasons (the information sought, the three
    statutory tests, the probative value)."""
    about_the_enquiry = terms_in([line_of_enquiry, issue_in_case])
    elsewhere = terms_in(rationale)
    terms = [t for t, _ in _PATTERNS if t in about_the_enquiry or t in elsewhere]
    no_line_stated = len(line_of_enquiry.split()) < LINE_OF_ENQUIRY_MIN_WORDS
    flagged = bool(about_the_enquiry) or (bool(elsewhere) and no_line_stated)
    return CredibilityCheck(flagged=flagged, terms=terms)
