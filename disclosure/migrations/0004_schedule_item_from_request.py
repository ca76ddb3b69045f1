"""A schedule item may come from third-party material: the victim information
request, of the same case, whose material was received and reviewed for
relevance (only its relevant part is scheduled). Nullable: most items come
from the investigation itself."""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_merge_schedules_devices"),
    ]

    operations = [
        migrations.AddField(
            model_name="scheduleitem",
            name="from_request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="schedule_items",
                to="disclosure.victiminformationrequest",
            ),
        ),
    ]
