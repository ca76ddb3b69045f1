"""What every app's pages share: the signed-in request, pagination, and the
two shapes of a page that calls a service (a form, or a bare button).

A service's ``DomainError`` is the only failure a page shows in words: on a
form, in its error summary (against the fields it names); after a button,
as an error message on the page it returns to. A rule's refusal
(``Forbidden``: the user may see the object but not do this) answers 403:
the form again with the reason, or after a button the refusal page
(``403.html``) with the reason and the way back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rasso.accounts.models import User
from rasso.audit.services import audit_note_listed
from rasso.core.errors import DomainError, Forbidden

PER_PAGE = 25

_T = TypeVar("_T")


class AuthenticatedRequest(HttpRequest):
    """A request behind ``login_required``: its user is a real user."""

    user: User


class Pageable(Protocol):
    """What a page can be cut from: a queryset, or a listing that counts and
    slices like one (``cases.selectors.CaseListing``)."""

    def count(self) -> int: ...

    def __getitem__(self, index: slice, /) -> Any: ...


@dataclass(frozen=True)
class Pagination:
    page: Page[Any]
    # Page numbers around the current one, with Paginator.ELLIPSIS for gaps.
    numbers: list[int | str]


def paginate(request: HttpRequest, items: Pageable) -> Pagination:
    """One page of ``items``: a COUNT and a LIMIT/OFFSET query. A page number
    that is not a number, or past the end, gives the first or last page. The
    read audit is told which rows the page shows."""
    paginator: Paginator[Any] = Paginator(items, PER_PAGE)  # type: ignore[arg-type]
    page = paginator.get_page(request.GET.get("page"))
    # The page's rows, fetched once: for the template and the read audit.
    page.object_list = list(page.object_list)
    audit_note_listed(page.object_list)
    numbers = list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return Pagination(page=page, numbers=numbers)


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one), None for a GET: a form is
    bound, and shows its errors, exactly when something was sent."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    submit: str,
    back_url: str,
    caption: str = "",
    intro: str = "",
    case: Any = None,
    status: int = 200,
) -> HttpResponse:
    """A page holding one form, GOV.UK style: caption, heading, intro, the
    form, its button and a way back. ``case`` names the page's case in its
    title."""
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "back_url": back_url,
            "caption": caption,
            "intro": intro,
            "case": case,
        },
        status=status,
    )


def refusal_on_form(form: forms.BaseForm, error: DomainError) -> None:
    """A service's refusal on the form: against each field it names, else at
    the top of the error summary."""
    placed = {name: message for name, message in error.problems.items() if name in form.fields}
    if not placed:
        form.add_error(None, str(error))
    for name, message in error.problems.items():
        form.add_error(name if name in placed else None, message)


def form_action(
    request: HttpRequest,
    form: forms.BaseForm,
    act: Callable[[dict[str, Any]], _T],
    *,
    back_url: str,
    done: str | Callable[[_T], str],
    title: str,
    submit: str,
    caption: str = "",
    intro: str = "",
    case: Any = None,
    notice: Callable[[dict[str, Any]], str | None] | None = None,
) -> HttpResponse:
    """A form page that calls one service with the form's cleaned data: on
    success a message (``done``, or made from what the service returned) and
    back to ``back_url``; a refusal is a form error and the page again, with
    nothing saved (answering 403 when a rule refused). ``notice``, given what
    was saved, may add a second message, an important one (what others will
    read of free text)."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except DomainError as error:
            refusal_on_form(form, error)
            status = refusal_status(error)
        else:
            messages.success(request, done if isinstance(done, str) else done(result))
            said = notice(form.cleaned_data) if notice is not None else None
            if said:
                messages.warning(request, said)
            return redirect(back_url)
    return form_page(
        request,
        form,
        title=title,
        submit=submit,
        back_url=back_url,
        caption=caption,
        intro=intro,
        case=case,
        status=status,
    )


def refusal_status(error: DomainError) -> int:
    """The status of a page showing ``error`` on its form: 403 for a rule's
    refusal, else 200 (the form again, with what to put right)."""
    return 403 if isinstance(error, Forbidden) else 200


def refusal_page(request: HttpRequest, reason: str, *, back_url: str = "") -> HttpResponse:
    """The page of a rule's refusal: the reason and the way back, as 403."""
    return render(request, "403.html", {"exception": reason, "back_url": back_url}, status=403)


def button_action(
    request: HttpRequest, act: Callable[[], object], *, back_url: str, done: str
) -> HttpResponse:
    """A button with nothing to fill in: done, or the refusal, shown on the
    page it returns to; a rule's refusal is the refusal page (403)."""
    try:
        act()
    except Forbidden as error:
        return refusal_page(request, str(error), back_url=back_url)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(back_url)


def case_item_button(
    fetch: Callable[[User, int, int], _T],
    act: Callable[[User, _T], object],
    *,
    back_url: Callable[[int], str],
    done: str | Callable[[_T], str],
) -> Callable[[AuthenticatedRequest, int, int], HttpResponse]:
    """The view of a button on one object of a case (``<case pk>/.../<item>/``):
    POST only, signed in; ``fetch(user, item, case_pk)`` reads the object
    through its selector (a 404 for one the user may not see), ``act`` calls
    the service, and the user goes back to ``back_url(case_pk)`` with
    ``done`` or the refusal."""

    @require_POST
    @login_required
    def view(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
        obj = fetch(request.user, item, pk)
        return button_action(
            request,
            lambda: act(request.user, obj),
            back_url=back_url(pk),
            done=done if isinstance(done, str) else done(obj),
        )

    return view
