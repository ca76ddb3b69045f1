"""Who may do what to a case: the object-level rules, each in one place.

Seeing a case is ``CaseFile.objects.visible_to``; these rules decide the
actions on a case a user can already see. Services check them before acting,
and templates read them to decide which buttons to show.
"""

from __future__ import annotations

from typing import Any

from cases.models import CaseFile, CaseFileUserObjectPermission, CaseStatus
from rasso.accounts.models import Organisation, Role
from rasso.accounts.selectors import memberships_of


def has_role(user: Any, role: str, organisation_id: int | None) -> bool:
    return any(
        m.role == role and m.organisation_id == organisation_id for m in memberships_of(user)
    )


def is_police_officer_of(user: Any, force_id: int) -> bool:
    return any(
        m.organisation_id == force_id
        and m.role in (Role.INVESTIGATOR, Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
        for m in memberships_of(user)
    )


def is_police_supervisor_of(user: Any, force_id: int) -> bool:
    return any(
        m.organisation_id == force_id and m.role in (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
        for m in memberships_of(user)
    )


def is_granted(user: Any, case: CaseFile) -> bool:
    return CaseFileUserObjectPermission.objects.filter(
        user=user, content_object=case, permission__codename="view_casefile"
    ).exists()


def works_on_case(user: Any, case: CaseFile) -> bool:
    """The OIC, or a police officer of the force granted the case: either of
    them only while they are an officer of the case's force."""
    if not is_police_officer_of(user, case.force_id):
        return False
    return case.oic_id == user.pk or is_granted(user, case)


def may_create_case(user: Any, force: Organisation) -> bool:
    return is_police_officer_of(user, force.pk)


def may_edit(user: Any, case: CaseFile) -> bool:
    """Change the file's details, suspects and offences; submit it."""
    return case.police_may_edit and works_on_case(user, case)


def may_add_documents(user: Any, case: CaseFile) -> bool:
    return case.police_may_edit and works_on_case(user, case)


def may_share(user: Any, case: CaseFile) -> bool:
    """The OIC, or a supervisor or SPOC of the force (who hands out the work;
    sharing gives the complainant's identity, so never to themselves)."""
    return (
        case.oic_id == user.pk and is_police_officer_of(user, case.force_id)
    ) or is_police_supervisor_of(user, case.force_id)


def may_allocate_prosecutor(user: Any, case: CaseFile) -> bool:
    """A CPS SPOC of the case's Area, once the case is with CPS."""
    return (
        has_role(user, Role.CPS_SPOC, case.cps_area_id)
        and case.referred_at is not None
        and case.status in (CaseStatus.WITH_CPS, CaseStatus.ACTION_PLAN)
    )


def may_see_complainant_identity(user: Any, case: CaseFile) -> bool:
    """Need to know: the OIC, the police officers granted the case, and the
    allocated prosecutor. Supervisors, SPOCs and everyone else see pseudonyms.
    A disabled account (a leaver) is entitled to nothing, whatever it held."""
    if not getattr(user, "is_active", False):
        return False
    if has_role(user, Role.PROSECUTOR, case.cps_area_id):
        # The prosecutor allocated the charging decision, or allocated early
        # advice on the case (a grant), who advises on the material so far.
        return case.prosecutor_id == user.pk or is_granted(user, case)
    return works_on_case(user, case)
