"""The file-quality query pages: the case's tab and forms under /cases/<pk>/queries/,
the force SPOC's and the prosecutor's lists, and the officer's queries to answer."""

from __future__ import annotations

from django.urls import path

from charging.queries import views

QUERY = "<int:pk>/queries/<int:item>"

urlpatterns = [
    path("queries/", views.queries_list, name="queries"),
    path("<int:pk>/queries/", views.case_queries, name="case-queries"),
    path("<int:pk>/queries/new/", views.query_raise, name="query-raise"),
    path(f"{QUERY}/resolve/", views.query_resolve, name="query-resolve"),
    path(f"{QUERY}/pass-to-oic/", views.query_pass_to_oic, name="query-pass-to-oic"),
    path(f"{QUERY}/withdraw/", views.query_withdraw, name="query-withdraw"),
    path("work/queries-raised/", views.work_queries_raised, name="work-queries-raised"),
    path("work/queries-to-answer/", views.work_queries_to_answer, name="work-queries-to-answer"),
]
