"""Session time limits (30 minutes idle, and an absolute lifetime), and the
second factor owed before anything else."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from rasso.accounts import rules

# Session keys. Epoch seconds, since sessions are serialised as JSON.
SIGNED_IN_AT = "rasso_signed_in_at"
LAST_SEEN_AT = "rasso_last_seen_at"
# Record activity at most this often: every request writing the session row
# would turn every page view into a database write. Never more than a small
# share of the idle limit, or a short limit (a test's) would end an active
# session before its activity was ever recorded.
_TOUCH_EVERY_SECONDS = 60
_TOUCH_SHARE_OF_IDLE = 1 / 30

_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def session_passive(view: _View) -> _View:
    """Mark a view whose requests are not the user's activity: a page's own
    script asking how something is going (a report's status, the time left)
    must not keep an unattended session alive for ever."""
    view.session_passive = True  # type: ignore[attr-defined]
    return view


def _is_passive(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return bool(getattr(match.func, "session_passive", False))


def duration_in_words(duration: timedelta) -> str:
    """A limit as the pages say it: "30 minutes", "1 minute", "10 seconds"."""
    seconds = int(duration.total_seconds())
    if seconds % 60:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    minutes = seconds // 60
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def idle_seconds_left(request: HttpRequest) -> int | None:
    """Seconds before the idle sign-out, as of this request, rounded up (a
    page's script counting down from it is never early); None when the
    session has no clock (nobody signed in)."""
    last_seen_at = request.session.get(LAST_SEEN_AT) if hasattr(request, "session") else None
    if last_seen_at is None:
        return None
    left = settings.SESSION_IDLE_TIMEOUT.total_seconds() - (time.time() - float(last_seen_at))
    return max(0, math.ceil(left))


def session_activity_record(request: HttpRequest) -> None:
    """The user is here now ("stay signed in"): the idle clock starts again."""
    request.session[LAST_SEEN_AT] = time.time()


def idle_sign_out_message() -> str:
    """What the next page (the sign-in page) says after the idle sign-out."""
    return (
        "You were signed out because you did nothing for "
        f"{duration_in_words(settings.SESSION_IDLE_TIMEOUT)}. "
        "Anything you saved before then has been kept."
    )


class SessionTimeoutMiddleware:
    """Sign a user out after SESSION_IDLE_TIMEOUT without a request, or
    SESSION_ABSOLUTE_LIFETIME after signing in, however active.

    Django's own session expiry cannot express both: its cookie age is either
    renewed on every request (idle only) or fixed (absolute only). A request
    to a ``session_passive`` view is not activity; it still signs out a
    session whose time is up.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            signed_in_at = request.session.get(SIGNED_IN_AT)
            last_seen_at = request.session.get(LAST_SEEN_AT)
            if signed_in_at is None or last_seen_at is None:
                # Signed in before this middleware saw the session (or by a
                # test client's force_login): start the clocks now.
                request.session[SIGNED_IN_AT] = signed_in_at = now
                request.session[LAST_SEEN_AT] = last_seen_at = now
            idle = now - float(last_seen_at)
            age = now - float(signed_in_at)
            idle_limit = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            if idle > idle_limit:
                logout(request)
                messages.info(request, idle_sign_out_message())
            elif age > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to continue.")
            elif idle > min(_TOUCH_EVERY_SECONDS, idle_limit * _TOUCH_SHARE_OF_IDLE) and not (
                _is_passive(request)
            ):
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A signed-in user who owes a second factor (``rules.two_factor_required``)
    and has not given it this session reaches nothing but the pages that take
    it, enrolment and sign-out: a page sends them there (and back after), the
    API answers 403. A request with an API token is the token's business
    (``request.user`` is anonymous here)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not rules.second_factor_given(user)
            and rules.two_factor_required(user)
            and not self.exempt(request.path_info)
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Give your two-factor sign-in code in the browser first."},
                    status=403,
                )
            target = (
                reverse("two-factor")
                if rules.two_factor_enrolled(user)
                else reverse("two-factor-set-up")
            )
            after = request.get_full_path() if request.method == "GET" else reverse("home")
            return redirect(f"{target}?{urlencode({'next': after})}")
        return self.get_response(request)

    @staticmethod
    def exempt(path: str) -> bool:
        # The session's time left, and "stay signed in": the two-factor page
        # warns of the idle sign-out too.
        return path.startswith((reverse("two-factor"), settings.STATIC_URL or "/static/")) or (
            path in (reverse("sign-out"), reverse("session"), "/healthz")
        )
