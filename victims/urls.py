"""Complainants' pages, under the case they belong to."""

from __future__ import annotations

from django.urls import path

from victims import views

app_name = "victims"

urlpatterns = [
    path("<int:pk>/complainants/", views.complainants, name="complainants"),
    path("<int:pk>/complainants/new/", views.complainant_add, name="complainant-add"),
]
