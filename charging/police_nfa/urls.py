"""The police NFA pages: the case's tab and forms under /cases/<pk>/police-nfa/,
and the supervisor's proposals to approve."""

from __future__ import annotations

from django.urls import path

from charging.police_nfa import views

NFA = "<int:pk>/police-nfa/<int:item>"

urlpatterns = [
    path("<int:pk>/police-nfa/", views.case_police_nfa, name="case-police-nfa"),
    path("<int:pk>/police-nfa/new/", views.nfa_propose, name="nfa-propose"),
    path(f"{NFA}/approve/", views.nfa_approve, name="nfa-approve"),
    path(f"{NFA}/send-back/", views.nfa_send_back, name="nfa-send-back"),
    path("work/nfa-to-approve/", views.work_nfa_to_approve, name="work-nfa-to-approve"),
]
