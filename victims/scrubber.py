"""The identity scrubber: free text of a case as someone not entitled to the
complainants' identity may read it.

Officers write the complainant's name, and now and then her date of birth,
street or phone number, into questions, rationales, answers, minutes and
reasons, which supervisors, SPOCs and CPS SPOCs rightly read. Given what is
recorded of a case's complainants, ``IdentityScrubber`` finds each identifier
in a text and replaces it with the complainant's pseudonym (names) or a
category marker (``[date of birth]``, ``[address]``, ``[postcode]``,
``[phone]``, ``[email]``).

It is one regular expression per case, built once from the recorded
identities and applied to as many texts of the case as a page holds. What it
finds:

- **names**, case-blind, in any order and with or without the middle names:
  every forename with the surname ("Jane Mary Smith", "Jane Smith", "Mary
  Smith", "Smith, Jane", "SMITH Jane Mary"), an initial and the surname
  ("J. Smith"), a title and the surname ("Ms Smith"), and the surname or a
  forename alone, unless that word is also an ordinary word ("Brown", "May",
  "Rose": see ``ORDINARY_WORDS``) or shorter than three letters, which would
  mangle ordinary text; those are found only with another name or a title.
  A possessive keeps its ending ("Smith's" reads "C1's"). Accents, hyphens
  and apostrophes in names may be written or left out ("Zoe", "O Brien");
- **dates of birth** in the usual ways of writing them: 12/03/1990,
  12-03-1990, 12.3.90, 1990-03-12, 12 March 1990, 12th of March, 1990, 12 Mar
  90, March 12, 1990 (and month first, 03/12/1990). A date without its year
  is any day of the year, and is left alone;
- **addresses**: the whole recorded address and its first lines together, and
  each numbered line ("27 Marlpit Lane", also "27, Marlpit Lane"), with any
  spacing, commas and case; the street without its number too, unless it is
  as common as "High Street" (its first word an ordinary word). A town alone
  is left alone;
- **postcodes**, with any spacing and case;
- **phone numbers**, whatever their spacing and punctuation, with 0, +44,
  0044 or +44 (0) in front;
- **e-mail addresses**, case-blind.

Two complainants of one case sharing a name (a surname, a forename) are each
found by their full names; the shared word alone reads "C1 or C2".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

NAME_MARKER_SEPARATOR = " or "
DOB_MARKER = "[date of birth]"
ADDRESS_MARKER = "[address]"
POSTCODE_MARKER = "[postcode]"
PHONE_MARKER = "[phone]"
EMAIL_MARKER = "[email]"

# A word of a name that is also a word of ordinary English (or of this
# service's own text: "Police", "Crown", "Case") is found only beside
# another of the names or after a title: "Rose" alone would otherwise turn
# "the rose garden" into "the C1 garden". The list holds what names and
# words share most often; a name not in it is found alone.
ORDINARY_WORDS = frozenset(
    """
    a an and are as at be but by for from had has have he her him his i if in is it its
    me my no not of on or our she so than that the their them then there they this to
    too up us was we were what when where which who why will with you your
    all any also back been best both can come day did do down each even first get give
    go good great her here how into just know last like little long look made make
    man many more most much must new now old one only other out over own people right
    said same see should some still such take tell through time two under very way
    well work year years young
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs
    fri sat sun
    spring summer autumn winter christmas easter
    black blue brown gold golden gray green grey orange pink red rose silver white
    amber coral crystal ruby pearl jade ivy holly hazel heather violet lily daisy
    iris poppy jasmine olive sage fern willow rowan ash oak hope faith joy grace
    charity patience constance prudence honor honour mercy dawn eve star sky
    storm rain river brook cliff dale glen heath forest wood woods field fields hill
    hills lake marsh moor stone rock ford bridge
    bill will mark pat sue don ray rob art bob frank jack jay guy joy max rich earl
    duke king queen prince princess baron lord knight bishop dean major page
    baker butcher cook farmer hunter mason miller porter potter shepherd walker ward
    weaver
    fox wolf bird crow swan drake finch lamb bull hart buck hawk
    short long small large little strong sharp swift wild hardy good gentle love
    bell bush case chase child church cross day east frost hall head house
    high lane law little low main market mill new north park price reading
    rich road south station street summers town wall water waters well wells west
    banks bond burns fry hunt marsh moss nash penny sterling
    police officer crown court clinic cps area force victim witness suspect
    complainant
    van von der den de del della di du la le st mac mc
    """.split()  # noqa: SIM905  (a word list reads best as words)
)

# Titles before a surname: "Ms Smith", "Mrs. Brown" (found even when the
# surname is an ordinary word).
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "master", "sir", "dame", "lady", "madam")

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# The apostrophes and hyphens a name may be typed with.
APOSTROPHES = "'\u2019\u2018`"
HYPHENS = "-\u2010\u2013"

# Between two words of a name: spaces or a line break, a comma ("Smith,
# Jane"), a full stop after an initial.
_NAME_GAP = r"[\s,.]+"
# Between the parts of a date, the lines of an address, the digits of a phone.
_DATE_SEP = r"\s*[/.\-]\s*"
_ADDRESS_GAP = r"[\s,]+"
_PHONE_GAP = r"[\s\-.()/]*"


def _fold(text: str) -> str:
    """Without its accents: "Zoë" is "Zoe"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _letters_pattern(word: str) -> str:
    """A word as written or without its accents; an apostrophe or hyphen in it
    may be any apostrophe, a space, or left out ("O'Brien", "O Brien",
    "OBrien")."""
    out: list[str] = []
    for char in word:
        if char in APOSTROPHES:
            out.append(f"[{APOSTROPHES}\\s]?")
        elif char in HYPHENS:
            out.append(f"[{HYPHENS}\\s]?")
        else:
            folded = _fold(char)
            if folded and folded != char:
                out.append(f"(?:{re.escape(char)}|{re.escape(folded)})")
            else:
                out.append(re.escape(char))
    return "".join(out)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", text.strip()) if w.strip("." + APOSTROPHES + HYPHENS)]


