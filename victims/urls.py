"""Complainants' pages, under the case they belong to, and the officer's
list of updates owed."""

from __future__ import annotations

from django.urls import path

from victims import views

app_name = "victims"

ONE = "<int:pk>/complainants/<int:complainant_pk>"

urlpatterns = [
    path("<int:pk>/complainants/", views.complainants, name="complainants"),
    path("<int:pk>/complainants/new/", views.complainant_add, name="complainant-add"),
    path(f"{ONE}/", views.complainant_detail, name="complainant"),
    path(f"{ONE}/change/<slug:section>/", views.complainant_edit, name="complainant-edit"),
    path(f"{ONE}/withdrawal/", views.support_withdraw, name="support-withdraw"),
    path(f"{ONE}/reinstatement/", views.support_reinstate, name="support-reinstate"),
    path(f"{ONE}/contacts/", views.contacts, name="contacts"),
    path(f"{ONE}/contacts/new/", views.contact_log, name="contact-log"),
    path(
        f"{ONE}/contacts/<int:contact_pk>/correct/",
        views.contact_correct,
        name="contact-correct",
    ),
    path(f"{ONE}/letters/", views.letters, name="letters"),
    path(
        f"{ONE}/letters/<int:letter_pk>/download/",
        views.letter_download,
        name="letter-download",
    ),
    path(f"{ONE}/letters/<int:letter_pk>/sent/", views.letter_sent, name="letter-sent"),
    path(f"{ONE}/reviews/new/", views.review_request, name="review-request"),
    path(
        f"{ONE}/reviews/<int:review_pk>/acknowledge/",
        views.review_acknowledge,
        name="review-acknowledge",
    ),
    path(
        f"{ONE}/reviews/<int:review_pk>/complete/",
        views.review_complete,
        name="review-complete",
    ),
    path("work/complainant-updates/", views.work_updates_owed, name="work-updates-owed"),
]
