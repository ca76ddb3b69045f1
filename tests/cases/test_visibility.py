"""Need to know, at the level every page and endpoint builds on.

One world of six cases, and every role of issue 3 looking at it: which cases
``CaseFile.objects.visible_to`` lists, which ``case_get`` opens (404 for the
rest), which complainants ``complainants_visible`` lists, and on which cases
the complainant's identity may be shown. The HTML and API matrices are built
on the same selectors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.http import Http404

from cases import rules, selectors, services
from cases.models import CaseFile
from rasso.accounts.models import Organisation, Role, User
from rasso.core.errors import DomainError
from tests.cases.factories import case_create, complete_case, submitted_case
from tests.conftest import Personas
from tests.factories import MembershipFactory, UserFactory
from victims.selectors import complainants_visible, identity_visible_to
from victims.services import complainant_add

pytestmark = pytest.mark.django_db


def member(role: str, organisation: str) -> User:
    user: User = UserFactory.create()
    MembershipFactory.create(
        user=user, organisation=Organisation.objects.get(name=organisation), role=role
    )
    return user


def area(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


@dataclass
class World:
    people: dict[str, User]
    cases: dict[str, CaseFile]

    def names_of(self, pks: Iterable[int]) -> set[str]:
        by_pk = {case.pk: name for name, case in self.cases.items()}
        return {by_pk[pk] for pk in pks}


@pytest.fixture
def world(personas: Personas) -> World:
    """Six cases, each with one complainant (C1):

    - ``draft``: Kent, a draft, shared by its OIC with a colleague;
    - ``open``: Kent, under investigation (a complete file, not submitted), not shared;
    - ``kent_cps``: Kent, submitted to CPS South East and allocated, shared with the colleague;
    - ``durham_cps``: Durham, submitted to CPS North East, not allocated;
    - ``met_south``: the Metropolitan Police, submitted to CPS London South;
    - ``btp``: British Transport Police, Area chosen at creation (South East), submitted.
    """
    people = {
        "oic": personas.officer,
        "colleague_granted": personas.colleague,
        "colleague_not_granted": member(Role.INVESTIGATOR, "Kent"),
        "supervisor": personas.supervisor,
        "police_spoc": member(Role.POLICE_SPOC, "Kent"),
        "other_force_officer": personas.other_force_officer,
        "cps_spoc": personas.cps_spoc,
        "other_area_spoc": member(Role.CPS_SPOC, "North East"),
        "london_south_spoc": member(Role.CPS_SPOC, "London South"),
        "london_north_spoc": member(Role.CPS_SPOC, "London North"),
        "prosecutor": personas.prosecutor,
        "unallocated_prosecutor": member(Role.PROSECUTOR, "South East"),
        "other_area_prosecutor": personas.other_area_prosecutor,
        "panel_member": personas.panel_member,
        "manager": personas.manager,
        "administrator": personas.administrator,
    }
    oic = people["oic"]
    draft = case_create(oic)
    complainant_add(actor=oic, case=draft, first_names="Dee", last_name="Draft")
    services.case_share(actor=oic, case=draft, colleague=people["colleague_granted"])

    open_case = complete_case(oic)

    kent_cps = submitted_case(oic)
    services.case_share(actor=oic, case=kent_cps, colleague=people["colleague_granted"])
    services.case_allocate_prosecutor(
        actor=people["cps_spoc"], case=kent_cps, prosecutor=people["prosecutor"]
    )

    durham_oic = member(Role.INVESTIGATOR, "Durham")
    durham_cps = submitted_case(durham_oic, "Durham")

    met_oic = member(Role.INVESTIGATOR, "Metropolitan Police Service")
    met_south = submitted_case(
        met_oic, "Metropolitan Police Service", cps_area=area("London South")
    )

    btp_oic = member(Role.INVESTIGATOR, "British Transport Police")
    btp = submitted_case(btp_oic, "British Transport Police", cps_area=area("South East"))

    cases = {
        "draft": draft,
        "open": open_case,
        "kent_cps": kent_cps,
        "durham_cps": durham_cps,
        "met_south": met_south,
        "btp": btp,
    }
    return World(people, {name: CaseFile.objects.get(pk=c.pk) for name, c in cases.items()})


# fmt: off
MATRIX: list[tuple[str, str, str]] = [
    # who                       the cases they see             complainant identity on
    ("oic",                     "draft open kent_cps",         "draft open kent_cps"),
    ("colleague_granted",       "draft kent_cps",              "draft kent_cps"),
    ("colleague_not_granted",   "",                            ""),
    ("supervisor",              "draft open kent_cps",         ""),
    ("police_spoc",             "draft open kent_cps",         ""),
    ("other_force_officer",     "",                            ""),
    ("cps_spoc",                "kent_cps btp",                ""),
    ("other_area_spoc",         "durham_cps",                  ""),
    ("london_south_spoc",       "met_south",                   ""),
    ("london_north_spoc",       "",                            ""),
    ("prosecutor",              "kent_cps",                    "kent_cps"),
    ("unallocated_prosecutor",  "",                            ""),
    ("other_area_prosecutor",   "",                            ""),
    ("panel_member",            "",                            ""),
    ("manager",                 "",                            ""),
    ("administrator",           "",                            ""),
    # The same people once their accounts are disabled: nothing at all.
    ("oic disabled",            "",                            ""),
    ("supervisor disabled",     "",                            ""),
    ("cps_spoc disabled",       "",                            ""),
    ("prosecutor disabled",     "",                            ""),
]
# fmt: on


@pytest.mark.parametrize(("who", "sees", "identity"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_role_sees_exactly_the_cases_it_needs_to_know(
    world: World, who: str, sees: str, identity: str
) -> None:
    name, _, disabled = who.partition(" ")
    user = world.people[name]
    if disabled:
        User.objects.filter(pk=user.pk).update(is_active=False)
        user = User.objects.get(pk=user.pk)
    expected = set(sees.split())

    listed = CaseFile.objects.visible_to(user).values_list("pk", flat=True)
    assert world.names_of(listed) == expected

    for case_name, case in world.cases.items():
        if case_name in expected:
            assert selectors.case_get(user, case.pk) == case
        else:
            with pytest.raises(Http404):
                selectors.case_get(user, case.pk)

    complainants = complainants_visible(user).values_list("case", flat=True)
    assert world.names_of(complainants) == expected

    entitled = {
        case_name
        for case_name, case in world.cases.items()
        if rules.may_see_complainant_identity(user, case)
    }
    assert entitled == set(identity.split())
    assert entitled <= expected, "identity is never shown on a case the user cannot see"
    assert {
        case_name for case_name, case in world.cases.items() if identity_visible_to(user, case)
    } == entitled


def test_a_cps_spoc_sees_a_case_only_once_it_is_submitted(personas: Personas) -> None:
    case = case_create(personas.officer)
    spoc = personas.cps_spoc

    def seen() -> bool:
        return CaseFile.objects.visible_to(spoc).filter(pk=case.pk).exists()

    assert not seen()  # a police draft
    services.case_start_investigation(actor=personas.officer, case=case)
    assert not seen()  # under investigation
    with pytest.raises(Http404):
        selectors.case_get(spoc, case.pk)

    submitted = submitted_case(personas.officer)
    assert CaseFile.objects.visible_to(spoc).filter(pk=submitted.pk).exists()
    assert selectors.case_get(spoc, submitted.pk) == submitted


def test_a_colleague_sees_a_case_from_the_moment_it_is_shared(personas: Personas) -> None:
    case = case_create(personas.officer)
    with pytest.raises(Http404):
        selectors.case_get(personas.colleague, case.pk)
    assert not rules.may_see_complainant_identity(personas.colleague, case)

    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)

    assert selectors.case_get(personas.colleague, case.pk) == case
    assert rules.may_see_complainant_identity(personas.colleague, case)


def test_a_granted_officer_who_moves_force_loses_the_identity(personas: Personas) -> None:
    """The grant row stays, but identity is for police officers *of the force*."""
    case = case_create(personas.officer)
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    personas.colleague.memberships.all().delete()
    MembershipFactory.create(
        user=personas.colleague, organisation=area("Durham"), role=Role.INVESTIGATOR
    )
    colleague = User.objects.get(pk=personas.colleague.pk)  # fresh memberships
    assert not rules.may_see_complainant_identity(colleague, case)


@pytest.mark.parametrize(
    ("force", "message"),
    [
        ("British Transport Police", "Choose the CPS Area for this British Transport Police case"),
        (
            "Metropolitan Police Service",
            "Choose the CPS Area for this Metropolitan Police Service case",
        ),
    ],
)
def test_a_force_without_one_area_must_name_the_area(force: str, message: str) -> None:
    officer = member(Role.INVESTIGATOR, force)
    with pytest.raises(DomainError, match=message):
        case_create(officer, force)
    assert not CaseFile.objects.exists()


def test_a_met_case_goes_only_to_a_london_area() -> None:
    officer = member(Role.INVESTIGATOR, "Metropolitan Police Service")
    with pytest.raises(
        DomainError,
        match="Metropolitan Police Service cases go to London North or London South",
    ):
        case_create(officer, "Metropolitan Police Service", cps_area=area("South East"))
    with pytest.raises(DomainError, match="Choose a CPS Area"):
        case_create(officer, "Metropolitan Police Service", cps_area=area("Kent"))
    assert not CaseFile.objects.exists()


def test_a_btp_case_goes_to_the_area_where_the_offence_took_place() -> None:
    officer = member(Role.INVESTIGATOR, "British Transport Police")
    case = case_create(officer, "British Transport Police", cps_area=area("Wessex"))
    assert case.cps_area == area("Wessex")
    assert case.force == area("British Transport Police")


def test_an_anonymous_visitor_sees_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()
    assert not CaseFile.objects.visible_to(visitor).exists()
    assert not complainants_visible(visitor).exists()
    with pytest.raises(Http404):
        selectors.case_get(visitor, world.cases["kent_cps"].pk)


# Reference data an administrator manages; everything else in these apps is
# case content, which the admin must never show.
ADMIN_MAY_SHOW = {
    "cases.offence",
    "cases.bankholiday",
    "cases.deadlinetiming",
    "cases.retentionperiod",
    "cases.forceretentionperiod",
}


def test_the_admin_shows_no_case_content() -> None:
    registered = {model._meta.label_lower for model in admin.site._registry}
    content = {
        model._meta.label_lower
        for app in ("cases", "victims")
        for model in apps.get_app_config(app).get_models()
    } - ADMIN_MAY_SHOW
    assert {
        "cases.casefile",
        "cases.document",
        "cases.caseevent",
        "cases.deadline",
        "cases.suspect",
        "cases.caseoffence",
        "cases.casefileuserobjectpermission",
        "victims.complainant",
    } <= content
    assert not registered & content
    assert registered >= ADMIN_MAY_SHOW
