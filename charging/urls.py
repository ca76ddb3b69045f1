"""Early advice, file-quality queries, charging decisions, action plans and
police NFA proposals: the case's tabs and forms under /cases/<pk>/, and the
work lists under /cases/early-advice/ and /cases/queries/."""

from __future__ import annotations

from django.urls import path

from charging import views
from charging.action_plans import urls as action_plans
from charging.decisions import urls as decisions
from charging.early_advice import urls as early_advice
from charging.police_nfa import urls as police_nfa
from charging.queries import urls as queries

app_name = "charging"

CLINIC_ITEM = "clinics/<int:clinic>/agenda/<int:item>"

urlpatterns = [
    *police_nfa.urlpatterns,
    *action_plans.urlpatterns,
    *decisions.urlpatterns,
    *queries.urlpatterns,
    *early_advice.urlpatterns,
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
