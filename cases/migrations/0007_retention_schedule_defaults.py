"""Load the retention schedule's defaults (cases.retention.schedule), and give
the cases already closed their retention review date.

A case closed before retention existed has no recorded outcome date: its
last change stands in for it. A finalised case has no recorded result at
court, so it is taken as a conviction (group 1, kept the longest): nothing
is deleted sooner than the schedule allows.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

DEFAULTS = [
    (
        "group_1",
        120,
        100,
        "A conviction for a serious sexual offence: reviewed every 10 years, kept until "
        "the person convicted would be 100",
    ),
    (
        "group_2",
        120,
        None,
        "Other sexual offence cases, NFA included: reviewed after 10 clear years",
    ),
    ("in_error", 6, None, "A case created in error: reviewed after 6 months"),
]

BACKFILL = """
UPDATE cases_casefile
SET retention_category = CASE WHEN status IN ('finalised') THEN 'group_1'
                              WHEN status = 'created_in_error' THEN 'in_error'
                              ELSE 'group_2' END,
    retention_from = (updated_at AT TIME ZONE 'Europe/London')::date,
    retention_review_on = ((updated_at AT TIME ZONE 'Europe/London')::date
        + CASE WHEN status = 'created_in_error' THEN interval '6 months'
               ELSE interval '120 months' END)::date
WHERE status IN ('police_nfa', 'cps_nfa', 'finalised', 'created_in_error')
  AND retention_review_on IS NULL
"""


def load(apps: Any, schema_editor: Any) -> None:
    RetentionPeriod = apps.get_model("cases", "RetentionPeriod")
    for category, months, age, description in DEFAULTS:
        RetentionPeriod.objects.update_or_create(
            category=category,
            defaults={
                "review_after_months": months,
                "keep_until_age": age,
                "description": description,
            },
        )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("cases", "RetentionPeriod").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_retention_and_legal_hold")]

    operations = [
        migrations.RunPython(load, unload),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
