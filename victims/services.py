"""Writes to complainants."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import rules
from cases.models import CaseFile
from cases.services import CaseError, case_event_record, case_touch
from rasso.accounts.models import User
from rasso.audit.services import audit_record
from victims.models import Complainant

IDENTITY_FIELDS = (
    "first_names",
    "last_name",
    "date_of_birth",
    "address",
    "phone",
    "email",
    "enhanced_rights",
)


@transaction.atomic
def complainant_add(*, actor: User, case: CaseFile, **fields: Any) -> Complainant:
    """The OIC (or an officer granted the case) records a complainant. They
    get the next pseudonym (C1, C2, ...); the timeline and the audit log name
    only the pseudonym."""
    case = CaseFile.objects.select_for_update().get(pk=case.pk)
    if not rules.may_edit(actor, case):
        raise CaseError("You cannot change this case")
    # The next number after the highest ever given: a pseudonym is never reused.
    taken = Complainant.objects.filter(case=case).values_list("pseudonym", flat=True)
    number = max((int(p[1:]) for p in taken if p[1:].isdigit()), default=0) + 1
    complainant = Complainant(
        case=case,
        pseudonym=f"C{number}",
        **{k: v for k, v in fields.items() if k in IDENTITY_FIELDS},
    )
    try:
        complainant.full_clean()
    except ValidationError as error:
        raise CaseError(" ".join(error.messages)) from None
    complainant.save()
    case_touch(case)
    case_event_record(
        case=case,
        actor=actor,
        kind="complainant_added",
        description=f"Complainant {complainant.pseudonym} added",
    )
    audit_record(
        actor=actor,
        action="complainant.create",
        obj=complainant,
        detail={"case": case.pk, "pseudonym": complainant.pseudonym},
    )
    return complainant


def complainant_checklist(case: CaseFile) -> list[Any]:
    from cases.services import ChecklistItem

    has_one = Complainant.objects.filter(case=case).exists()
    return [ChecklistItem("At least one complainant", has_one)]
