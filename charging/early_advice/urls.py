"""The early-advice pages: the case's tab and forms under /cases/<pk>/early-advice/,
the CPS SPOC's and the prosecutor's queues, and the officer's advice received."""

from __future__ import annotations

from django.urls import path

from charging.early_advice import views

ADVICE = "<int:pk>/early-advice/<int:item>"

urlpatterns = [
    path("early-advice/to-allocate/", views.advice_to_allocate, name="advice-to-allocate"),
    path("early-advice/due/", views.advice_due, name="advice-due"),
    path("<int:pk>/early-advice/", views.case_early_advice, name="case-early-advice"),
    path("<int:pk>/early-advice/new/", views.advice_request, name="advice-request"),
    path(f"{ADVICE}/follow-up/", views.advice_follow_up, name="advice-follow-up"),
    path(f"{ADVICE}/allocate/", views.advice_allocate, name="advice-allocate"),
    path(f"{ADVICE}/advise/", views.advice_give, name="advice-give"),
    path(f"{ADVICE}/acknowledge/", views.advice_acknowledge, name="advice-acknowledge"),
    path(f"{ADVICE}/withdraw/", views.advice_withdraw, name="advice-withdraw"),
    path("work/advice-received/", views.work_advice_received, name="work-advice-received"),
]
