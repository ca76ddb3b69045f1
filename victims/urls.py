"""Complainants' pages, under the case they belong to."""

from __future__ import annotations

from django.urls import path

from cases.views import CaseTab, SummarySection, case_summary_section_register, case_tab_register
from victims import views

app_name = "victims"

urlpatterns = [
    path("<int:pk>/complainants/", views.complainants, name="complainants"),
    path("<int:pk>/complainants/new/", views.complainant_add, name="complainant-add"),
]

# What this app adds to the case page: a tab and a card on the summary. The
# root URLconf imports this module before any case page can be served.
case_tab_register(CaseTab("Complainants", "victims:complainants", 15))
case_summary_section_register(
    SummarySection("victims/includes/complainants_summary.html", views.complainants_summary, 30)
)
