"""The API root: /api/v1/, its schema and its documentation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cases.api import (
    CaseDeadlineViewSet,
    CaseDocumentViewSet,
    CaseEventViewSet,
    CaseOffenceViewSet,
    CaseSuspectViewSet,
    CaseViewSet,
    OffenceViewSet,
)
from cases.retention.api import CaseRetentionViewSet
from charging.action_plans.api import ActionPlanViewSet
from charging.clinics.api import ClinicViewSet
from charging.decisions.api import CpsDecisionViewSet
from charging.early_advice.api import EarlyAdviceViewSet
from charging.panels.api import PanelViewSet, ReviewPackViewSet
from charging.police_nfa.api import PoliceNfaViewSet
from charging.queries.api import FileQualityQueryViewSet
from disclosure.devices.api import DeviceExtractionViewSet
from disclosure.requests.api import VictimInformationRequestViewSet
from disclosure.schedules.api import (
    DisclosureOfficerReportViewSet,
    DisclosureRecordViewSet,
    ManagementDocumentViewSet,
    ScheduleViewSet,
)
from rasso.accounts.api import OrganisationViewSet
from reports.api import ProgressReportViewSet
from victims.api import ComplainantViewSet, ContactViewSet, LetterViewSet, ReviewViewSet

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("offences", OffenceViewSet, basename="offence")
router.register("cases", CaseViewSet, basename="case")
CASE = r"cases/(?P<case_pk>\d+)"
router.register(f"{CASE}/offences", CaseOffenceViewSet, basename="case-offence")
router.register(f"{CASE}/suspects", CaseSuspectViewSet, basename="case-suspect")
router.register(f"{CASE}/documents", CaseDocumentViewSet, basename="case-document")
router.register(f"{CASE}/events", CaseEventViewSet, basename="case-event")
router.register(f"{CASE}/deadlines", CaseDeadlineViewSet, basename="case-deadline")
router.register(f"{CASE}/retention", CaseRetentionViewSet, basename="case-retention")
router.register(f"{CASE}/complainants", ComplainantViewSet, basename="case-complainant")
COMPLAINANT = rf"{CASE}/complainants/(?P<complainant_pk>\d+)"
router.register(f"{COMPLAINANT}/contacts", ContactViewSet, basename="complainant-contact")
router.register(f"{COMPLAINANT}/letters", LetterViewSet, basename="complainant-letter")
router.register(f"{COMPLAINANT}/reviews", ReviewViewSet, basename="complainant-review")
router.register(
    f"{CASE}/victim-information-requests",
    VictimInformationRequestViewSet,
    basename="case-victim-information-request",
)
router.register(f"{CASE}/device-extractions", DeviceExtractionViewSet, basename="device-extraction")
router.register(f"{CASE}/schedules", ScheduleViewSet, basename="case-schedule")
router.register(
    f"{CASE}/disclosure-officer-reports",
    DisclosureOfficerReportViewSet,
    basename="case-disclosure-officer-report",
)
router.register(
    f"{CASE}/disclosure-management-documents",
    ManagementDocumentViewSet,
    basename="case-disclosure-management-document",
)
router.register(
    f"{CASE}/disclosure-record", DisclosureRecordViewSet, basename="case-disclosure-record"
)
router.register("early-advice", EarlyAdviceViewSet, basename="early-advice")
router.register("file-quality-queries", FileQualityQueryViewSet, basename="file-quality-query")
router.register("cps-decisions", CpsDecisionViewSet, basename="cps-decision")
router.register("action-plans", ActionPlanViewSet, basename="action-plan")
router.register("police-nfa", PoliceNfaViewSet, basename="police-nfa")
router.register("clinics", ClinicViewSet, basename="clinic")
router.register("panels", PanelViewSet, basename="panel")
router.register("review-packs", ReviewPackViewSet, basename="review-pack")
router.register("reports", ProgressReportViewSet, basename="progress-report")

urlpatterns = [
    path("v1/", include(router.urls)),
    # Both for signed-in users only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]):
    # the schema is a map of every endpoint. The docs page is for a browser,
    # so a visitor who is not signed in is sent to sign in.
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]
