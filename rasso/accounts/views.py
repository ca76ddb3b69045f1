from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rasso.accounts.dashboard import WORK_PROVIDERS, WorkCount
from rasso.accounts.forms import SignInForm
from rasso.accounts.models import Role, User
from rasso.accounts.selectors import memberships_of


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign out by POST only (a link could be triggered by another site)."""


# What each role's "your work" page shows, in order; the case, charging,
# complainant and report work fills these sections in.
DASHBOARD_SECTIONS: dict[str, list[str]] = {
    Role.INVESTIGATOR: [
        "Your cases",
        "Action plans due",
        "Advice received",
        "Queries to answer",
        "Complainant updates owed",
    ],
    Role.POLICE_SUPERVISOR: [
        "Your force's cases",
        "No-further-action proposals to approve",
        "File-quality queries to resolve",
        "Action plans due",
        "Your force's overdue work",
    ],
    Role.POLICE_SPOC: [
        "File-quality queries to resolve",
        "No-further-action proposals to approve",
        "Action plans due",
        "Your force's overdue work",
    ],
    Role.PROSECUTOR: [
        "Your allocated cases",
        "Early advice due",
        "Decisions due",
        "Action-plan responses received",
        "Your open file-quality queries",
    ],
    Role.CPS_SPOC: [
        "Ready to allocate",
        "Early advice to allocate",
        "Clinics",
        "Your Area's overdue work",
    ],
    Role.PANEL_MEMBER: ["Review packs for your panel"],
    Role.MANAGER: ["Progress reports"],
}

# What a section counts, as Django's ``pluralize`` argument ("singular,plural");
# a section not named here counts "items".
SECTION_NOUNS: dict[str, str] = {
    "Your cases": "case,cases",
    "Your force's cases": "case,cases",
    "Your force's overdue work": "case,cases",
    "Your Area's overdue work": "case,cases",
    "Ready to allocate": "case,cases",
    "Your allocated cases": "case,cases",
    "Decisions due": "case,cases",
    "Early advice due": "request,requests",
    "Early advice to allocate": "request,requests",
    "Advice received": "request,requests",
    "File-quality queries to resolve": "query,queries",
    "Your open file-quality queries": "query,queries",
    "Queries to answer": "query,queries",
    "No-further-action proposals to approve": "proposal,proposals",
    "Action plans due": "action plan,action plans",
    "Action-plan responses received": "action plan,action plans",
    "Clinics": "clinic,clinics",
    "Complainant updates owed": "update,updates",
    "Review packs for your panel": "review pack,review packs",
    "Progress reports": "report,reports",
}


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: the signed-in user's work, a section per role they hold,
    with a count and a link where the work can already be listed."""
    user: User = request.user  # type: ignore[assignment]
    roles = []
    for membership in memberships_of(user):
        work: dict[str, WorkCount] = {}
        for provider in WORK_PROVIDERS:
            work.update(provider(user, membership))
        sections = []
        for label in DASHBOARD_SECTIONS.get(membership.role, []):
            count, url = work.get(label, (None, ""))
            sections.append(
                {
                    "label": label,
                    "count": count() if count else None,
                    "url": url,
                    "nouns": SECTION_NOUNS.get(label, "item,items"),
                }
            )
        roles.append({"membership": membership, "sections": sections})
    return render(request, "home.html", {"roles": roles})
