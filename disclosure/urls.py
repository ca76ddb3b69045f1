"""Disclosure pages under the case (namespace ``disclosure``): the case's
Disclosure tab and its victim information requests."""

from __future__ import annotations

from django.urls import path

from disclosure.requests import views as requests

app_name = "disclosure"

REQUEST = "<int:pk>/disclosure/requests/<int:item>"

urlpatterns = [
    path("<int:pk>/disclosure/", requests.case_disclosure, name="case-disclosure"),
    path("<int:pk>/disclosure/requests/new/", requests.request_create, name="request-create"),
    path(f"{REQUEST}/", requests.request_detail, name="request"),
    path(f"{REQUEST}/change/", requests.request_edit, name="request-edit"),
    path(f"{REQUEST}/<slug:step>/", requests.request_step, name="request-step"),
]
