"""The case file's pages (the layout every app shares: see the project brief)."""

from __future__ import annotations

from django.urls import path

from cases import views
from cases.retention import views as retention

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("queue/", views.case_queue, name="queue"),
    path("allocated/", views.case_allocated, name="allocated"),
    path("allocate/", views.cases_allocate, name="bulk-allocate"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/timeline/", views.case_timeline, name="timeline"),
    path("<int:pk>/documents/", views.case_documents, name="documents"),
    path(
        "<int:pk>/documents/<int:doc_pk>/download/",
        views.document_download,
        name="document-download",
    ),
    path("<int:pk>/deadlines/", views.case_deadlines, name="deadlines"),
    path("<int:pk>/offences/new/", views.offence_add, name="offence-add"),
    path("<int:pk>/suspects/new/", views.suspect_add, name="suspect-add"),
    path(
        "<int:pk>/start-investigation/",
        views.case_start_investigation,
        name="start-investigation",
    ),
    path("<int:pk>/submit/", views.case_submit, name="submit"),
    path("<int:pk>/share/", views.case_share, name="share"),
    path("<int:pk>/officer/", views.case_reallocate_oic, name="reallocate-oic"),
    path("<int:pk>/prosecutor/", views.case_allocate_prosecutor, name="allocate-prosecutor"),
    # The result at court, and retention (cases.retention).
    path("<int:pk>/finalise/", retention.case_finalise, name="finalise"),
    path("<int:pk>/created-in-error/", retention.case_created_in_error, name="created-in-error"),
    path("retention/", retention.retention_due_list, name="retention-due"),
    path("<int:pk>/retention/", retention.case_retention, name="retention"),
    path("<int:pk>/retention/retain/", retention.case_retain, name="retention-retain"),
    path("<int:pk>/retention/delete/", retention.case_delete, name="retention-delete"),
    path("<int:pk>/retention/hold/", retention.legal_hold_place, name="legal-hold-place"),
    path("<int:pk>/retention/hold/lift/", retention.legal_hold_lift, name="legal-hold-lift"),
]