def _bounded(pattern: str) -> str:
    """Not inside a longer word or number. A trailing possessive ("'s") is
    left outside the match, so it reads "C1's"."""
    return rf"(?<![\w@]){pattern}(?![\w@])"


def _ordinary(word: str) -> bool:
    plain = _fold(word).lower().strip("." + APOSTROPHES)
    return len(plain) < 3 or plain in ORDINARY_WORDS


@dataclass(frozen=True)
class RecordedIdentity:
    """What is recorded of one complainant: the fields of
    ``victims.models.IDENTITY_FIELDS`` and the pseudonym."""

    pseudonym: str
    first_names: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""


def _name_patterns(identity: RecordedIdentity) -> list[tuple[str, int]]:
    """(pattern, weight) for the names written together; the weight orders
    the longer forms first so that "Jane Mary Smith" is one match, not three."""
    forenames = _words(identity.first_names)
    surname_words = _words(identity.last_name)
    if not surname_words and not forenames:
        return []
    surname = _NAME_GAP.join(_letters_pattern(w) for w in surname_words) if surname_words else ""
    fore = [_letters_pattern(w) for w in forenames]
    found: list[tuple[str, int]] = []
    if surname:
        if fore:
            every = _NAME_GAP.join(fore)
            found += [
                (f"{every}{_NAME_GAP}{surname}", 100),
                (f"{surname}{_NAME_GAP}{every}", 100),
            ]
            for one in fore:
                found += [
                    (f"{one}{_NAME_GAP}{surname}", 80),
                    (f"{surname}{_NAME_GAP}{one}", 80),
                ]
            initials = sorted({_fold(w)[0] for w in forenames if _fold(w)[:1].isalpha()})
            if initials:
                initial = f"[{''.join(re.escape(i) for i in initials)}]"
                found.append((rf"{initial}\.?(?:\s*{initial}\.?)*\s+{surname}", 70))
        titles = "|".join(TITLES)
        found.append((rf"(?:{titles})\.?\s+{surname}", 60))
        if len(surname_words) > 1:
            # "van der Berg" whole (a one-word surname is a single name below).
            found.append((surname, 40))
    if len(fore) > 1:
        found.append((_NAME_GAP.join(fore), 50))
    return found


def _single_names(identity: RecordedIdentity) -> dict[str, str]:
    """The words of the names that are safe to find alone, by their folded
    lower-case spelling: each part of a hyphenated name ("Mary-Jane",
    "Smith-Jones") and of a surname of several words ("van der Berg")."""
    words = [
        part
        for word in _words(identity.first_names) + _words(identity.last_name)
        for part in re.split(f"[{HYPHENS}]", word)
        if part
    ]
    safe = [w.strip(".") for w in words if not _ordinary(w)]
    return {_fold(w).lower().strip(APOSTROPHES): w for w in safe}


def _dob_patterns(born: date) -> list[str]:
    day, month, year = born.day, born.month, born.year
    d = rf"0?{day}"
    m = rf"0?{month}"
    y = rf"(?:{year}|{year % 100:02d})"
    ordinal = r"(?:st|nd|rd|th)?"
    name = MONTHS[month - 1]
    month_word = r"(?:september|sept|sep)\.?" if month == 9 else rf"(?:{name}|{name[:3]})\.?"
    return [
        rf"{d}{_DATE_SEP}{m}{_DATE_SEP}{y}",
        rf"{m}{_DATE_SEP}{d}{_DATE_SEP}{y}",
        rf"{year}{_DATE_SEP}{m}{_DATE_SEP}{d}",
        rf"{d}{ordinal}(?:\s+of)?[\s\-]+{month_word}[\s,\-]+'?{y}",
        rf"{month_word}\s+{d}{ordinal},?\s+'?{y}",
    ]


