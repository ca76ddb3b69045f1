from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rasso.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from rasso.accounts import signals  # noqa: F401  (connects the receivers)
