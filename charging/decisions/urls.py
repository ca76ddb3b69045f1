"""The charging-decision pages: the case's tab and forms under /cases/<pk>/decisions/,
and the prosecutor's decisions due."""

from __future__ import annotations

from django.urls import path

from charging.decisions import views

urlpatterns = [
    path("<int:pk>/decisions/", views.case_decisions, name="case-decisions"),
    path("<int:pk>/decisions/new/", views.decision_record, name="decision-record"),
    path(
        "<int:pk>/decisions/<int:item>/full-code-test/",
        views.decision_full_test,
        name="decision-full-test",
    ),
    path("work/decisions-due/", views.work_decisions_due, name="work-decisions-due"),
]
