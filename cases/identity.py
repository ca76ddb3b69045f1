"""Free text of a case as each reader may read it.

Questions, rationales, answers, minutes, reasons, deadline and timeline text
are typed by people and may name the complainant. Whoever may not see the
complainants' identity (``rules.may_see_complainant_identity``) reads every
such text through the identity scrubber of the case; those entitled read it
as written.

The scrubber is the complainants app's (``victims.scrubber``): ``cases``
never imports it, victims registers it here (``text_scrubber_register``, in
``VictimsConfig.ready``). Until one is registered every reader who is not
entitled reads "[text withheld]": no registration fails closed.

The cost stays flat: ``CaseTexts`` decides, for all the cases of a page at
once, who is entitled (one query for the grants) and builds the scrubbers of
the others (one query for their complainants), then scrubs as many texts as
the page holds without another query.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Protocol

from cases import rules
from cases.models import CaseFile
from rasso.accounts.models import User

WITHHELD = "[text withheld]"


class TextScrubber(Protocol):
    """What the complainants app gives for one case."""

    def scrub(self, text: str) -> str: ...

    def found_in(self, text: str) -> list[str]: ...


# case ids -> the scrubber of each case that has complainants (a case
# missing from the answer has none: its text reads as written).
ScrubberSource = Callable[[Collection[int]], Mapping[int, TextScrubber]]

_SOURCES: list[ScrubberSource] = []


def text_scrubber_register(source: ScrubberSource) -> None:
    """Victims registers how to build the scrubbers of a set of cases."""
    if source not in _SOURCES:
        _SOURCES.append(source)


class _Withhold:
    def scrub(self, text: str) -> str:
        return WITHHELD if text else text

    def found_in(self, text: str) -> list[str]:
        return []


class _AsWritten:
    def scrub(self, text: str) -> str:
        return text

    def found_in(self, text: str) -> list[str]:
        return []


AS_WRITTEN: TextScrubber = _AsWritten()


def scrubbers_for(case_ids: Collection[int]) -> dict[int, TextScrubber]:
    """The scrubber of each case (as written for a case with no complainant),
    in one query per registered source."""
    ids = set(case_ids)
    if not ids:
        return {}
    if not _SOURCES:
        return dict.fromkeys(ids, _Withhold())
    found: dict[int, TextScrubber] = {}
    for source in _SOURCES:
        found.update(source(ids))
    return {case_id: found.get(case_id, AS_WRITTEN) for case_id in ids}


class TextReader:
    """One reader's view of the free text of one case: call it with a text.
    Falsy values (None, "") are given back as they are."""

    # A template hands it to the ``readable`` filter; it must not call it.
    do_not_call_in_templates = True

    def __init__(self, texts: CaseTexts, case: CaseFile) -> None:
        self._texts = texts
        self._case = case

    def __call__(self, text: Any) -> Any:
        if not text:
            return text
        return self._texts.read(self._case, str(text))


class CaseTexts:
    """Free text of cases as ``user`` may read it (None: nobody entitled, as
    for notifications, which are never more than pseudonymous).

    ``prepare(cases)`` readies every case of a page at once; a case not
    prepared is readied on its first text, on its own."""

    def __init__(self, user: User | None) -> None:
        self.user = user
        self._scrubbers: dict[int, TextScrubber] = {}

    def prepare(self, cases: Iterable[CaseFile]) -> CaseTexts:
        todo = {c.pk: c for c in cases if c.pk not in self._scrubbers}
        if not todo:
            return self
        entitled = (
            rules.cases_with_identity_visible(self.user, todo.values())
            if self.user is not None
            else set()
        )
        for case_id in entitled:
            self._scrubbers[case_id] = AS_WRITTEN
        self._scrubbers.update(scrubbers_for(set(todo) - entitled))
        return self

    def scrubber(self, case: CaseFile) -> TextScrubber:
        if case.pk not in self._scrubbers:
            self.prepare([case])
        return self._scrubbers[case.pk]

    def read(self, case: CaseFile, text: str) -> str:
        return self.scrubber(case).scrub(text)

    def reader(self, case: CaseFile) -> TextReader:
        return TextReader(self, case)


def readable_text(user: User | None, case: CaseFile, text: str) -> str:
    """One text of ``case`` as ``user`` may read it (for a page or answer
    with one text; a page of many uses ``CaseTexts``)."""
    return CaseTexts(user).read(case, text)


def identity_named(case: CaseFile, texts: Iterable[Any]) -> list[str]:
    """What others would read in place of the identifiers ``texts`` hold
    ("C1", "[date of birth]"), each once: empty when they name nobody."""
    scrubber = scrubbers_for({case.pk})[case.pk]
    found: dict[str, None] = {}
    for text in _strings(texts):
        found.update(dict.fromkeys(scrubber.found_in(text)))
    return list(found)


def _strings(values: Iterable[Any]) -> Iterable[str]:
    """The text in what a form saved, nested ones too (a decision's threshold
    conditions, each with its reasons)."""
    for value in values:
        if isinstance(value, str):
            if value:
                yield value
        elif isinstance(value, dict):
            yield from _strings(value.values())
        elif isinstance(value, list | tuple):
            yield from _strings(value)


def identity_warning(user: User, case: CaseFile, texts: Iterable[Any]) -> str | None:
    """The notice for a user entitled to the identity who saved free text
    that identifies a complainant: how everyone else will read it. None when
    it names nobody, and None for anyone not entitled, whatever they wrote
    (telling them would confirm a guess of who the complainant is)."""
    if not rules.may_see_complainant_identity(user, case):
        return None
    found = identity_named(case, texts)
    if not found:
        return None
    shown = found[0] if len(found) == 1 else ", ".join(found[:-1]) + f" and {found[-1]}"
    return (
        "What you wrote identifies the complainant. Those who may see the case but not "
        f"who the complainant is will read it with {shown} in its place."
    )


def identity_notice(user: User, case: CaseFile) -> Callable[[dict[str, Any]], str | None]:
    """``identity_warning`` for a form page's ``notice``: the text fields of
    what was saved."""
    return lambda data: identity_warning(user, case, data.values())
