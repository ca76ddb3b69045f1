"""The sign-in backend: Django's own, with the signed-in user loaded together
with what every page's header shows of them.

Every page shows the user's unread notifications in its header. Loading the
session's user with that count as a subquery of its own SELECT makes the
count cost no query of its own (the partial index of unread notifications
answers it), and it is always current: no cache to invalidate.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from rasso.accounts.models import User


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        from rasso.notifications.models import Notification

        unread = (
            Notification.objects.filter(recipient=OuterRef("pk"), read_at=None)
            .order_by()
            .values("recipient")
            .annotate(n=Count("pk"))
            .values("n")
        )
        try:
            user = User._default_manager.annotate(
                unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), 0)
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
