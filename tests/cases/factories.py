"""Case files in the shapes the stories need: draft, complete, submitted."""

from __future__ import annotations

import itertools
from datetime import date
from io import BytesIO
from typing import Any

from cases import services
from cases.models import CaseFile, DocumentKind, Offence
from rasso.accounts.models import Organisation, User
from victims.services import complainant_add

_numbers = itertools.count(1)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def next_urn(force: Organisation, unit: str = "KA", year: int = 26) -> str:
    return f"{force.code}{unit}{next(_numbers):05d}{year:02d}"


def case_create(oic: User, force_name: str = "Kent", **fields: Any) -> CaseFile:
    force = Organisation.objects.get(name=force_name)
    return services.case_create(
        actor=oic, urn=fields.pop("urn", None) or next_urn(force), force=force, **fields
    )


def upload(case: CaseFile, actor: User, kind: str, name: str = "doc.pdf") -> Any:
    return services.document_upload(
        actor=actor, case=case, kind=kind, upload=BytesIO(PDF_BYTES), name=name
    )


def complete_case(oic: User, force_name: str = "Kent", **fields: Any) -> CaseFile:
    """A case under investigation whose file passes the checklist."""
    case = case_create(oic, force_name, reported_on=date(2026, 3, 1), **fields)
    services.offence_add(
        actor=oic,
        case=case,
        offence=Offence.objects.get(act="Sexual Offences Act 2003", section="1"),
        committed_from=date(2026, 2, 27),
    )
    services.suspect_add(actor=oic, case=case, first_names="John", last_name="Suspectson")
    complainant_add(actor=oic, case=case, first_names="Jane", last_name="Complainant")
    for kind in (
        DocumentKind.MG3,
        DocumentKind.ABE,
        DocumentKind.MG15,
        DocumentKind.MG5,
        DocumentKind.MG6C,
        DocumentKind.MG6D,
    ):
        upload(case, oic, kind)
    services.case_start_investigation(actor=oic, case=case)
    case.refresh_from_db()
    return case


def submitted_case(oic: User, force_name: str = "Kent", **fields: Any) -> CaseFile:
    case = complete_case(oic, force_name, **fields)
    case = services.case_submit_for_charging(actor=oic, case=case)
    return case
