"""Response headers every page and API answer shares.

- ``PrivateResponseMiddleware``: nothing that may carry identity or case
  content is kept by a cache. A proxy, or the browser's history on a shared
  office computer, would otherwise hand a case or a complainant's name to the
  next person. Rather than trust each view to remember, every response to a
  signed-in user, every API response and every attachment says ``no-store``;
  only static files (served before this runs) and the public pages to
  visitors who are not signed in may be cached.
- ``PermissionsPolicyMiddleware``: no page may use the camera, microphone,
  location or the like (``PERMISSIONS_POLICY`` in the settings).
- ``ServiceNotFoundMiddleware``: with DJANGO_DEBUG on, a missing page is
  still the service's own "Page not found", not Django's technical page
  (which lists every address of the service) — a demo user meets the former.
- ``RefusalMiddleware``: a page that raises a rule's refusal (``Forbidden``:
  the user may see the object, not do this) answers with the refusal page,
  403, saying why. The API answers its own (``rasso.core.api``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotFound
from django.template import loader
from django.utils.cache import add_never_cache_headers

from rasso.core.errors import Forbidden

GetResponse = Callable[[HttpRequest], HttpResponseBase]


def _is_private(request: HttpRequest, response: HttpResponseBase) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # API clients sign in by token inside the view, so the request's user
    # here is anonymous even when the answer is a case: go by the path.
    if request.path_info.startswith("/api/"):
        return True
    return response.get("Content-Disposition", "").startswith("attachment")


class PrivateResponseMiddleware:
    """``Cache-Control: no-store`` (Django's never-cache headers) on every
    private response. Placed after the authentication middleware, so that it
    knows who is signed in."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Read before the view runs too: signing out turns the user anonymous
        # on the way back, yet the page was rendered for them.
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        if signed_in or _is_private(request, response):
            add_never_cache_headers(response)
        return response


class PermissionsPolicyMiddleware:
    """The ``Permissions-Policy`` header, from ``settings.PERMISSIONS_POLICY``:
    each browser feature with the origins allowed to use it (none: denied)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class ServiceNotFoundMiddleware:
    """With DEBUG on, Django answers a missing page (no address matched, or a
    view raised ``Http404``) with its technical page, an
    ``HttpResponseNotFound``; our own 404 pages are plain responses with the
    status (``handler404``, a document's missing file). Replace only the
    former, and only for pages: the API answers its own JSON."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and type(response) is HttpResponseNotFound
            and response.get("Content-Type", "").startswith("text/html")
        ):
            page = loader.get_template("404.html").render({}, request)
            return HttpResponse(page, status=404)
        return response


class RefusalMiddleware:
    """A rule's refusal raised by a page is the refusal page (403) with the
    reason, so a form the user may not fill in is never offered to them."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if not isinstance(exception, Forbidden):
            return None
        from rasso.core.web import refusal_page

        return refusal_page(request, str(exception))
