"""The unread count in the header of every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from rasso.notifications.selectors import notifications_unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # The session's user comes with the count (rasso.accounts.backends);
    # anyone else costs one COUNT, run only if a page shows the header.
    loaded = getattr(user, "unread_notifications", None)
    if loaded is not None:
        return {"notifications_unread": loaded}
    return {"notifications_unread": SimpleLazyObject(lambda: notifications_unread_count(user))}
