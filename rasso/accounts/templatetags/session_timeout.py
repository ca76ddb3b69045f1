"""What the timeout warning (``templates/includes/timeout_warning.html``) needs
to know from the server: its script hard-codes no time."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from rasso.accounts.middleware import duration_in_words, idle_seconds_left

register = template.Library()


@register.simple_tag(takes_context=True)
def session_timeout(context: template.Context) -> dict[str, Any] | None:
    """The signed-in session's idle limit, the seconds left of it as of this
    request (activity is recorded at most once a minute, so not always the
    whole limit) and how long before its end the warning shows; None when
    nobody is signed in.

    ``{% session_timeout as timeout %}``"""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return None
    seconds_left = idle_seconds_left(request)
    if seconds_left is None:
        return None
    warning = min(settings.SESSION_IDLE_WARNING, settings.SESSION_IDLE_TIMEOUT)
    return {
        "seconds_left": seconds_left,
        "warning_seconds": int(warning.total_seconds()),
        "warning_words": duration_in_words(warning),
        "idle_words": duration_in_words(settings.SESSION_IDLE_TIMEOUT),
    }
