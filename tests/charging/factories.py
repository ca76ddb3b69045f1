"""Early advice and file-quality queries in the shapes the stories need."""

from __future__ import annotations

import itertools
from typing import Any

from cases import services as case_services
from cases.models import CaseFile
from charging.early_advice.models import EarlyAdviceRequest
from charging.early_advice.services import (
    early_advice_allocate,
    early_advice_give,
    early_advice_request,
)
from charging.queries.models import FileQualityQuery
from charging.queries.services import query_raise
from rasso.accounts.models import User
from tests.cases.factories import submitted_case

ADVICE = {
    "investigation_strategy": "Trace the taxi driver; obtain the door camera footage.",
    "reasonable_lines_of_enquiry": "Phone download limited to the night in question.",
    "evidential_requirements": "ABE interview, first account witness statement.",
    "disclosure_decisions": "Schedule the messages; no counselling notes needed.",
    "third_party_material_decisions": "Seek GP records only for the week after.",
}


def ask(officer: User, case: CaseFile, **questions: Any) -> EarlyAdviceRequest:
    return early_advice_request(
        actor=officer,
        case=case,
        **(questions or {"likely_charges": "Rape (s.1) or assault by penetration (s.2)?"}),
    )


def allocated(spoc: User, prosecutor: User, request: EarlyAdviceRequest) -> EarlyAdviceRequest:
    return early_advice_allocate(actor=spoc, request=request, prosecutor=prosecutor)


def advised(spoc: User, prosecutor: User, request: EarlyAdviceRequest) -> EarlyAdviceRequest:
    request = allocated(spoc, prosecutor, request)
    early_advice_give(actor=prosecutor, request=request, **ADVICE)
    request.refresh_from_db()
    return request


def case_with_prosecutor(officer: User, spoc: User, prosecutor: User) -> CaseFile:
    """A file submitted to CPS South East and allocated to ``prosecutor``."""
    case = submitted_case(officer)
    return case_services.case_allocate_prosecutor(actor=spoc, case=case, prosecutor=prosecutor)


_query_numbers = itertools.count(1)


def raise_query(prosecutor: User, case: CaseFile, **fields: Any) -> FileQualityQuery:
    # Each a different query by default: the same one raised again at once is
    # taken for a double click and not saved twice.
    default = f"The MG11 of witness {next(_query_numbers)} is missing."
    return query_raise(
        actor=prosecutor,
        case=case,
        category=fields.get("category", "missing_document"),
        description=fields.get("description", default),
    )
