"""Device extraction pages under the case, in the ``disclosure`` namespace
(``disclosure/urls.py`` includes these patterns)."""

from __future__ import annotations

from django.urls import path

from disclosure.devices import views

DEVICE = "<int:pk>/disclosure/devices/<int:item>"

urlpatterns = [
    path("<int:pk>/disclosure/devices/", views.device_list, name="device-list"),
    path("<int:pk>/disclosure/devices/new/", views.device_create, name="device-create"),
    path(f"{DEVICE}/", views.device_detail, name="device"),
    path(f"{DEVICE}/change/", views.device_edit, name="device-edit"),
    path(f"{DEVICE}/<slug:step>/", views.device_step, name="device-step"),
]
