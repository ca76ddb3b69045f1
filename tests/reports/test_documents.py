"""The PDF and the CSV: their contents, and no identity anywhere in them."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from cases.models import CaseFile
from charging.decisions.models import CpsDecision
from rasso.accounts.models import Organisation
from reports.documents import report_render
from reports.metrics import Period, Scope
from tests.cases.factories import submitted_case
from tests.conftest import Personas
from tests.reports import factories as f
from tests.reports.factories import at


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_names_no_one_and_no_case(personas: Personas) -> None:
    # Real cases through the services: a complainant, a suspect, an officer.
    cases = [submitted_case(personas.officer) for _ in range(6)]
    for case in cases:
        CpsDecision.objects.create(
            case=case,
            case_version=case.version,
            decided_by=personas.prosecutor,
            test="full",
            outcome="charge",
        )
    f.complainant(cases[0], first_names="Philippa", last_name="Quixworth")
    period = Period.half_containing(timezone.localdate())
    files = report_render(Scope.of(Organisation.objects.get(name="Kent")), period)
    text = pdf_text(files.pdf)
    assert "Summary of the key figures" in text
    assert "Methodology" in text
    assert "Kent" in text
    assert "Charge rate" in text
    for forbidden in (
        # "Jane Complainant" (the factories' complainant): "Complainant" is
        # also a word of the figures' labels, so her first name stands for her.
        "Jane",
        "Philippa",
        "Quixworth",
        "John",
        "Suspectson",
        personas.officer.full_name,
        personas.prosecutor.full_name,
        *CaseFile.objects.values_list("urn", flat=True),
    ):
        assert forbidden not in text, forbidden
        assert forbidden not in files.csv, forbidden


def test_the_pdf_is_tagged_for_accessibility(personas: Personas) -> None:
    files = report_render(Scope.national(), Period.parse("2026-H1"))
    reader = PdfReader(io.BytesIO(files.pdf))
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert len(reader.pages) >= 6  # cover, summary, four sections, methodology


def test_the_csv_has_every_figure_suppressed_as_the_pdf(personas: Personas) -> None:
    kent = f.make_case(personas.officer, created=at(date(2026, 1, 1)))
    f.decision(kent, personas.prosecutor, at(date(2026, 5, 1)), "charge")
    files = report_render(Scope.national(), Period.parse("2026-H1"))
    rows = [line.split(",") for line in files.csv.splitlines()]
    charged = next(r for r in rows if r[1] == "Charged (CPS decisions to charge)")
    assert charged[2:4] == ["2026-H1", "<5"]
    assert "<5" in pdf_text(files.pdf)


def test_the_pdf_draws_its_own_charts(personas: Personas, caplog: Any) -> None:
    # The charts are data: URLs the report drew itself: the PDF's fetcher
    # (rasso.core.pdf) lets exactly those through and refuses any other.
    submitted_case(personas.officer)
    period = Period.half_containing(timezone.localdate())
    with caplog.at_level("WARNING"):
        report_render(Scope.national(), period)
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert refusals == []
    assert not [r for r in caplog.records if r.name == "weasyprint" and "image" in r.getMessage()]
