"""What every charging service does to the case it acts on: read it (or lock
its row), raise a rule's refusal, write its timeline and the audit log,
and tell the complainants of a decision. Shared by the sub-domains' ``services``."""

from __future__ import annotations

from typing import Any

from cases.models import CaseFile
from cases.services import case_event_record, case_key_event
from rasso.accounts.models import User
from rasso.audit.services import audit_record

# A rule's refusal, raised as a 403 (re-exported for the sub-domains' services).
from rasso.core.errors import refuse as refuse


def record_event(
    case: CaseFile, actor: User, obj: Any, kind: str, description: str, **detail: Any
) -> None:
    case_event_record(case=case, actor=actor, kind=kind, description=description)
    audit_record(
        actor=actor, action=f"charging.{kind}", obj=obj, detail={"case": case.pk, **detail}
    )


def case_read(case_id: int) -> CaseFile:
    return CaseFile.objects.select_related("force", "cps_area", "oic").get(pk=case_id)


def tell_complainants(case: CaseFile, actor: User, what: str) -> None:
    """A decision is a key event: each complainant is to be told of it
    (the complainants app opens the deadlines, 1 working day with enhanced
    rights, else 5)."""
    case_key_event(case=case, actor=actor, event=what)


def case_locked(case: CaseFile) -> CaseFile:
    """The case row, locked: a decision, a plan's issue and an NFA approval
    on the same case are put in order, and the second sees what the first did."""
    return (
        CaseFile.objects.select_for_update(of=("self",))
        .select_related("force", "cps_area", "oic")
        .get(pk=case.pk)
    )
