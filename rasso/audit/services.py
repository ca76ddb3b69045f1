"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from rasso.accounts.models import User, Viewer
from rasso.audit.middleware import current_request
from rasso.audit.models import AuditEvent


def client_ip(request: HttpRequest) -> str | None:
    """The address a request came from, for the audit log and sign-in throttling.

    Behind DJANGO_TRUSTED_PROXY_COUNT proxies, each appends the address it saw
    to X-Forwarded-For, so the client's is that many entries from the right;
    anything further left is whatever the client wrote and is never trusted.
    With no proxy (the default) only REMOTE_ADDR counts.
    """
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    remote_addr: str | None = request.META.get("REMOTE_ADDR")
    return remote_addr or None


def audit_record(
    *,
    actor: Viewer | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event.

    ``actor`` is the user who acted (None for the system, or an anonymous
    visitor). ``obj`` names the object; or give ``object_type`` and
    ``object_id`` for something that is not a model row (a failed sign-in).
    ``detail`` must never hold a complainant's identity: record pseudonyms and
    field names, not names and addresses.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    ip_address = None
    user_agent = ""
    if request is None:
        # A service deep in a request: the middleware knows where it came from.
        request = current_request.get()
    if request is not None:
        ip_address = client_ip(request)
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return AuditEvent.objects.create(
        # An anonymous visitor is recorded as nobody.
        actor=actor if isinstance(actor, User) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        ip_address=ip_address,
        user_agent=user_agent,
        detail=detail or {},
    )
