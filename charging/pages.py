"""What every charging sub-domain's pages share.

A form is offered only to someone the rules allow (anyone else: 404); what is
posted always goes to the service, whose refusal is shown as a GOV.UK error
and changes nothing. Form pages and buttons that call a service are
``rasso.core.web``'s ``form_action``, ``button_action`` and
``case_item_button``; a work list is ``work_list`` below, and its view
``work_list_page``."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from rasso.accounts.models import User
from rasso.accounts.selectors import roles_of
from rasso.core.web import AuthenticatedRequest, paginate


def work_list(
    request: AuthenticatedRequest,
    roles: AbstractSet[str],
    template: str,
    items: Any,
    **context: Any,
) -> HttpResponse:
    """One page of a work list, for a user holding one of ``roles`` (anyone
    else: 404). Two queries: the COUNT and the page."""
    if not roles_of(request.user) & roles:
        raise Http404("No such work list for this role")
    context.update(
        {
            "pagination": paginate(request, items),
            "today": timezone.localdate(),
            "full_width": True,
        }
    )
    return render(request, template, context)


def work_list_page(
    roles: AbstractSet[str],
    template: str,
    items: Callable[[User], Any],
    **context: Any,
) -> Callable[[AuthenticatedRequest], HttpResponse]:
    """The view of a work list: signed in, GET only, ``items(user)`` paged
    (see ``work_list``)."""

    @require_GET
    @login_required
    def view(request: AuthenticatedRequest) -> HttpResponse:
        return work_list(request, roles, template, items(request.user), **context)

    return view
