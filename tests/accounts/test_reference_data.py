"""The CPS Areas and forces ship with the product."""

from __future__ import annotations

from typing import Any

import pytest

from rasso.accounts.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Cymru-Wales": {"Dyfed-Powys", "Gwent", "North Wales", "South Wales"},
    "East Midlands": {
        "Derbyshire",
        "Leicestershire",
        "Lincolnshire",
        "Northamptonshire",
        "Nottinghamshire",
    },
    "East of England": {"Cambridgeshire", "Essex", "Norfolk", "Suffolk"},
    "London North": {"Metropolitan Police Service", "City of London"},
    "London South": {"Metropolitan Police Service"},
    "Mersey-Cheshire": {"Cheshire", "Merseyside"},
    "North East": {"Cleveland", "Durham", "Northumbria"},
    "North West": {"Cumbria", "Greater Manchester", "Lancashire"},
    "South East": {"Kent", "Surrey", "Sussex"},
    "South West": {"Avon and Somerset", "Devon and Cornwall", "Gloucestershire"},
    "Thames and Chiltern": {"Bedfordshire", "Hertfordshire", "Thames Valley"},
    "Wessex": {"Dorset", "Hampshire and Isle of Wight", "Wiltshire"},
    "West Midlands": {
        "Staffordshire",
        "Warwickshire",
        "West Mercia",
        "West Midlands Police",
    },
    "Yorkshire and Humberside": {
        "Humberside",
        "North Yorkshire",
        "South Yorkshire",
        "West Yorkshire",
    },
}


def test_fourteen_cps_areas() -> None:
    names = set(
        Organisation.objects.filter(kind=OrganisationKind.CPS_AREA).values_list("name", flat=True)
    )
    assert names == set(EXPECTED)


def test_every_force_is_in_the_right_area() -> None:
    for area_name, forces in EXPECTED.items():
        area = Organisation.objects.get(name=area_name)
        found = set(area.partner_organisations.values_list("name", flat=True))
        assert found == forces, area_name


def test_43_territorial_forces_and_british_transport_police() -> None:
    forces = Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE)
    assert forces.count() == 44
    btp = forces.get(name="British Transport Police")
    assert btp.code == "93"
    # Its cases go to the Area where the offence took place: no fixed Area.
    assert not btp.cps_areas.exists()
    territorial = forces.exclude(pk=btp.pk)
    assert all(force.cps_areas.exists() for force in territorial)


@pytest.mark.parametrize(
    ("force", "code"),
    [("Kent", "46"), ("Metropolitan Police Service", "01"), ("Durham", "11"), ("Gwent", "61")],
)
def test_forces_carry_their_urn_code(force: str, code: str) -> None:
    assert Organisation.objects.get(name=force).code == code


def test_force_codes_are_unique_two_digits() -> None:
    codes = list(
        Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE).values_list(
            "code", flat=True
        )
    )
    assert len(codes) == len(set(codes))
    assert all(len(c) == 2 and c.isdigit() for c in codes)


def test_reloading_reference_data_changes_nothing(reference_data: Any) -> None:
    assert Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE).count() == 44
    assert Organisation.objects.filter(kind=OrganisationKind.CPS_AREA).count() == 14
