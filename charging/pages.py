"""The page shapes every charging sub-domain's views share: a form page that
calls one service, a button with nothing to fill in, and one page of a work
list. A service's refusal (``CaseError``) is shown as a GOV.UK error and
changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cases.services import CaseError
from cases.views import AuthenticatedRequest, form_page, paginate
from rasso.accounts.selectors import roles_of


def service_form(
    request: AuthenticatedRequest,
    form: Form,
    act: Callable[[dict[str, Any]], object],
    *,
    back_url: str,
    done: str,
    title: str,
    submit: str,
    caption: str,
    intro: str = "",
) -> HttpResponse:
    """A form page that calls one service; its refusal is a form error."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect(back_url)
    return form_page(
        request, form, title=title, submit=submit, back_url=back_url, caption=caption, intro=intro
    )


def service_button(
    request: AuthenticatedRequest, act: Callable[[], object], *, back_url: str, done: str
) -> HttpResponse:
    """A button with nothing to fill in: done, or the refusal on the tab."""
    try:
        act()
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(back_url)


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
