"""The action-plan pages: the case's tab and forms under /cases/<pk>/action-plans/,
the prosecutor's responses received and the police's plans due."""

from __future__ import annotations

from django.urls import path

from charging.action_plans import views

PLAN = "<int:pk>/action-plans/<int:item>"

urlpatterns = [
    path("<int:pk>/action-plans/", views.case_action_plans, name="case-action-plans"),
    path("<int:pk>/action-plans/new/", views.plan_draft, name="plan-draft"),
    path(f"{PLAN}/items/new/", views.plan_item_add, name="plan-item-add"),
    path(f"{PLAN}/items/<int:number>/", views.plan_item_edit, name="plan-item-edit"),
    path(f"{PLAN}/issue/", views.plan_issue, name="plan-issue"),
    path(f"{PLAN}/withdraw/", views.plan_withdraw, name="plan-withdraw"),
    path(f"{PLAN}/answer/", views.plan_answer, name="plan-answer"),
    path("work/plan-responses/", views.work_plan_responses, name="work-plan-responses"),
    path("work/action-plans-due/", views.work_plans_due, name="work-plans-due"),
]
