"""Early advice and file-quality queries: the case's tabs and forms under
/cases/<pk>/, and the work lists under /cases/early-advice/ and /cases/queries/."""

from __future__ import annotations

from django.urls import path

from charging import views

app_name = "charging"

ADVICE = "<int:pk>/early-advice/<int:item>"
QUERY = "<int:pk>/queries/<int:item>"

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
]
