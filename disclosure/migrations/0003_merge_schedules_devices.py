"""The unused-material schedules and the device extractions were made side by
side, each on 0001: this joins them (nothing to do but order them)."""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0002_device_extractions"),
        ("disclosure", "0002_schedules"),
    ]

    operations: list[migrations.operations.base.Operation] = []
