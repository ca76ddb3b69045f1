"""A complainant's identity: recorded once, shown only to those entitled, a pseudonym elsewhere.

Complainants of sexual offences have lifelong anonymity in law:
their name, date of birth, address and contact details are for the OIC, the
police officers granted the case and the allocated prosecutor. The timeline,
the audit log and anything printed about the record carry only ``C1``, ``C2``.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from cases import services
from cases.models import CaseEvent, CaseFile
from rasso.accounts.models import Organisation, Role, User
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError
from tests.cases.factories import case_create, submitted_case
from tests.conftest import Personas
from tests.factories import MembershipFactory, UserFactory
from victims.models import Complainant
from victims.selectors import case_complainants, complainants_visible, identity_visible_to
from victims.services import complainant_add

pytestmark = pytest.mark.django_db

IDENTITY = {
    "first_names": "Harriet Rose",
    "last_name": "Quennell",
    "date_of_birth": date(1994, 2, 11),
    "address": "14 Orchard Row, Maidstone ME14 1AA",
    "phone": "07700 900123",
    "email": "harriet.quennell@example.com",
}


def member(role: str, organisation: str) -> User:
    user: User = UserFactory.create()
    MembershipFactory.create(
        user=user, organisation=Organisation.objects.get(name=organisation), role=role
    )
    return user


def test_complainants_are_numbered_within_their_case(personas: Personas) -> None:
    case = case_create(personas.officer)
    other = case_create(personas.officer)
    first = complainant_add(actor=personas.officer, case=case, **IDENTITY)
    second = complainant_add(actor=personas.officer, case=case, first_names="A", last_name="B")
    elsewhere = complainant_add(actor=personas.officer, case=other, first_names="C", last_name="D")
    assert [c.pseudonym for c in case_complainants(case)] == ["C1", "C2"]
    assert (first.pseudonym, second.pseudonym, elsewhere.pseudonym) == ("C1", "C2", "C1")
    assert first.enhanced_rights is True  # every RASSO complainant, unless they opt out


def test_the_timeline_and_the_audit_log_name_only_the_pseudonym(personas: Personas) -> None:
    case = case_create(personas.officer)
    complainant = complainant_add(actor=personas.officer, case=case, **IDENTITY)

    assert case.events.get(kind="complainant_added").description == "Complainant C1 added"
    assert str(complainant) == f"{case.urn} C1"
    written = " ".join(CaseEvent.objects.values_list("description", flat=True))
    written += json.dumps(list(AuditEvent.objects.values("action", "object_id", "detail")))
    for value in (*IDENTITY.values(), "Harriet", "Quennell", "1994"):
        assert str(value) not in written


def test_a_bad_detail_is_refused_with_a_message_and_nothing_saved(personas: Personas) -> None:
    case = case_create(personas.officer)
    version = case.version
    with pytest.raises(DomainError, match=r"Enter an email address like name@example\.com"):
        complainant_add(
            actor=personas.officer, case=case, first_names="A", last_name="B", email="not-mail"
        )
    case.refresh_from_db()
    assert case.version == version
    assert not Complainant.objects.exists()
    assert not case.events.filter(kind="complainant_added").exists()


@pytest.mark.parametrize(
    "who", ["supervisor", "colleague", "other_force_officer", "cps_spoc", "administrator"]
)
def test_only_officers_on_the_case_record_a_complainant(personas: Personas, who: str) -> None:
    case = case_create(personas.officer)
    with pytest.raises(DomainError, match="You cannot change this case"):
        complainant_add(actor=getattr(personas, who), case=case, **IDENTITY)
    assert not Complainant.objects.exists()


def test_no_complainant_is_added_once_the_file_is_with_cps(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    with pytest.raises(DomainError, match="You cannot change this case"):
        complainant_add(actor=personas.officer, case=case, **IDENTITY)
    assert Complainant.objects.filter(case=case).count() == 1


def entitled(case: CaseFile, *people: User) -> list[bool]:
    fresh = CaseFile.objects.get(pk=case.pk)
    return [identity_visible_to(User.objects.get(pk=p.pk), fresh) for p in people]


def test_identity_follows_the_case_as_people_change(personas: Personas) -> None:
    """The OIC hands over, the case is shared and allocated, then re-allocated:
    identity goes with the role on the case, never with seniority."""
    case = submitted_case(personas.officer)
    new_oic = member(Role.INVESTIGATOR, "Kent")
    second_prosecutor = member(Role.PROSECUTOR, "South East")
    police_spoc = member(Role.POLICE_SPOC, "Kent")

    # Submitted, not yet allocated: only the OIC.
    assert entitled(case, personas.officer, personas.supervisor, police_spoc) == [
        True,
        False,
        False,
    ]
    assert entitled(case, personas.cps_spoc, personas.prosecutor) == [False, False]

    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=personas.prosecutor
    )
    assert entitled(case, personas.prosecutor, personas.cps_spoc) == [True, False]

    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=second_prosecutor
    )
    assert entitled(case, second_prosecutor, personas.prosecutor) == [True, False]

    services.case_reallocate_oic(actor=personas.supervisor, case=case, new_oic=new_oic)
    # The identity goes with the case: the previous OIC no longer sees it.
    assert entitled(case, new_oic, personas.officer, personas.supervisor) == [True, False, False]

    services.case_share(actor=personas.supervisor, case=case, colleague=personas.colleague)
    assert entitled(case, personas.colleague) == [True]


def test_those_who_see_the_case_but_not_the_identity_still_list_the_complainant(
    personas: Personas,
) -> None:
    """A supervisor and a CPS SPOC see the complainant as C1: the record is
    visible, the identity is not."""
    case = submitted_case(personas.officer)
    for user in (personas.supervisor, personas.cps_spoc):
        assert list(complainants_visible(user).values_list("pseudonym", flat=True)) == ["C1"]
        assert identity_visible_to(user, case) is False
    for user in (personas.other_force_officer, personas.panel_member, personas.manager):
        assert not complainants_visible(user).exists()
