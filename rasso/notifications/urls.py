from __future__ import annotations

from django.urls import path

from rasso.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notifications_mark_all_read, name="read-all"),
    path("settings/", views.notification_settings, name="settings"),
    path("sent-email/", views.sent_email_list, name="sent-email"),
    path("<int:pk>/read/", views.notification_mark_read, name="read"),
]
