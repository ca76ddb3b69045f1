"""The one way to write the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponseBase

from rasso.accounts.models import User, Viewer
from rasso.audit.middleware import _REFUSALS, current_request
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
        # This request's read is on record: the read audit adds no row.
        setattr(request, _AUDITED, True)
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


# Attributes a request carries for the read audit.
_AUDITED = "_rasso_audited"
_LISTED = "_rasso_listed"

# Views whose reads are not case content: nothing to audit.
# "session": the idle sign-out's time left, asked by every open page; it reads
# nothing but the session's own clock.
_UNAUDITED_VIEWS = {"healthz", "sign-in", "sign-out", "two-factor", "two-factor-set-up", "session"}


def audit_note_listed(objects: Iterable[Any]) -> None:
    """The paginators tell the read audit which rows a page showed (their
    model and ids): one page's worth, never the whole list."""
    request = current_request.get()
    if request is None:
        return
    label = ""
    ids: list[str] = []
    for obj in objects:
        meta = getattr(obj, "_meta", None)
        if meta is None:
            continue
        label = label or meta.label_lower
        ids.append(str(obj.pk))
    setattr(request, _LISTED, (label, ids))


def audit_request_read(request: HttpRequest, response: HttpResponseBase) -> None:
    """The read audit's one row for a request (``ReadAuditMiddleware``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    match = request.resolver_match
    if match is None or match.url_name in _UNAUDITED_VIEWS:
        return
    refused = _REFUSALS.get(response.status_code)
    if refused is None and (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or getattr(request, _AUDITED, False)
    ):
        return
    # What was asked for: the view, the object its URL names, the filters.
    object_id = next(iter(match.kwargs.values()), "")
    detail: dict[str, Any] = {"view": match.view_name}
    if request.GET:
        detail["query"] = {key: request.GET.getlist(key)[:5] for key in list(request.GET)[:20]}
    action = refused or "page.view"
    if refused:
        detail["method"] = request.method
    else:
        listed = getattr(request, _LISTED, None)
        if listed is not None:
            action = "list.view"
            detail["listed"], detail["ids"] = listed
    audit_record(
        actor=user,
        action=action,
        object_type=match.view_name[:80],
        object_id=str(object_id)[:64],
        request=request,
        detail=detail,
    )
