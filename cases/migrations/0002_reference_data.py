"""The offences a RASSO case can carry, and England and Wales bank holidays.

Offences: the Sexual Offences Act 2003 offences RASSO units charge, and the
Sexual Offences Act 1956 (and Indecency with Children Act 1960) offences that
non-recent cases are charged under. Bank holidays: from the ``holidays``
library, offline; the admin corrects them when a one-off holiday is announced.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SOA_2003 = "Sexual Offences Act 2003"
SOA_1956 = "Sexual Offences Act 1956"
ICA_1960 = "Indecency with Children Act 1960"

OFFENCES: list[tuple[str, str, str]] = [
    (SOA_2003, "1", "Rape"),
    (SOA_2003, "2", "Assault by penetration"),
    (SOA_2003, "3", "Sexual assault"),
    (SOA_2003, "4", "Causing a person to engage in sexual activity without consent"),
    (SOA_2003, "5", "Rape of a child under 13"),
    (SOA_2003, "6", "Assault of a child under 13 by penetration"),
    (SOA_2003, "7", "Sexual assault of a child under 13"),
    (SOA_2003, "8", "Causing or inciting a child under 13 to engage in sexual activity"),
    (SOA_2003, "9", "Sexual activity with a child"),
    (SOA_2003, "10", "Causing or inciting a child to engage in sexual activity"),
    (SOA_2003, "11", "Engaging in sexual activity in the presence of a child"),
    (SOA_2003, "12", "Causing a child to watch a sexual act"),
    (SOA_2003, "13", "Child sex offences committed by children or young persons"),
    (SOA_2003, "14", "Arranging or facilitating commission of a child sex offence"),
    (SOA_2003, "15", "Meeting a child following sexual grooming"),
    (SOA_2003, "15A", "Sexual communication with a child"),
    (SOA_2003, "16", "Abuse of position of trust: sexual activity with a child"),
    (
        SOA_2003,
        "17",
        "Abuse of position of trust: causing or inciting a child to engage in sexual activity",
    ),
    (SOA_2003, "18", "Abuse of position of trust: sexual activity in the presence of a child"),
    (SOA_2003, "19", "Abuse of position of trust: causing a child to watch a sexual act"),
    (SOA_2003, "25", "Sexual activity with a child family member"),
    (SOA_2003, "26", "Inciting a child family member to engage in sexual activity"),
    (SOA_2003, "30", "Sexual activity with a person with a mental disorder impeding choice"),
    (
        SOA_2003,
        "31",
        "Causing or inciting a person with a mental disorder impeding choice to engage in sexual activity",
    ),
    (
        SOA_2003,
        "32",
        "Engaging in sexual activity in the presence of a person with a mental disorder impeding choice",
    ),
    (
        SOA_2003,
        "33",
        "Causing a person with a mental disorder impeding choice to watch a sexual act",
    ),
    (
        SOA_2003,
        "34",
        "Inducement, threat or deception to procure sexual activity with a person with a mental disorder",
    ),
    (SOA_2003, "38", "Care workers: sexual activity with a person with a mental disorder"),
    (SOA_2003, "48", "Causing or inciting sexual exploitation of a child"),
    (SOA_2003, "49", "Controlling a child in relation to sexual exploitation"),
    (SOA_2003, "50", "Arranging or facilitating sexual exploitation of a child"),
    (SOA_2003, "52", "Causing or inciting prostitution for gain"),
    (SOA_2003, "53", "Controlling prostitution for gain"),
    (SOA_2003, "61", "Administering a substance with intent"),
    (SOA_2003, "62", "Committing an offence with intent to commit a sexual offence"),
    (SOA_2003, "63", "Trespass with intent to commit a sexual offence"),
    (SOA_2003, "64", "Sex with an adult relative: penetration"),
    (SOA_2003, "66", "Exposure"),
    (SOA_2003, "66A", "Sending or giving a photograph or film of genitals"),
    (SOA_2003, "67", "Voyeurism"),
    (SOA_2003, "67A", "Voyeurism: additional offences"),
    (SOA_1956, "1", "Rape"),
    (SOA_1956, "5", "Intercourse with a girl under 13"),
    (SOA_1956, "6", "Intercourse with a girl under 16"),
    (SOA_1956, "10", "Incest by a man"),
    (SOA_1956, "11", "Incest by a woman"),
    (SOA_1956, "12", "Buggery"),
    (SOA_1956, "13", "Indecency between men"),
    (SOA_1956, "14", "Indecent assault on a woman"),
    (SOA_1956, "15", "Indecent assault on a man"),
    (ICA_1960, "1", "Indecent conduct towards a young child"),
]


def load_offences(apps: Any, schema_editor: Any) -> None:
    Offence = apps.get_model("cases", "Offence")
    for act, section, title in OFFENCES:
        Offence.objects.update_or_create(
            act=act,
            section=section,
            title=title,
            defaults={"non_recent": act != SOA_2003},
        )


def load_bank_holidays(apps: Any, schema_editor: Any) -> None:
    from cases.workdays import bank_holidays_from_library

    BankHoliday = apps.get_model("cases", "BankHoliday")
    for day, name in bank_holidays_from_library(range(2015, 2041)).items():
        BankHoliday.objects.update_or_create(date=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(load_offences, migrations.RunPython.noop),
        migrations.RunPython(load_bank_holidays, migrations.RunPython.noop),
    ]
