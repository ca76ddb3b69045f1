"""Disclosure pages under the case (namespace ``disclosure``): the case's
Disclosure tab, its victim information requests, and its unused material
(schedules, the MG6E, the DMD, the disclosure record sheet)."""

from __future__ import annotations

from django.urls import path

from disclosure import views
from disclosure.devices import urls as devices
from disclosure.requests import views as requests
from disclosure.schedules import views as schedules

app_name = "disclosure"

REQUEST = "<int:pk>/disclosure/requests/<int:item>"
SCHEDULE = "<int:pk>/disclosure/schedules/<int:item>"
REPORT = "<int:pk>/disclosure/mg6e/<int:item>"
DMD = "<int:pk>/disclosure/dmd/<int:item>"
RECORD = "<int:pk>/disclosure/record"

urlpatterns = [
    path("<int:pk>/disclosure/", views.case_disclosure, name="case-disclosure"),
    path("<int:pk>/disclosure/requests/new/", requests.request_create, name="request-create"),
    path(f"{REQUEST}/", requests.request_detail, name="request"),
    path(f"{REQUEST}/change/", requests.request_edit, name="request-edit"),
    path(f"{REQUEST}/<slug:step>/", requests.request_step, name="request-step"),
    *devices.urlpatterns,
    # Unused material.
    path(
        "<int:pk>/disclosure/schedules/new/<slug:kind>/",
        schedules.schedule_start,
        name="schedule-start",
    ),
    path(f"{SCHEDULE}/", schedules.schedule_detail, name="schedule"),
    path(f"{SCHEDULE}/items/new/", schedules.item_add, name="schedule-item-add"),
    path(
        f"{SCHEDULE}/items/from-request/",
        schedules.item_sources,
        name="schedule-item-from-request",
    ),
    path(
        f"{SCHEDULE}/items/from-request/<int:source>/",
        schedules.item_add_from_request,
        name="schedule-item-from-request-add",
    ),
    path(
        f"{SCHEDULE}/items/<int:number>/change/",
        schedules.item_edit,
        name="schedule-item-edit",
    ),
    path(
        f"{SCHEDULE}/items/<int:number>/review/",
        schedules.item_review,
        name="schedule-item-review",
    ),
    path(f"{SCHEDULE}/<slug:step>/", schedules.schedule_step, name="schedule-step"),
    path("<int:pk>/disclosure/mg6e/new/", schedules.report_start, name="report-start"),
    path(f"{REPORT}/", schedules.report_detail, name="report"),
    path(f"{REPORT}/entries/new/", schedules.report_entry_add, name="report-entry-add"),
    path(f"{REPORT}/<slug:step>/", schedules.report_step, name="report-step"),
    path("<int:pk>/disclosure/dmd/new/", schedules.dmd_create, name="dmd-create"),
    path(f"{DMD}/", schedules.dmd_detail, name="dmd"),
    path(f"{DMD}/change/", schedules.dmd_edit, name="dmd-edit"),
    path(f"{DMD}/<slug:step>/", schedules.dmd_step, name="dmd-step"),
    path(f"{RECORD}/", schedules.record_sheet, name="record-sheet"),
    path(f"{RECORD}/disclosed/", schedules.disclosed_record, name="record-disclosed"),
    path(
        f"{RECORD}/defence-statement/",
        schedules.defence_statement,
        name="record-defence-statement",
    ),
]
