"""Session time limits (30 minutes idle, and an absolute lifetime), and the
second factor owed before anything else."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from rasso.accounts import rules

# Session keys. Epoch seconds, since sessions are serialised as JSON.
SIGNED_IN_AT = "rasso_signed_in_at"
LAST_SEEN_AT = "rasso_last_seen_at"
# Record activity at most this often: every request writing the session row
# would turn every page view into a database write.
_TOUCH_EVERY_SECONDS = 60


class SessionTimeoutMiddleware:
    """Sign a user out after SESSION_IDLE_TIMEOUT without a request, or
    SESSION_ABSOLUTE_LIFETIME after signing in, however active.

    Django's own session expiry cannot express both: its cookie age is either
    renewed on every request (idle only) or fixed (absolute only).
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
            if idle > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                logout(request)
                messages.info(request, "You were signed out after 30 minutes without activity.")
            elif age > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to continue.")
            elif idle > _TOUCH_EVERY_SECONDS:
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
        return path.startswith((reverse("two-factor"), settings.STATIC_URL or "/static/")) or (
            path in (reverse("sign-out"), "/healthz")
        )
