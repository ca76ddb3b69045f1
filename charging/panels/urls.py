"""Scrutiny panels under /panels/ (namespace ``panels``): the panels, their
meetings and learning log; review packs by id; the referrals to answer."""

from __future__ import annotations

from django.urls import path

from charging.panels import views

app_name = "panels"

MEETING = "<int:panel>/meetings/<int:meeting>"

urlpatterns = [
    path("", views.panels_list, name="list"),
    path("new/", views.panel_setup, name="setup"),
    path("<int:panel>/", views.panel_detail, name="panel"),
    path("<int:panel>/edit/", views.panel_edit, name="edit"),
    path("<int:panel>/undertaking/", views.undertaking, name="undertaking"),
    path("<int:panel>/members/new/", views.member_add, name="member-add"),
    path("<int:panel>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("<int:panel>/learning/", views.learning_log, name="learning"),
    path(f"{MEETING}/", views.meeting_detail, name="meeting"),
    path(f"{MEETING}/draw/", views.sample_draw, name="draw"),
    path(f"{MEETING}/cases/new/", views.pack_add, name="pack-add"),
    path(f"{MEETING}/held/", views.meeting_hold, name="meeting-hold"),
    path("packs/", views.packs_to_prepare, name="packs-to-prepare"),
    path("packs/<int:pack>/", views.pack_detail, name="pack"),
    path("packs/<int:pack>/pdf/", views.pack_pdf, name="pack-pdf"),
    path("packs/<int:pack>/prepare/", views.pack_prepare, name="pack-prepare"),
    path("packs/<int:pack>/passages/<slug:key>/", views.passage_edit, name="passage"),
    path("packs/<int:pack>/release/", views.pack_release, name="pack-release"),
    path("packs/<int:pack>/correct/", views.pack_correct, name="pack-correct"),
    path("packs/<int:pack>/view/", views.member_view, name="member-view"),
    path("packs/<int:pack>/finding/", views.finding_record, name="finding"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<int:finding>/", views.referral_respond, name="referral-respond"),
]
