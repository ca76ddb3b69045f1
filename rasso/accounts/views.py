from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from rasso.accounts import rules, services
from rasso.accounts.dashboard import WORK_PROVIDERS, WorkCount
from rasso.accounts.forms import ApiTokenForm, SecurityCodeForm, SignInForm
from rasso.accounts.middleware import (
    idle_seconds_left,
    session_activity_record,
    session_passive,
)
from rasso.accounts.models import ApiToken, Role, User
from rasso.accounts.selectors import memberships_of
from rasso.core.errors import DomainError


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
        "Review packs to prepare",
        "Scrutiny panel referrals to answer",
    ],
    Role.POLICE_SPOC: [
        "File-quality queries to resolve",
        "No-further-action proposals to approve",
        "Action plans due",
        "Your force's overdue work",
        "Review packs to prepare",
        "Scrutiny panel referrals to answer",
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
        "Review packs to prepare",
        "Scrutiny panel referrals to answer",
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
    "Review packs to prepare": "review pack,review packs",
    "Scrutiny panel referrals to answer": "referral,referrals",
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
    return render(request, "home.html", {"roles": roles, "full_width": True})


# -- two-factor sign-in --------------------------------------------------------


def _next_of(request: HttpRequest) -> str:
    """Where to go once the second factor is given: ``next`` when it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@require_http_methods(["GET", "POST"])
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or a
    recovery code."""
    user: User = request.user  # type: ignore[assignment]
    if not rules.two_factor_enrolled(user):
        return redirect(f"{reverse('two-factor-set-up')}?{request.GET.urlencode()}")
    if rules.second_factor_given(user):
        return redirect(_next_of(request))
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if isinstance(result, str):
            form.add_error("code", result)
        else:
            django_otp.login(request, result)
            if result.name == services.RECOVERY_CODES:
                left = services.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code. You have {left} left: set up new "
                    "ones from your account page before they run out.",
                )
            return redirect(_next_of(request))
    return render(
        request, "registration/two_factor.html", {"form": form, "next": _next_of(request)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Enrolment, on first sign-in: scan the QR code (or type the key) into an
    authenticator app, give the code it shows, and write down the recovery
    codes, which are shown this once."""
    user: User = request.user  # type: ignore[assignment]
    if rules.two_factor_enrolled(user):
        return redirect(f"{reverse('two-factor')}?{request.GET.urlencode()}")
    device = services.two_factor_enrolment(user=user)
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.two_factor_enrol(user=user, code=form.cleaned_data["code"])
        if isinstance(result, str):
            form.add_error("code", result)
        else:
            confirmed, codes = result
            django_otp.login(request, confirmed)
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _next_of(request)},
            )
    key = b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_set_up.html",
        {
            "form": form,
            "next": _next_of(request),
            "qr_code": segno.make(device.config_url, error="m").svg_inline(
                scale=5, title="QR code of your two-factor sign-in key"
            ),
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, by POST (the old ones stop working), shown once."""
    user: User = request.user  # type: ignore[assignment]
    if not rules.two_factor_enrolled(user):
        return redirect("two-factor-set-up")
    if request.method == "POST":
        codes = services.recovery_codes_renew(user=user)
        return render(
            request, "registration/recovery_codes.html", {"codes": codes, "next": reverse("home")}
        )
    return render(
        request,
        "registration/recovery_codes_renew.html",
        {"left": services.recovery_codes_left(user)},
    )


# -- the account's API tokens --------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens (working, expired, revoked), and a new one: its
    key is shown on the page that issues it, once."""
    user: User = request.user  # type: ignore[assignment]
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            token, key = services.api_token_issue(
                actor=user, user=user, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            form.add_error("name", str(error))
        else:
            issued = {"token": token, "key": key}
            form = ApiTokenForm()
    tokens = [
        {"token": t, "refusal": t.refusal()} for t in ApiToken.objects.filter(user=user)[:100]
    ]
    return render(
        request,
        "registration/api_tokens.html",
        {"form": form, "tokens": tokens, "issued": issued},
    )


@require_http_methods(["POST"])
@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404("No such token")
    try:
        services.api_token_revoke(actor=user, token=token)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Token “{token.name}” revoked: it no longer works")
    return redirect("api-tokens")


# -- the idle sign-out's warning -------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_http_methods(["GET", "POST"])
@session_passive
def session_time_left(request: HttpRequest) -> HttpResponse:
    """The timeout warning's endpoint (``templates/includes/timeout_warning.html``).

    GET: the seconds left before the idle sign-out; asking is not activity,
    so a page left open does not keep itself signed in. POST ("stay signed
    in", with the CSRF token): the idle clock starts again. Signed out
    already (the middleware signs out a session whose time is up on this very
    request, and leaves the sign-in page its message): 401, or to the sign-in
    page for a form sent without JavaScript.
    """
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse(
                {"detail": "You have been signed out.", "sign_in": reverse("sign-in")}, status=401
            )
        return redirect("sign-in")
    if request.method == "POST":
        session_activity_record(request)
        if not _wants_json(request):
            return redirect(_next_of(request))
    return JsonResponse({"seconds_left": idle_seconds_left(request)})
