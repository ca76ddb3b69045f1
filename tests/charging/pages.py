"""The outsiders every charging page must
refuse: shared by the sub-domains' browser tests."""

from __future__ import annotations

from rasso.accounts.models import Role, User
from tests.conftest import Personas, _member, org


def outsiders(personas: Personas) -> dict[str, User]:
    return {
        "officer of another force": personas.other_force_officer,
        "prosecutor of another Area": personas.other_area_prosecutor,
        "CPS SPOC of another Area": _member(Role.CPS_SPOC, org("North East")),
        "panel member": personas.panel_member,
        "manager": personas.manager,
        "administrator": personas.administrator,
    }