def _address_patterns(address: str) -> list[tuple[str, int]]:
    lines = [line.strip(" ,") for line in re.split(r"[\n\r,]+", address) if line.strip(" ,")]
    if not lines:
        return []

    def line_pattern(line: str) -> str:
        return _ADDRESS_GAP.join(_letters_pattern(w) for w in _words(line))

    found: list[tuple[str, int]] = []
    # The address from its first line on, as many lines as are written.
    for end in range(len(lines), 1, -1):
        found.append((_ADDRESS_GAP.join(line_pattern(x) for x in lines[:end]), 30 + end))
    for line in lines:
        words = _words(line)
        if not any(ch.isdigit() for ch in line):
            continue
        found.append((line_pattern(line), 30))
        street = [w for w in words if not any(ch.isdigit() for ch in w)]
        number_first = any(ch.isdigit() for ch in words[0])
        if number_first and len(street) >= 2 and not _ordinary(street[0]):
            found.append((_ADDRESS_GAP.join(_letters_pattern(w) for w in street), 29))
    return found


def _postcode_pattern(postcode: str) -> str | None:
    plain = re.sub(r"\s+", "", postcode)
    if len(plain) < 5:
        return None
    outward, inward = plain[:-3], plain[-3:]
    return rf"{re.escape(outward)}\s*{re.escape(inward)}"


def _phone_pattern(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+44") or (digits.startswith("44") and len(digits) == 12):
        national = digits[2:]
    elif digits.startswith("0") and not digits.startswith("00"):
        national = digits[1:]
    else:
        national = ""
    if national:
        prefix = rf"(?:(?:\+\s*44|0044|44){_PHONE_GAP}(?:\(?0\)?{_PHONE_GAP})?|\(?0)"
        body = _PHONE_GAP.join(national)
        # The national number alone ("7700 900417") is as telling.
        return rf"(?:{prefix})?{_PHONE_GAP}{body}"
    if len(digits) < 6:
        return None
    return rf"(?:\+|00)?{_PHONE_GAP.join(digits)}"


class IdentityScrubber:
    """Finds and replaces every identifier recorded of a case's complainants.

    Built once per case (``IdentityScrubber(identities)``), used for every
    text of the case shown to one not entitled to the identity. Empty (no
    complainant, nothing recorded), it returns each text as it is."""

    def __init__(self, identities: Iterable[RecordedIdentity]) -> None:
        self.identities = tuple(identities)
        # (pattern, weight, replacement), one named group each.
        parts: list[tuple[str, int, str]] = []
        # A word found alone: its spelling, and whose name it is.
        singles: dict[str, tuple[str, list[str]]] = {}
        for identity in self.identities:
            parts += [(p, w, identity.pseudonym) for p, w in _name_patterns(identity)]
            for key, word in _single_names(identity).items():
                singles.setdefault(key, (word, []))[1].append(identity.pseudonym)
            if identity.date_of_birth:
                parts += [(p, 90, DOB_MARKER) for p in _dob_patterns(identity.date_of_birth)]
            if identity.address:
                parts += [(p, w, ADDRESS_MARKER) for p, w in _address_patterns(identity.address)]
            postcode = _postcode_pattern(identity.postcode)
            if postcode:
                parts.append((postcode, 95, POSTCODE_MARKER))
            phone = _phone_pattern(identity.phone)
            if phone:
                parts.append((phone, 95, PHONE_MARKER))
            if identity.email.strip():
                parts.append((re.escape(identity.email.strip()), 200, EMAIL_MARKER))
        for word, pseudonyms in singles.values():
            marker = NAME_MARKER_SEPARATOR.join(dict.fromkeys(pseudonyms))
            parts.append((_letters_pattern(word), 10, marker))
        # At any one place the first alternative that matches wins: the
        # heaviest (an e-mail before the name inside it) and, among equals,
        # the longest pattern (the longer spelling of the same thing).
        parts.sort(key=lambda part: (-part[1], -len(part[0])))
        self._replacements: dict[str, str] = {}
        groups: list[str] = []
        for index, (pattern, _, replacement) in enumerate(parts):
            name = f"i{index}"
            self._replacements[name] = replacement
            groups.append(f"(?P<{name}>{_bounded(pattern)})")
        self._regex = re.compile("|".join(groups), re.IGNORECASE | re.UNICODE) if groups else None

    def _replace(self, match: re.Match[str]) -> str:
        return self._replacements[match.lastgroup or ""]

    def scrub(self, text: str) -> str:
        """``text`` with every identifier replaced."""
        if not text or self._regex is None:
            return text
        return self._regex.sub(self._replace, text)

    __call__ = scrub

    def found_in(self, text: str) -> list[str]:
        """What ``text`` would be shown with in place of the identifiers it
        holds ("C1", "[date of birth]"), each once, in the order found."""
        if not text or self._regex is None:
            return []
        return list(
            dict.fromkeys(self._replacements[m.lastgroup or ""] for m in self._regex.finditer(text))
        )
