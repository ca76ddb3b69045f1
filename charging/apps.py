from __future__ import annotations

from django.apps import AppConfig


class ChargingConfig(AppConfig):
    name = "charging"
