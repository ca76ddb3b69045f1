"""What one user is to one case, worked out once for every charging rule.

The officer in the case, a police officer of the force granted it, a
supervisor or SPOC of its force, a CPS SPOC of its Area, its allocated
prosecutor: each sub-domain's ``rules`` reads a ``Standing`` with the
object's status, so a page of twenty requests costs no more queries than a
page of one. A rule returns why the user may not act (a sentence for them to
read), or None when they may: the service raises that reason and the page
offers the button only when there is none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases import rules as case_rules
from cases.models import CaseFile
from rasso.accounts.models import Role, User


@dataclass(frozen=True)
class Standing:
    """What one user is to one case."""

    user_id: int
    works_on_case: bool  # the OIC, or a police officer of the force granted it
    is_oic: bool
    force_supervisor: bool  # a police supervisor or SPOC of the case's force
    police_supervisor: bool  # a police supervisor of the case's force (not a SPOC)
    area_spoc: bool  # a CPS SPOC of the case's Area
    case_prosecutor: bool  # the prosecutor allocated the case
    # The allocated prosecutor, while still a prosecutor of the case's Area:
    # who decides, and writes action plans.
    deciding_prosecutor: bool


def standing(user: User, case: CaseFile) -> Standing:
    works = case_rules.works_on_case(user, case)
    allocated = case.prosecutor_id is not None and case.prosecutor_id == user.pk
    return Standing(
        user_id=user.pk,
        works_on_case=works,
        is_oic=works and case.oic_id == user.pk,
        force_supervisor=case_rules.is_police_supervisor_of(user, case.force_id),
        police_supervisor=case_rules.has_role(user, Role.POLICE_SUPERVISOR, case.force_id),
        area_spoc=case_rules.has_role(user, Role.CPS_SPOC, case.cps_area_id),
        case_prosecutor=allocated,
        deciding_prosecutor=allocated
        and case_rules.has_role(user, Role.PROSECUTOR, case.cps_area_id),
    )


def status_of(obj: Any) -> str:
    """An object's status as a refusal words it ("advice given", "withdrawn")."""
    label: str = obj.get_status_display()
    return label[:1].lower() + label[1:]
