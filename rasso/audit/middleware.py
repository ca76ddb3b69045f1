"""Where a request came from, for audit rows written deep inside services."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

# The request being served (by this thread), if any.
current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


class AuditContextMiddleware:
    """Make the request known to ``audit_record`` for its whole life, so a
    service's audit row says "from where" without every service taking the
    request as an argument."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


# HTTP statuses that refuse a request: not visible (404, indistinguishable
# from absent) and visible but not allowed (403).
_REFUSALS = {404: "read.refused", 403: "action.refused"}


class ReadAuditMiddleware:
    """Every read by a signed-in user leaves one audit row, whatever it lists.

    - A page or API answer that audited itself (a case, a complainant, a
      download: ``audit_record`` marks the request) adds nothing.
    - Any other successful GET writes one ``page.view`` row naming the view
      (``object_type``), its object (``object_id``, from the URL) and the
      query (the filters); a page of a list adds the ids it showed
      (``list.view``, noted by the paginators: bounded by the page size). So
      the cost is one INSERT a request, however many rows are listed.
    - A 404 or 403 to a signed-in user writes ``read.refused`` or
      ``action.refused``: probing for hidden objects shows in the log.

    Placed after the context middleware (``audit_record`` finds the request),
    it reads the user after the view, so an API client signed in by token
    inside the view is the actor too. Nothing is written for visitors who are
    not signed in, for the health check, or for sign-in and sign-out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        from rasso.audit.services import audit_request_read

        audit_request_read(request, response)
        return response
