"""Who may schedule, hold and cancel a RASSO clinic, add to its agenda, record
its outcomes and actions, and mark an action done.

Each rule returns why the user may not (the sentence the service raises), or
None when they may: the services raise it, and the pages offer a button only
when its rule returns None. Which cases may go on the agenda (visible to the
user, of an attending force) is the service's check of its input.
"""

from __future__ import annotations

from django.utils import timezone

from cases import rules as case_rules
from cases.models import DeadlineStatus
from charging.clinics.models import Clinic, ClinicAction, ClinicStatus
from charging.standing import status_of
from rasso.accounts.models import CPS_ROLES, POLICE_ROLES, Role, User
from rasso.accounts.selectors import memberships_of


def clinic_schedule_refusal(user: User, area_id: int | None) -> str | None:
    if not case_rules.has_role(user, Role.CPS_SPOC, area_id):
        return "Only a CPS SPOC of the Area can schedule its RASSO clinic"
    return None


def _runs_clinic(user: User, clinic: Clinic) -> bool:
    """The CPS SPOCs of the clinic's Area hold it and write its minutes."""
    return case_rules.has_role(user, Role.CPS_SPOC, clinic.cps_area_id)


def clinic_hold_refusal(user: User, clinic: Clinic) -> str | None:
    """On or after its date."""
    if clinic.held_on > timezone.localdate():
        return "A clinic cannot be held before its date"
    return clinic_move_refusal(user, clinic, ClinicStatus.HELD, "held")


def clinic_move_refusal(user: User, clinic: Clinic, status: str, doing: str) -> str | None:
    if not _runs_clinic(user, clinic):
        return "Only a CPS SPOC of the Area can change its clinic"
    if not clinic.can_move_to(status):
        return f"This clinic is {status_of(clinic)}: it cannot be {doing}"
    return None


def clinic_agenda_refusal(user: User, clinic: Clinic) -> str | None:
    """Police officers of an attending force, and the Area's CPS SPOCs and
    prosecutors, while the clinic is still to be held."""
    if clinic.status != ClinicStatus.SCHEDULED:
        return f"This clinic is {status_of(clinic)}: cases can no longer be added to its agenda"
    force_ids = {force.pk for force in clinic.forces.all()}
    if not any(
        (m.role in POLICE_ROLES and m.organisation_id in force_ids)
        or (m.role in CPS_ROLES and m.organisation_id == clinic.cps_area_id)
        for m in memberships_of(user)
    ):
        return "Only the attending forces and the Area's CPS can add to this agenda"
    return None


def clinic_outcome_refusal(user: User, clinic: Clinic) -> str | None:
    """The minutes of one discussion: the Area's CPS SPOC, once it is held."""
    if not _runs_clinic(user, clinic):
        return "Only a CPS SPOC of the Area can record the clinic's minutes"
    if clinic.status != ClinicStatus.HELD:
        return f"This clinic is {status_of(clinic)}: outcomes are recorded once it has been held"
    return None


def clinic_action_refusal(user: User, clinic: Clinic) -> str | None:
    """An action agreed at the clinic: the Area's CPS SPOC, once it is held."""
    if not _runs_clinic(user, clinic):
        return "Only a CPS SPOC of the Area can record the clinic's actions"
    if clinic.status != ClinicStatus.HELD:
        return f"This clinic is {status_of(clinic)}: actions are recorded once it has been held"
    return None


def clinic_action_complete_refusal(user: User, action: ClinicAction) -> str | None:
    if action.owner_id != user.pk:
        return "Only the owner of an action can mark it done"
    if action.deadline.status != DeadlineStatus.OPEN:
        return "This action is already closed"
    return None
