"""Who may do what to a case: the object-level rules, each in one place.

Seeing a case is ``CaseFile.objects.visible_to``; these rules decide the
actions on a case a user can already see. Each action's rule returns its
refusal reason or None: services raise the reason, and pages show the button
exactly when there is none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cases.models import CaseFile, CaseFileUserObjectPermission, CaseStatus
from rasso.accounts.models import Organisation, Role, User
from rasso.accounts.selectors import memberships_of


def has_role(user: User, role: str, organisation_id: int | None) -> bool:
    return any(
        m.role == role and m.organisation_id == organisation_id for m in memberships_of(user)
    )


def is_police_officer_of(user: User, force_id: int) -> bool:
    return any(
        m.organisation_id == force_id
        and m.role in (Role.INVESTIGATOR, Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
        for m in memberships_of(user)
    )


def is_police_supervisor_of(user: User, force_id: int) -> bool:
    return any(
        m.organisation_id == force_id and m.role in (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
        for m in memberships_of(user)
    )


def is_granted(user: User, case: CaseFile) -> bool:
    return CaseFileUserObjectPermission.objects.filter(
        user=user, content_object=case, permission__codename="view_casefile"
    ).exists()


def works_on_case(user: User, case: CaseFile) -> bool:
    """The OIC, or a police officer of the force granted the case: either of
    them only while they are an officer of the case's force."""
    if not is_police_officer_of(user, case.force_id):
        return False
    return case.oic_id == user.pk or is_granted(user, case)


def may_create_case(user: User, force: Organisation) -> bool:
    return is_police_officer_of(user, force.pk)


# Each rule below returns why the user may not, or None: the service raises
# that reason and the page offers the action exactly when it is None.


def edit_refusal(user: User, case: CaseFile) -> str | None:
    """Change the file's details, suspects and offences; start the
    investigation; submit it: an officer working on the case while the police
    hold the file."""
    if case.police_may_edit and works_on_case(user, case):
        return None
    return "You cannot change this case"


# Once the police charge the suspect (after the CPS's decision to charge),
# the officers of the case still record the date they did: it feeds the
# report-to-charge figure.
CHARGE_DATE = ("charged_on",)


def editable_details(user: User, case: CaseFile, every: tuple[str, ...]) -> tuple[str, ...]:
    """Which of the case's details (``every``: ``cases.services.CASE_FIELDS``)
    ``user`` may change now: all of them while the police hold the file, the
    date of charge alone on a charged case, none otherwise."""
    if edit_refusal(user, case) is None:
        return every
    if case.status == CaseStatus.CHARGED and works_on_case(user, case):
        return CHARGE_DATE
    return ()


def details_refusal(
    user: User, case: CaseFile, fields: Iterable[str], every: tuple[str, ...]
) -> str | None:
    """Change these of the case's details (see ``editable_details``). While
    the police hold the file any may change (a name that is no detail at all
    is the service's to refuse)."""
    allowed = editable_details(user, case, every)
    if allowed == every or (allowed and set(fields) <= set(allowed)):
        return None
    if allowed:
        return "Only the date of charge can be changed once the case is charged"
    return "You cannot change this case"


def documents_refusal(user: User, case: CaseFile) -> str | None:
    if case.police_may_edit and works_on_case(user, case):
        return None
    return "You cannot add documents to this case"


def share_refusal(user: User, case: CaseFile) -> str | None:
    """The OIC, or a supervisor or SPOC of the force (who hands out the work;
    sharing gives the complainant's identity, so never to themselves)."""
    if (
        case.oic_id == user.pk and is_police_officer_of(user, case.force_id)
    ) or is_police_supervisor_of(user, case.force_id):
        return None
    return "Only the officer in the case or a supervisor can share it"


def oic_reallocation_refusal(user: User, case: CaseFile) -> str | None:
    if is_police_supervisor_of(user, case.force_id):
        return None
    return "Only a supervisor or SPOC of the force can change the officer in the case"


