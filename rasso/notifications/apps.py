from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models import Count, Expression, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def unread_count() -> Expression:
    """The user's unread notifications, as a subquery of the user's own row."""
    from rasso.notifications.models import Notification

    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at=None)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def membership_changed_told(recipients: Any, text: str) -> int:
    from rasso.notifications.models import NotificationKind
    from rasso.notifications.services import notifications_send

    return notifications_send(
        recipients=recipients, kind=NotificationKind.MEMBERSHIP_CHANGED, text=text
    )


class NotificationsConfig(AppConfig):
    name = "rasso.notifications"
    label = "notifications"

    def ready(self) -> None:
        from rasso.accounts.backends import user_annotation_register
        from rasso.accounts.services import MEMBERSHIP_CHANGE_TELLERS, two_factor_was_reset
        from rasso.notifications.services import on_two_factor_reset

        two_factor_was_reset.connect(on_two_factor_reset, dispatch_uid="two_factor_reset_email")

        # The header's count, loaded with the signed-in user in one query.
        user_annotation_register("unread_notifications", unread_count)
        # A change of someone's role is told to their organisation's supervisors.
        if membership_changed_told not in MEMBERSHIP_CHANGE_TELLERS:
            MEMBERSHIP_CHANGE_TELLERS.append(membership_changed_told)
