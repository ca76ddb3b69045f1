from __future__ import annotations

from django.apps import AppConfig
from django.db.models import Exists, Expression, OuterRef


def two_factor_enrolled() -> Expression:
    """Whether the user has a confirmed authenticator app, as a subquery of their row."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))  # type: ignore[return-value]


class AccountsConfig(AppConfig):
    name = "rasso.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from rasso.accounts import signals  # noqa: F401  (connects the receivers)
        from rasso.accounts.backends import user_annotation_register

        # Whether the user owes a second factor, loaded with them (no query of its own).
        user_annotation_register("two_factor_enrolled", two_factor_enrolled)
