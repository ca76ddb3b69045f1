"""Who may see and ask for which reports.

A manager's scope is the organisation of their manager membership: the
national body (every scope), a CPS Area, or a police force. A manager of an
Area or a force reports on that organisation only; a national manager on
any. Nobody else reaches reports at all, apart from the published national
reports that /progress/ shows to everyone.
"""

from __future__ import annotations

from rasso.accounts.models import Organisation, OrganisationKind, Role, User
from rasso.accounts.selectors import memberships_of


def manager_organisations(user: User) -> list[Organisation]:
    """The organisations ``user`` manages, national first."""
    if not user.is_active:
        return []
    found = [m.organisation for m in memberships_of(user) if m.role == Role.MANAGER]
    return sorted(found, key=lambda o: (o.kind != OrganisationKind.NATIONAL, o.kind, o.name))


def is_manager(user: User) -> bool:
    return bool(manager_organisations(user))


def is_national_manager(user: User) -> bool:
    return any(o.kind == OrganisationKind.NATIONAL for o in manager_organisations(user))


def may_report_on(user: User, organisation: Organisation | None) -> bool:
    """``organisation`` None (or the national body) is the national scope."""
    if is_national_manager(user):
        return True
    if organisation is None or organisation.kind == OrganisationKind.NATIONAL:
        return False
    return any(o.pk == organisation.pk for o in manager_organisations(user))
