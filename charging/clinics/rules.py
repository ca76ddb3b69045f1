"""Who may schedule, hold and cancel a RASSO clinic, add to its agenda, record
its outcomes and actions, and mark an action done."""

from __future__ import annotations

from typing import Any

from cases import rules as case_rules
from cases.models import DeadlineStatus
from charging.clinics.models import Clinic, ClinicAction, ClinicStatus
from rasso.accounts.models import CPS_ROLES, POLICE_ROLES, Role
from rasso.accounts.selectors import memberships_of


def may_schedule_clinic(user: Any, area_id: int | None) -> bool:
    return case_rules.has_role(user, Role.CPS_SPOC, area_id)


def runs_clinic(user: Any, clinic: Clinic) -> bool:
    """The CPS SPOCs of the clinic's Area hold it and write its minutes."""
    return case_rules.has_role(user, Role.CPS_SPOC, clinic.cps_area_id)


def may_change_clinic(user: Any, clinic: Clinic, status: str) -> bool:
    return runs_clinic(user, clinic) and clinic.can_move_to(status)


def may_add_to_agenda(user: Any, clinic: Clinic) -> bool:
    """Police officers of an attending force, and the Area's CPS SPOCs and
    prosecutors, while the clinic is still to be held. Which cases they may
    add is the service's check (visible to them, of an attending force)."""
    if clinic.status != ClinicStatus.SCHEDULED:
        return False
    force_ids = {force.pk for force in clinic.forces.all()}
    return any(
        (m.role in POLICE_ROLES and m.organisation_id in force_ids)
        or (m.role in CPS_ROLES and m.organisation_id == clinic.cps_area_id)
        for m in memberships_of(user)
    )


def may_record_outcome(user: Any, clinic: Clinic) -> bool:
    return clinic.status == ClinicStatus.HELD and runs_clinic(user, clinic)


def may_complete_action(user: Any, action: ClinicAction) -> bool:
    return action.owner_id == user.pk and action.deadline.status == DeadlineStatus.OPEN
