"""``python manage.py progress_report --scope SCOPE --period 2026-H1 --out FILE.pdf
[--csv FILE.csv]``: a progress report made here and now, for operators.

The same PDF the ``reports`` queue produces, made synchronously, with a
progress line per stage on stderr. SCOPE is ``national``, or a CPS Area or a
police force by name (any case). Nothing is stored in the database.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rasso.accounts.models import Organisation, OrganisationKind
from reports.documents import report_render
from reports.metrics import Period, Scope


def scope_named(name: str) -> Scope:
    if name.strip().lower() == "national":
        return Scope.national()
    organisation = Organisation.objects.filter(
        name__iexact=name.strip(),
        kind__in=[OrganisationKind.CPS_AREA, OrganisationKind.POLICE_FORCE],
    ).first()
    if organisation is None:
        raise CommandError(
            f"No CPS Area or police force is called {name!r}: give its name as the "
            "service spells it (e.g. 'South East', 'Kent'), or 'national'"
        )
    return Scope.of(organisation)


class Command(BaseCommand):
    help = "Produce a progress report PDF (and optionally its CSV) for a scope and a half-year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", required=True, help="national, a CPS Area or a force")
        parser.add_argument("--period", required=True, help="a half-year, like 2026-H1")
        parser.add_argument("--out", required=True, type=Path, help="where to write the PDF")
        parser.add_argument("--csv", type=Path, help="where to write the figures as CSV")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = scope_named(options["scope"])
        try:
            period = Period.parse(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        started = time.monotonic()

        def progress(stage: str) -> None:
            self.stderr.write(f"[{time.monotonic() - started:6.1f} s] {stage}")

        progress(f"Progress report for {scope.name}, {period.label}")
        files = report_render(scope, period, progress)
        options["out"].write_bytes(files.pdf)
        progress(f"Wrote {options['out']} ({len(files.pdf):,} bytes)")
        if options["csv"]:
            options["csv"].write_text(files.csv, encoding="utf-8")
            progress(f"Wrote {options['csv']}")
