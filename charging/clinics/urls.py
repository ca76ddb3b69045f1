"""The RASSO clinic pages under /cases/clinics/: the list, scheduling, the clinic
with its agenda and minutes, and the forms and buttons of the SPOC and attendees."""

from __future__ import annotations

from django.urls import path

from charging.clinics import views

CLINIC_ITEM = "clinics/<int:clinic>/agenda/<int:item>"

urlpatterns = [
    path("clinics/", views.clinics_list, name="clinics"),
    path("clinics/new/", views.clinic_schedule, name="clinic-schedule"),
    path("clinics/<int:clinic>/", views.clinic_detail, name="clinic"),
    path("clinics/<int:clinic>/agenda/new/", views.clinic_agenda_add, name="clinic-agenda-add"),
    path("clinics/<int:clinic>/held/", views.clinic_hold, name="clinic-hold"),
    path("clinics/<int:clinic>/cancel/", views.clinic_cancel, name="clinic-cancel"),
    path(f"{CLINIC_ITEM}/outcome/", views.clinic_outcome, name="clinic-outcome"),
    path(f"{CLINIC_ITEM}/actions/new/", views.clinic_action_add, name="clinic-action-add"),
    path(
        "clinics/<int:clinic>/actions/<int:action>/done/",
        views.clinic_action_complete,
        name="clinic-action-complete",
    ),
]
