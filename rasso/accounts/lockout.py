"""The sign-in lock-out (django-axes), by account and address, and by address alone.

django-axes counts failed sign-ins in its database table, per (e-mail
address, network address): ``AXES_FAILURE_LIMIT`` failures lock that pair out
for ``AXES_COOLOFF_TIME``, so nobody can lock an officer out from elsewhere.
That alone lets one address try a common password against every account
(password spraying), one failure each. ``SignInLockoutHandler`` adds a second
count, of failures from one network address across every account: at
``AXES_ADDRESS_FAILURE_LIMIT`` that address is locked out for the same
cool-off. The limit is higher than the pair's, since a police station's
officers may all sign in from one address.

Both counts live in PostgreSQL, so the lock-out holds when Redis is down.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Set on the request when the address itself is locked out, so the page can
# say so (and not blame the e-mail address typed).
ADDRESS_LOCKED = "rasso_address_locked_out"


class SignInLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, also locking an address out after
    ``AXES_ADDRESS_FAILURE_LIMIT`` failures across accounts."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # axes compares what this returns with AXES_FAILURE_LIMIT, both when
        # it checks a sign-in and after it records a failure: an address over
        # its own limit counts as the pair's limit reached.
        failures: int = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            setattr(request, ADDRESS_LOCKED, True)
            return max(failures, int(get_failure_limit(request, credentials)))
        return failures

    @staticmethod
    def address_failures(request: Any) -> int:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        total = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return int(total or 0)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The lock-out page: 429 Too Many Requests, with ``Retry-After`` (the
    cool-off, which each further attempt starts again)."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"minutes": minutes, "address_locked": getattr(request, ADDRESS_LOCKED, False)},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
