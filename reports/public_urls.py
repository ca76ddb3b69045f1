"""The public progress update, under /progress/: no sign-in."""

from __future__ import annotations

from django.urls import path

from reports import views

app_name = "progress"

urlpatterns = [
    path("", views.progress_list, name="list"),
    path("<int:pk>/report.pdf", views.progress_download, {"kind": "pdf"}, name="pdf"),
    path("<int:pk>/figures.csv", views.progress_download, {"kind": "csv"}, name="csv"),
]
