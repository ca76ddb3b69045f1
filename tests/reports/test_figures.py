"""The dashboard's figures are kept warm, so a manager never waits for them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from rasso.accounts.models import User
from reports.figures import dashboard_figures_warm
from reports.tasks import dashboard_figures_warm_task
from tests.conftest import Personas
from tests.support import client_for


def test_warming_computes_each_managed_scope_once(
    personas: Personas, kent_manager: User, durham_manager: User
) -> None:
    # National (the personas' manager), Kent and Durham.
    assert dashboard_figures_warm() == 3
    durham_manager.is_active = False
    durham_manager.save(update_fields=["is_active"])
    # A manager who has left keeps nothing warm.
    assert dashboard_figures_warm_task() == 2


def test_a_warm_dashboard_reads_no_figures_from_the_database(
    kent_manager: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(kent_manager)
    url = reverse("reports:dashboard")
    # Cold: every source table of the metrics is read.
    with django_assert_max_num_queries(100) as cold:
        assert client.get(url).status_code == 200
    dashboard_figures_warm()
    # Warm: session, user, memberships, the manager's organisations, the
    # reports list and its count; nothing of the metrics.
    with django_assert_max_num_queries(8) as warm:
        assert client.get(url).status_code == 200
    assert len(warm) < len(cold)
