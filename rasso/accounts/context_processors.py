"""What the base layout needs about the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from rasso.accounts.selectors import memberships_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = memberships_of(user)
    items: list[dict[str, Any]] = [{"label": "Your work", "url": reverse("home")}]
    items.append({"label": "API", "url": reverse("api-docs")})
    if user.is_staff:
        items.append({"label": "Admin", "url": reverse("admin:index")})
    current = request.path
    for item in items:
        item["active"] = current == item["url"] or (
            item["url"] != "/" and current.startswith(item["url"])
        )
    return {
        "navigation": items,
        "memberships": memberships,
        "primary_organisation": memberships[0].organisation if memberships else None,
    }
