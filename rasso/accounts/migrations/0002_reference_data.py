"""The 14 CPS Areas, the 43 territorial police forces of England and Wales and
British Transport Police, with each force's two-digit URN code and its Area(s).

Forces' codes are the standard police force codes that begin a URN
(46 is Kent: 46KA0123425). Names are unique across all kinds, so a name alone
picks a report's scope: the force is "West Midlands Police", the Area
"West Midlands".
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils.text import slugify

CPS_AREAS = [
    "Cymru-Wales",
    "East Midlands",
    "East of England",
    "London North",
    "London South",
    "Mersey-Cheshire",
    "North East",
    "North West",
    "South East",
    "South West",
    "Thames and Chiltern",
    "Wessex",
    "West Midlands",
    "Yorkshire and Humberside",
]

# (code, force, its CPS Areas)
FORCES: list[tuple[str, str, list[str]]] = [
    ("01", "Metropolitan Police Service", ["London North", "London South"]),
    ("03", "Cumbria", ["North West"]),
    ("04", "Lancashire", ["North West"]),
    ("05", "Merseyside", ["Mersey-Cheshire"]),
    ("06", "Greater Manchester", ["North West"]),
    ("07", "Cheshire", ["Mersey-Cheshire"]),
    ("10", "Northumbria", ["North East"]),
    ("11", "Durham", ["North East"]),
    ("12", "North Yorkshire", ["Yorkshire and Humberside"]),
    ("13", "West Yorkshire", ["Yorkshire and Humberside"]),
    ("14", "South Yorkshire", ["Yorkshire and Humberside"]),
    ("16", "Humberside", ["Yorkshire and Humberside"]),
    ("17", "Cleveland", ["North East"]),
    ("20", "West Midlands Police", ["West Midlands"]),
    ("21", "Staffordshire", ["West Midlands"]),
    ("22", "West Mercia", ["West Midlands"]),
    ("23", "Warwickshire", ["West Midlands"]),
    ("30", "Derbyshire", ["East Midlands"]),
    ("31", "Nottinghamshire", ["East Midlands"]),
    ("32", "Lincolnshire", ["East Midlands"]),
    ("33", "Leicestershire", ["East Midlands"]),
    ("34", "Northamptonshire", ["East Midlands"]),
    ("35", "Cambridgeshire", ["East of England"]),
    ("36", "Norfolk", ["East of England"]),
    ("37", "Suffolk", ["East of England"]),
    ("40", "Bedfordshire", ["Thames and Chiltern"]),
    ("41", "Hertfordshire", ["Thames and Chiltern"]),
    ("42", "Essex", ["East of England"]),
    ("43", "Thames Valley", ["Thames and Chiltern"]),
    ("44", "Hampshire and Isle of Wight", ["Wessex"]),
    ("45", "Surrey", ["South East"]),
    ("46", "Kent", ["South East"]),
    ("47", "Sussex", ["South East"]),
    ("48", "City of London", ["London North"]),
    ("50", "Devon and Cornwall", ["South West"]),
    ("52", "Avon and Somerset", ["South West"]),
    ("53", "Gloucestershire", ["South West"]),
    ("54", "Wiltshire", ["Wessex"]),
    ("55", "Dorset", ["Wessex"]),
    ("60", "North Wales", ["Cymru-Wales"]),
    ("61", "Gwent", ["Cymru-Wales"]),
    ("62", "South Wales", ["Cymru-Wales"]),
    ("63", "Dyfed-Powys", ["Cymru-Wales"]),
    # National: its cases go to the Area where the offence took place.
    ("93", "British Transport Police", []),
]

NATIONAL = "Joint Operational Improvement Board"


def load(apps: Any, schema_editor: Any) -> None:
    Organisation = apps.get_model("accounts", "Organisation")
    areas = {}
    for name in CPS_AREAS:
        areas[name], _ = Organisation.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "kind": "cps_area", "code": ""}
        )
    for code, name, area_names in FORCES:
        force, _ = Organisation.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "kind": "police_force", "code": code}
        )
        force.cps_areas.set([areas[a] for a in area_names])
    Organisation.objects.update_or_create(
        slug=slugify(NATIONAL), defaults={"name": NATIONAL, "kind": "national"}
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
