from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from rasso import views

admin.site.site_header = "RASSO joint casework administration"
admin.site.site_title = "RASSO joint casework"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("rasso.api")),
    path("admin/", admin.site.urls),
    path("cases/", include("cases.urls")),
    path("cases/", include("victims.urls")),
    path("cases/", include("charging.urls")),
    path("cases/", include("disclosure.urls")),
    path("panels/", include("charging.panels.urls")),
    path("reports/", include("reports.urls")),
    path("progress/", include("reports.public_urls")),
    path("notifications/", include("rasso.notifications.urls")),
    path("", include("rasso.accounts.urls")),
]

handler404 = "rasso.views.page_not_found"
handler500 = "rasso.views.server_error"
