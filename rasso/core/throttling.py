"""API request throttles (DRF's), counted in the project's cache (Redis).

Two counts, each with its rate in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``:

- ``client``: per API token (or, for the browser's session, per user): one
  key, however many addresses it is used from;
- ``address``: per network address (read as the audit log reads it, through
  the trusted proxies), whoever is signed in or not. It is checked by the
  token authentication itself (``rasso.accounts.authentication``), before a
  key is looked up, since DRF checks throttles only after authentication and
  permissions: a flood of made-up keys or anonymous requests would otherwise
  be answered 401 for ever, never 429.

Over either, the answer is 429 with ``Retry-After`` (DRF's ``Throttled``).
If Redis cannot be reached, the throttles let the request through (fail
open) and log it: the API stays up, and sign-in's lock-out, which guards
passwords, is counted in PostgreSQL and does not depend on Redis.
"""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from rasso.accounts.models import ApiToken
from rasso.audit.services import client_ip

logger = logging.getLogger(__name__)


class _FailOpenRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        # Read when the throttle is made, not when the class was defined, so
        # that the settings (and tests' overrides) are the current ones.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(str(self.scope))
        return None if rate is None else str(rate)

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return bool(super().allow_request(request, view))
        except RedisError:
            logger.warning("API throttle %s: the cache is unreachable; let through", self.scope)
            return True


class ClientRateThrottle(_FailOpenRateThrottle):
    """Requests per API token, or per signed-in user for the session."""

    scope = "client"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # the address throttle counts these
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(_FailOpenRateThrottle):
    """Requests per network address, signed in or not."""

    scope = "address"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        address = client_ip(request)
        if not address:
            return None
        return self.cache_format % {"scope": self.scope, "ident": address}


def address_throttle_check(request: Any) -> None:
    """Raise DRF's ``Throttled`` (429, ``Retry-After``) when the request's
    address is over its rate."""
    throttle = AddressRateThrottle()
    if not throttle.allow_request(request, None):
        raise Throttled(wait=throttle.wait())
