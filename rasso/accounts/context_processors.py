"""What the base layout needs about the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from rasso.accounts.models import CPS_ROLES, POLICE_ROLES, Role
from rasso.accounts.selectors import memberships_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = memberships_of(user)
    roles = {m.role for m in memberships}
    items: list[dict[str, Any]] = [{"label": "Your work", "url": reverse("home")}]
    if roles & (POLICE_ROLES | CPS_ROLES):
        items.append({"label": "Cases", "url": reverse("cases:list")})
    if Role.CPS_SPOC in roles:
        items.append({"label": "Ready to allocate", "url": reverse("cases:queue")})
    if Role.PROSECUTOR in roles:
        items.append({"label": "My allocated cases", "url": reverse("cases:allocated")})
    if roles & CPS_ROLES:
        items.append({"label": "Clinics", "url": reverse("charging:clinics")})
    if roles & {Role.PANEL_MEMBER, Role.CPS_SPOC}:
        items.append({"label": "Scrutiny panels", "url": reverse("panels:list")})
    if Role.MANAGER in roles:
        items.append({"label": "Performance", "url": reverse("reports:dashboard")})
    items.append({"label": "API", "url": reverse("api-docs")})
    if user.is_staff:
        items.append({"label": "Admin", "url": reverse("admin:index")})
    # The current item is the one whose address is the longest start of this
    # page's: /cases/queue/ is "Ready to allocate", not "Cases" as well.
    current = request.path
    matches = [
        item["url"]
        for item in items
        if current == item["url"] or (item["url"] != "/" and current.startswith(item["url"]))
    ]
    active = max(matches, key=len, default=None)
    for item in items:
        item["active"] = item["url"] == active
    return {
        "navigation": items,
        "memberships": memberships,
        "primary_organisation": memberships[0].organisation if memberships else None,
    }