def allocation_refusal(user: User, case: CaseFile) -> str | None:
    """A CPS SPOC of the case's Area, once the case is with CPS."""
    if not has_role(user, Role.CPS_SPOC, case.cps_area_id):
        return "Only a CPS SPOC of the case's Area can allocate it"
    if case.referred_at is None or case.status not in (
        CaseStatus.WITH_CPS,
        CaseStatus.ACTION_PLAN,
    ):
        return "Only a case with CPS can be allocated"
    return None


def may_see_complainant_identity(user: User, case: CaseFile) -> bool:
    """Need to know: the OIC, the police officers granted the case, and the
    allocated prosecutor. Supervisors, SPOCs and everyone else see pseudonyms.
    A disabled account (a leaver) is entitled to nothing, whatever it held."""
    return _identity_entitled(user, case, lambda: is_granted(user, case))


def cases_with_identity_visible(user: User, cases: Iterable[CaseFile]) -> set[int]:
    """The ids of those of ``cases`` whose complainants' identity ``user``
    may see (``may_see_complainant_identity``, for a list of cases): one
    query at most, for the grants, whatever the number of cases."""
    if not getattr(user, "is_active", False):
        return set()
    entitled: set[int] = set()
    # Those a grant would entitle (the OIC and the allocated prosecutor need
    # none): only for them are the grants read.
    undecided: list[int] = []
    for case in cases:
        if _identity_entitled(user, case, lambda: False):
            entitled.add(case.pk)
        elif _identity_entitled(user, case, lambda: True):
            undecided.append(case.pk)
    if undecided:
        entitled |= set(
            CaseFileUserObjectPermission.objects.filter(
                user=user, content_object_id__in=undecided, permission__codename="view_casefile"
            ).values_list("content_object_id", flat=True)
        )
    return entitled


def _identity_entitled(user: User, case: CaseFile, granted: Callable[[], bool]) -> bool:
    if not getattr(user, "is_active", False):
        return False
    if has_role(user, Role.PROSECUTOR, case.cps_area_id):
        # The prosecutor allocated the charging decision, or allocated early
        # advice on the case (a grant), who advises on the material so far.
        return case.prosecutor_id == user.pk or granted()
    if not is_police_officer_of(user, case.force_id):
        return False
    return case.oic_id == user.pk or granted()


def finalise_refusal(user: User, case: CaseFile) -> str | None:
    """Record the result at court: an officer working on the case, or a
    supervisor or SPOC of its force, once the case is charged."""
    if not (works_on_case(user, case) or is_police_supervisor_of(user, case.force_id)):
        return "Only the officers of the case or a supervisor can record its result"
    if case.status != CaseStatus.CHARGED:
        return "Only a charged case can be finalised with its result at court"
    return None


# -- several cases at once -----------------------------------------------------


@dataclass(frozen=True)
class BulkAllocation:
    """What a user may do to several cases at once from a list: allocate
    them to a prosecutor (a CPS SPOC: ``kind`` "prosecutor", among the
    prosecutors of ``organisation_ids``) or make one investigator their
    officer in the case (a police supervisor or SPOC: "oic")."""

    kind: str
    organisation_ids: tuple[int, ...]

    @property
    def role(self) -> str:
        return Role.PROSECUTOR if self.kind == "prosecutor" else Role.INVESTIGATOR


def bulk_allocation(user: User) -> BulkAllocation | None:
    """The one bulk action the user's role offers on case lists, or None. A
    CPS SPOC's comes first (someone holding both roles allocates to CPS);
    each case is still checked by the service against the case's own rule."""
    memberships = memberships_of(user)
    areas = tuple(sorted({m.organisation_id for m in memberships if m.role == Role.CPS_SPOC}))
    if areas:
        return BulkAllocation("prosecutor", areas)
    forces = tuple(
        sorted(
            {
                m.organisation_id
                for m in memberships
                if m.role in (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
            }
        )
    )
    if forces:
        return BulkAllocation("oic", forces)
    return None
