"""``cases.identity``: how cases' pages and answers read free text without
importing the complainants app, and that a slip withholds rather than leaks."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template, VariableDoesNotExist

from cases import identity
from cases.identity import WITHHELD, CaseTexts, readable_text
from tests.conftest import Personas
from tests.victims.factories import investigated

pytestmark = pytest.mark.django_db

TEXT = "Zephyrine Quillfeather was seen."


def test_the_oic_reads_as_written_the_supervisor_scrubbed(personas: Personas) -> None:
    case, _ = investigated(personas.officer)
    assert readable_text(personas.officer, case, TEXT) == TEXT
    assert readable_text(personas.supervisor, case, TEXT) == "C1 was seen."
    assert readable_text(None, case, TEXT) == "C1 was seen."


def test_with_no_scrubber_registered_nothing_is_shown(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, _ = investigated(personas.officer)
    monkeypatch.setattr(identity, "_SOURCES", [])
    assert readable_text(personas.supervisor, case, TEXT) == WITHHELD
    assert readable_text(personas.officer, case, TEXT) == TEXT


def test_a_template_without_its_reader_withholds(personas: Personas) -> None:
    case, _ = investigated(personas.officer)
    template = Template("{% load case_tags %}[{{ text|readable:reader }}]")
    assert template.render(Context({"text": TEXT, "reader": None})) == f"[{WITHHELD}]"
    with pytest.raises(VariableDoesNotExist):
        template.render(Context({"text": TEXT}))
    reader = CaseTexts(personas.supervisor).reader(case)
    assert template.render(Context({"text": TEXT, "reader": reader})) == "[C1 was seen.]"
    # Escaped as any text is.
    assert template.render(Context({"text": "<b>x</b>", "reader": reader})) == (
        "[&lt;b&gt;x&lt;/b&gt;]"
    )


def test_a_page_of_cases_reads_grants_and_complainants_once(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    cases = [investigated(personas.officer)[0] for _ in range(4)]
    texts = CaseTexts(personas.supervisor)
    # The supervisor's memberships (then cached), their grants among the
    # cases, the cases' complainants.
    with django_assert_num_queries(3):
        texts.prepare(cases)
        read = [texts.read(case, TEXT) for case in cases]
    assert read == ["C1 was seen."] * 4
