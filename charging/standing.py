"""What one user is to one case, worked out once for every charging rule.

The officer in the case, a police officer of the force granted it, a
supervisor or SPOC of its force, a CPS SPOC of its Area, its allocated
prosecutor: each slice's ``rules`` reads a ``Standing`` with the object's
status, so a page of twenty requests costs no more queries than a page of one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases import rules as case_rules
from cases.models import CaseFile
from rasso.accounts.models import Role


@dataclass(frozen=True)
class Standing:
    """What one user is to one case."""

    user_id: int
    works_on_case: bool  # the OIC, or a police officer of the force granted it
    is_oic: bool
    force_supervisor: bool  # a police supervisor or SPOC of the case's force
    area_spoc: bool  # a CPS SPOC of the case's Area
    case_prosecutor: bool  # the prosecutor allocated the case


def standing(user: Any, case: CaseFile) -> Standing:
    works = case_rules.works_on_case(user, case)
    return Standing(
        user_id=user.pk,
        works_on_case=works,
        is_oic=works and case.oic_id == user.pk,
        force_supervisor=case_rules.is_police_supervisor_of(user, case.force_id),
        area_spoc=case_rules.has_role(user, Role.CPS_SPOC, case.cps_area_id),
        case_prosecutor=case.prosecutor_id is not None and case.prosecutor_id == user.pk,
    )


def is_deciding_prosecutor(user: Any, case: CaseFile) -> bool:
    """The case's allocated prosecutor, while still a prosecutor of its Area."""
    return (
        case.prosecutor_id is not None
        and case.prosecutor_id == user.pk
        and case_rules.has_role(user, Role.PROSECUTOR, case.cps_area_id)
    )
