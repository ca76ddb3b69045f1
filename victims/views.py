"""Complainants in the browser: the case's Complainants tab, the summary
card and the form that adds one. Identity (name, date of birth, address,
contact details) is shown only when ``identity_visible_to`` says so; everyone
else sees the pseudonym. Every page showing complainants is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cases import rules, selectors
from cases.models import CaseFile
from cases.services import CaseError
from cases.views import (
    AuthenticatedRequest,
    CaseActions,
    editable_case,
    form_page,
    posted,
    render_case_page,
)
from rasso.audit.services import audit_record
from victims import services
from victims.forms import ComplainantForm
from victims.models import Complainant
from victims.selectors import case_complainants, identity_visible_to


def _shown(request: AuthenticatedRequest, case: CaseFile) -> dict[str, Any]:
    """The case's complainants and whether their identity may be shown;
    the showing is audited (pseudonyms only in the log)."""
    complainants: list[Complainant] = list(case_complainants(case))
    show_identity = identity_visible_to(request.user, case)
    if complainants:
        audit_record(
            actor=request.user,
            action="complainant.view",
            obj=case,
            request=request,
            detail={
                "complainants": [c.pseudonym for c in complainants],
                "identity_shown": show_identity,
            },
        )
    return {"complainants": complainants, "show_identity": show_identity}


def complainants_summary(
    request: AuthenticatedRequest, case: CaseFile, actions: CaseActions
) -> dict[str, Any]:
    """The complainants card on the case's summary page."""
    return {**_shown(request, case), "may_add": actions.edit}


@require_GET
@login_required
def complainants(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return render_case_page(
        request,
        case,
        "victims/complainants.html",
        {**_shown(request, case), "may_add": rules.may_edit(request.user, case)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def complainant_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = editable_case(request, pk)
    form = ComplainantForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            complainant = services.complainant_add(
                actor=request.user, case=case, **form.cleaned_data
            )
        except CaseError as error:
            form.add_error(None, str(error))
        else:
            # The banner names the pseudonym: it may be read over a shoulder.
            messages.success(request, f"Complainant {complainant.pseudonym} added")
            return redirect("cases:detail", pk=case.pk)
    return form_page(
        request,
        form,
        title="Add a complainant",
        caption=case.urn,
        intro="They will be known by a pseudonym (C1, C2) to everyone who is not "
        "entitled to see who they are.",
        submit="Add complainant",
        back_url=reverse("cases:detail", args=[case.pk]),
        case=case,
    )
