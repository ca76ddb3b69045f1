"""The case's Disclosure tab: each sub-domain's section of it, for those
entitled to see it (victim information requests, unused material, device
extractions)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from cases import selectors as case_selectors
from cases.views import render_case_page
from disclosure.devices.views import device_section
from disclosure.requests import rules, selectors
from disclosure.schedules.views import unused_material_tab
from rasso.audit.services import audit_record
from rasso.core.web import AuthenticatedRequest, paginate


@require_GET
@login_required
def case_disclosure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Victim information requests for those entitled to them; the unused
    material (schedules, MG6E, DMD, record sheet) and device extractions for
    the case's entitled police and prosecutor only."""
    case = case_selectors.case_get(request.user, pk)
    pagination = paginate(request, selectors.requests_list(request.user, case.pk))
    devices = device_section(request.user, case)
    shown = {
        "victim_information_requests": [r.pk for r in pagination.page.object_list],
        "device_extractions": [e.pk for e in devices["extractions"]],
    }
    if any(shown.values()):
        # The case's view is on the record (``render_case_page``); which
        # requests and extractions it showed is said here.
        audit_record(actor=request.user, action="disclosure.listed", obj=case, detail=shown)
    return render_case_page(
        request,
        case,
        "disclosure/case_disclosure.html",
        {
            "pagination": pagination,
            "may_create": rules.request_create_refusal(request.user, case) is None,
            **unused_material_tab(request.user, case),
            "devices": devices,
        },
    )
