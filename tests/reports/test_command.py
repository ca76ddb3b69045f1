"""python manage.py progress_report, for operators."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Personas


def test_a_report_by_hand(personas: Personas, tmp_path: Path) -> None:
    out, csv = tmp_path / "report.pdf", tmp_path / "figures.csv"
    stderr = io.StringIO()
    call_command(
        "progress_report",
        "--scope",
        "south east",
        "--period",
        "2026-H1",
        "--out",
        str(out),
        "--csv",
        str(csv),
        stderr=stderr,
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert "Charge rate" in csv.read_text()
    progress = stderr.getvalue()
    for stage in ("Computing the figures", "Drawing the charts", "Laying out the PDF", "Wrote"):
        assert stage in progress


def test_an_unknown_scope_or_period(personas: Personas, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No CPS Area or police force"):
        call_command(
            "progress_report",
            "--scope",
            "Atlantis",
            "--period",
            "2026-H1",
            "--out",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="2026-H1"):
        call_command(
            "progress_report",
            "--scope",
            "national",
            "--period",
            "H1",
            "--out",
            str(tmp_path / "x.pdf"),
        )


@pytest.mark.parametrize("period", ["0001-H1", "9999-H2"])
def test_a_period_outside_the_years(personas: Personas, tmp_path: Path, period: str) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=r"^Give a period from 2000 to \d{4}, like 2026-H1$"):
        call_command(
            "progress_report", "--scope", "national", "--period", period, "--out", str(out)
        )
    assert not out.exists()
