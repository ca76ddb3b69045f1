"""The manager dashboard and reports, under /reports/."""

from __future__ import annotations

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.report_request, name="request"),
    path("panels/new/", views.panel_summary_request, name="panel_summary_request"),
    path("<int:pk>/status/", views.report_status, name="status"),
    path("<int:pk>/retry/", views.report_retry, name="retry"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path("<int:pk>/report.pdf", views.report_download, {"kind": "pdf"}, name="pdf"),
    path("<int:pk>/figures.csv", views.report_download, {"kind": "csv"}, name="csv"),
]
