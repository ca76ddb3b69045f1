"""API authentication by a key sent as ``Authorization: Token <key>``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from rasso.accounts.models import ApiToken, token_digest
from rasso.core.throttling import address_throttle_check


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's token scheme, looking the key up by its digest.

    Keys are stored hashed (see ApiToken), so the lookup hashes the presented
    key; a unique index on the digest makes it one indexed query.
    """

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        # Every API request passes here first (this is the first
        # authentication class), with a key or without: the per-address
        # throttle is checked before any key is looked up, so that guessing
        # keys, or asking without one, is throttled too.
        address_throttle_check(request)
        return super().authenticate(request)

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        try:
            token = ApiToken.objects.select_related("user").get(digest=token_digest(key))
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        now = timezone.now()
        if refusal := token.refusal(now):
            raise exceptions.AuthenticationFailed(refusal)
        # Write "last used" at most once a minute: it is for spotting unused
        # keys, and a write on every request would make reads cost writes.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The sign-in name django-axes counts failures against.

    Sign-in is by e-mail address, case-blind; counting ``Officer@`` and
    ``officer@`` apart would give an attacker a fresh five tries per spelling.
    """
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    else:
        value = request.POST.get("username", "")
    return str(value).strip().lower()
