"""The notifications page and the e-mail settings: a user's own only.

Another user's notification answers 404, like everything a user may not see.
Marking read is a POST (a form button), so the page works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rasso.core.errors import DomainError
from rasso.core.web import AuthenticatedRequest, paginate, posted
from rasso.notifications import selectors, sent_email, services
from rasso.notifications.forms import EmailFrequencyForm


@require_GET
@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    pagination = paginate(request, selectors.notifications_for(request.user))
    return render(request, "notifications/notification_list.html", {"pagination": pagination})


def _back_to_list(request: AuthenticatedRequest) -> HttpResponse:
    # Back to the page the button was on.
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@require_POST
@login_required
def notification_mark_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    try:
        services.notification_mark_read(actor=request.user, notification=notification)
    except DomainError as error:
        messages.error(request, str(error))
    return _back_to_list(request)


@require_POST
@login_required
def notifications_mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    marked = services.notifications_mark_all_read(actor=request.user)
    if marked:
        messages.success(
            request, f"{marked} notification{'s' if marked != 1 else ''} marked as read"
        )
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request: AuthenticatedRequest) -> HttpResponse:
    form = EmailFrequencyForm(
        posted(request),
        initial={"email_frequency": selectors.email_frequency_of(request.user)},
    )
    if form.is_valid():
        try:
            services.notification_preference_set(
                actor=request.user, email_frequency=form.cleaned_data["email_frequency"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your e-mail settings are saved")
            return redirect("notifications:list")
    # Its own template: GOV.UK radios in a fieldset, which the generic form
    # page does not draw.
    return render(request, "notifications/settings.html", {"form": form})


@require_GET
@login_required
def sent_email_list(request: AuthenticatedRequest) -> HttpResponse:
    """The e-mail the service sent, read back from ``var/sent-email``: for an
    administrator trying the service with DJANGO_DEBUG on, and nobody else
    (404 for everyone, administrators included, once it is off)."""
    if not (sent_email.enabled() and request.user.is_superuser):
        raise Http404("No such page")
    return render(
        request,
        "notifications/sent_email.html",
        {"messages_sent": sent_email.sent_emails(), "folder": sent_email.folder()},
    )
