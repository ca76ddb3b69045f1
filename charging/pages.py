"""One page of a work list, the shape every charging sub-domain's lists share.
Form pages and buttons that call a service are ``rasso.core.web``'s
``form_action`` and ``button_action``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rasso.accounts.selectors import roles_of
from rasso.core.web import AuthenticatedRequest, paginate


def work_list(
    request: AuthenticatedRequest,
    roles: set[str],
    template: str,
    items: Any,
    **context: Any,
) -> HttpResponse:
    """One page of a work list, for a user holding one of ``roles`` (anyone
    else: 404). Two queries: the COUNT and the page."""
    if not roles_of(request.user) & roles:
        raise Http404("No such work list for this role")
    context.update({"pagination": paginate(request, items), "today": timezone.localdate()})
    return render(request, template, context)
