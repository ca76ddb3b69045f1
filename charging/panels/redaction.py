"""The redaction step of a review pack: every identifier recorded on the case,
found in free text, proposed for redaction, and checked for once more before
release.

What it finds, on top of the complainants' identity (the one identity
scrubber, ``cases.identity``, built in ``victims``): the suspects' names and
dates of birth (as S1, S2), the case's URN and anything shaped like one, vehicle
registrations, and the names of the officers and prosecutors on the case
(as their roles). ``propose`` gives the text with each replaced;
``categories_in`` names what a text still holds, for the release check.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cases.identity import TextScrubber, scrubbers_for
from cases.models import CaseFile
from victims.scrubber import IdentityScrubber, RecordedIdentity

URN_MARKER = "[URN]"
VEHICLE_MARKER = "[vehicle]"
# Any police URN (2 digits, 2 characters, 5 digits, 2 digits), spaced or not.
URN_PATTERN = re.compile(r"\b\d{2}\s?[A-Z0-9]{2}\s?\d{5}\s?\d{2}\b", re.IGNORECASE)
# A current-style British registration (AB12 CDE). The older prefix style
# (A123 BCD) is left out: it cannot be told from a pseudonym and a word ("S1
# was", "C1 ABE").
VEHICLE_PATTERN = re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b", re.IGNORECASE)

# What a found marker says was found, for the release check's refusal.
_CATEGORY_OF_MARKER = {
    "[date of birth]": "a date of birth",
    "[address]": "an address",
    "[postcode]": "a postcode",
    "[phone]": "a phone number",
    "[email]": "an e-mail address",
}


def _category(marker: str) -> str:
    if marker in _CATEGORY_OF_MARKER:
        return _CATEGORY_OF_MARKER[marker]
    if marker.startswith("C"):
        return "a complainant's name"
    if marker.startswith("S"):
        return "a suspect's name"
    return "a name of the police or CPS staff on the case"


@dataclass
class PackRedactor:
    complainants: TextScrubber
    suspects: IdentityScrubber
    # The officer in the case and the prosecutor, found as the scrubber finds
    # names (any order, initials, not an ordinary word alone), read as roles.
    staff: IdentityScrubber
    urn: str = ""

    def propose(self, text: str) -> str:
        """``text`` with every identifier replaced by a pseudonym, a role or a
        category marker."""
        text = self.complainants.scrub(text)
        text = self.suspects.scrub(text)
        text = self.staff.scrub(text)
        text = URN_PATTERN.sub(URN_MARKER, text)
        return VEHICLE_PATTERN.sub(VEHICLE_MARKER, text)

    def categories_in(self, text: str) -> list[str]:
        """What ``text`` still identifies, each category once."""
        found = [_category(m) for m in self.complainants.found_in(text)]
        found += [_category(m) for m in self.suspects.found_in(text)]
        found += [_category(m) for m in self.staff.found_in(text)]
        if URN_PATTERN.search(text) or (self.urn and self.urn in text.upper().replace(" ", "")):
            found.append("the URN")
        if VEHICLE_PATTERN.search(text):
            found.append("a vehicle registration")
        return list(dict.fromkeys(found))

    def categories_in_html(self, page: str) -> list[str]:
        """The same check of a rendered page: its text, its attributes and
        its markup, unescaped."""
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        return list(
            dict.fromkeys(self.categories_in(text) + self.categories_in(html.unescape(page)))
        )


def _staff(case: CaseFile) -> IdentityScrubber:
    people = [(case.oic, "the OIC")]
    if case.prosecutor is not None:
        people.append((case.prosecutor, "the prosecutor"))
    recorded = []
    for person, role in people:
        *first, last = (person.full_name or "").split() or [""]
        recorded.append(
            RecordedIdentity(pseudonym=role, first_names=" ".join(first), last_name=last)
        )
    return IdentityScrubber(recorded)


def pack_redactor(case: CaseFile) -> PackRedactor:
    """Everything recorded on ``case`` that could identify someone."""
    case = CaseFile.objects.select_related("oic", "prosecutor").get(pk=case.pk)
    suspects = IdentityScrubber(
        RecordedIdentity(
            pseudonym=f"S{number}",
            first_names=suspect.first_names,
            last_name=suspect.last_name,
            date_of_birth=suspect.date_of_birth,
        )
        for number, suspect in enumerate(case.suspects.order_by("id"), start=1)
    )
    return PackRedactor(
        complainants=scrubbers_for([case.pk])[case.pk],
        suspects=suspects,
        staff=_staff(case),
        urn=case.urn.upper(),
    )


def identifiers_in(text: str, case_ids: Iterable[int]) -> list[str]:
    """What ``text``, written for a panel, identifies on any of those cases,
    each category once: for text members read that is not a pack's own
    (minutes, key messages, a response to a referral)."""
    found: list[str] = []
    for case in CaseFile.objects.filter(pk__in=list(set(case_ids))).order_by("pk"):
        found += pack_redactor(case).categories_in(text)
    return list(dict.fromkeys(found))
