"""Early advice, file-quality queries, charging decisions, action plans and
police NFA proposals: the case's tabs and forms under /cases/<pk>/, and the
work lists under /cases/early-advice/ and /cases/queries/."""

from __future__ import annotations

from django.urls import path

from charging import views

app_name = "charging"

ADVICE = "<int:pk>/early-advice/<int:item>"
QUERY = "<int:pk>/queries/<int:item>"
PLAN = "<int:pk>/action-plans/<int:item>"
NFA = "<int:pk>/police-nfa/<int:item>"

urlpatterns = [
    path("early-advice/to-allocate/", views.advice_to_allocate, name="advice-to-allocate"),
    path("early-advice/due/", views.advice_due, name="advice-due"),
    path("queries/", views.queries_list, name="queries"),
    path("<int:pk>/early-advice/", views.case_early_advice, name="case-early-advice"),
    path("<int:pk>/early-advice/new/", views.advice_request, name="advice-request"),
    path(f"{ADVICE}/follow-up/", views.advice_follow_up, name="advice-follow-up"),
    path(f"{ADVICE}/allocate/", views.advice_allocate, name="advice-allocate"),
    path(f"{ADVICE}/advise/", views.advice_give, name="advice-give"),
    path(f"{ADVICE}/acknowledge/", views.advice_acknowledge, name="advice-acknowledge"),
    path(f"{ADVICE}/withdraw/", views.advice_withdraw, name="advice-withdraw"),
    path("<int:pk>/queries/", views.case_queries, name="case-queries"),
    path("<int:pk>/queries/new/", views.query_raise, name="query-raise"),
    path(f"{QUERY}/resolve/", views.query_resolve, name="query-resolve"),
    path(f"{QUERY}/pass-to-oic/", views.query_pass_to_oic, name="query-pass-to-oic"),
    path(f"{QUERY}/withdraw/", views.query_withdraw, name="query-withdraw"),
    path("<int:pk>/decisions/", views.case_decisions, name="case-decisions"),
    path("<int:pk>/decisions/new/", views.decision_record, name="decision-record"),
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
]
