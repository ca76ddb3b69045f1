"""Views of the project itself, outside any app."""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except DatabaseError:
        return False


def _redis_ok() -> bool:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database and Redis both answer, 503 otherwise; the body
    says which is down. No authentication: it reveals nothing else."""
    state = {
        "database": "ok" if _database_ok() else "unavailable",
        "redis": "ok" if _redis_ok() else "unavailable",
    }
    healthy = all(value == "ok" for value in state.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **state}, status=200 if healthy else 503
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse(_render("404.html", request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: its context processors read the database,
    # which may be the very thing that failed. Never shows the exception.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def _render(template_name: str, request: HttpRequest) -> str:
    return loader.get_template(template_name).render({}, request)
