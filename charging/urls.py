"""Early advice, file-quality queries, charging decisions, action plans and
police NFA proposals: the case's tabs and forms under /cases/<pk>/, and the
work lists under /cases/early-advice/ and /cases/queries/."""

from __future__ import annotations

from django.urls import path

from charging import views
from charging.decisions import urls as decisions
from charging.early_advice import urls as early_advice
from charging.queries import urls as queries

app_name = "charging"

PLAN = "<int:pk>/action-plans/<int:item>"
NFA = "<int:pk>/police-nfa/<int:item>"
CLINIC_ITEM = "clinics/<int:clinic>/agenda/<int:item>"

urlpatterns = [
    *decisions.urlpatterns,
    *queries.urlpatterns,
    *early_advice.urlpatterns,
    path("<int:pk>/action-plans/", views.case_action_plans, name="case-action-plans"),
    path("<int:pk>/action-plans/new/", views.plan_draft, name="plan-draft"),
    path(f"{PLAN}/items/new/", views.plan_item_add, name="plan-item-add"),
    path(f"{PLAN}/items/<int:number>/", views.plan_item_edit, name="plan-item-edit"),
    path(f"{PLAN}/issue/", views.plan_issue, name="plan-issue"),
    path(f"{PLAN}/withdraw/", views.plan_withdraw, name="plan-withdraw"),
    path(f"{PLAN}/answer/", views.plan_answer, name="plan-answer"),
    path("<int:pk>/police-nfa/", views.case_police_nfa, name="case-police-nfa"),
    path("<int:pk>/police-nfa/new/", views.nfa_propose, name="nfa-propose"),
    path(f"{NFA}/approve/", views.nfa_approve, name="nfa-approve"),
    path(f"{NFA}/send-back/", views.nfa_send_back, name="nfa-send-back"),
    path("work/plan-responses/", views.work_plan_responses, name="work-plan-responses"),
    path("work/action-plans-due/", views.work_plans_due, name="work-plans-due"),
    path("work/nfa-to-approve/", views.work_nfa_to_approve, name="work-nfa-to-approve"),
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
