"""No 500 when Redis is down or a hurried user clicks twice.

Redis is both the cache and the broker. The cache is a shortcut, never the
record: with it unreachable, a service that wanted a cached value (the bank
holidays of working-day deadlines, the dashboard's figures) computes it from
the database and carries on. With the broker unreachable, a report asked for
is saved and queued by the beat's sweep once the broker is back. A
double-clicked button that creates something (a contact, a query) saves one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from charging.queries.models import FileQualityQuery
from rasso.accounts.models import Organisation
from reports.models import ProgressReport, ReportStatus
from tests.cases.factories import case_create
from tests.charging.decisions.test_services import allocated_case
from tests.charging.decisions.test_web import form_url, posted_charge
from tests.charging.factories import case_with_prosecutor
from tests.conftest import Personas, load_reference_data
from tests.reports.conftest import manager_of
from tests.support import client_for
from tests.victims.test_web_contacts import call, url
from victims.models import Contact
from victims.services import complainant_add

# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings: Any) -> Iterator[None]:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE,
        }
    }
    yield
    caches["default"].close()


@pytest.fixture
def reference(transactional_db: Any) -> None:
    # A transactional test starts from empty tables: the Areas, forces and
    # offences the migrations load are put back first.
    load_reference_data()


def no_500(response: Any) -> Any:
    assert response.status_code < 500, response.status_code
    return response


@pytest.mark.django_db
class TestWithTheCacheDown:
    def test_the_cache_really_is_unreachable(self, redis_down: None) -> None:
        from redis.exceptions import ConnectionError as RedisConnectionError

        with pytest.raises(RedisConnectionError):
            caches["default"].get("anything")

    def test_a_prosecutor_raises_a_query(self, redis_down: None, personas: Personas) -> None:
        case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
        response = no_500(
            client_for(personas.prosecutor).post(
                reverse("charging:query-raise", args=[case.pk]),
                {"category": "illegible", "description": "Page 3 of the MG5 is unreadable"},
            )
        )
        assert response.status_code == 302
        query = FileQualityQuery.objects.get(case=case)
        assert query.deadline is not None and query.deadline.due_on > timezone.localdate()

    def test_a_prosecutor_records_a_charging_decision(
        self, redis_down: None, personas: Personas
    ) -> None:
        case = allocated_case(personas)
        response = no_500(client_for(personas.prosecutor).post(form_url(case), posted_charge(case)))
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == "charged"

    def test_an_officer_records_an_arrest_date(self, redis_down: None, personas: Personas) -> None:
        case = case_create(personas.officer)
        response = no_500(
            client_for(personas.officer).post(
                reverse("cases:edit", args=[case.pk]),
                {"version": case.version, "dg6_category": "red", "arrested_on": "4/3/2026"},
            )
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.arrested_on == date(2026, 3, 4)

    def test_a_manager_reads_the_dashboard(self, redis_down: None, personas: Personas) -> None:
        response = no_500(client_for(personas.manager).get(reverse("reports:dashboard")))
        assert response.status_code == 200


@pytest.fixture
def broker_down() -> Iterator[None]:
    from rasso.celery import app

    # The application's own Celery, pointed at a broker that is not there
    # (its settings and its pool of connections are not typed for this).
    conf: Any = app.conf
    celery: Any = app
    previous = conf.broker_url
    conf.broker_url = UNREACHABLE
    celery._pool = None  # a pool of connections to the unreachable broker
    try:
        yield
    finally:
        celery.pool.force_close_all()
        conf.broker_url = previous
        celery._pool = None


@pytest.mark.django_db
def test_with_the_broker_down_a_report_asked_for_is_saved(
    broker_down: None, django_capture_on_commit_callbacks: Any
) -> None:
    kent = Organisation.objects.get(name="Kent")
    client = client_for(manager_of("Kent"))
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = no_500(
            client.post(reverse("reports:request"), {"scope": kent.pk, "period": "2026-H1"})
        )
    assert len(queued) == 1, "the report's task was to be sent to the broker"
    assert response.status_code == 302
    assert ProgressReport.objects.get().status == ReportStatus.QUEUED


@pytest.mark.django_db
class TestDoubleClicks:
    def test_a_contact_posted_twice_is_logged_once(self, personas: Personas) -> None:
        # Reported a month ago: a contact an hour ago is after it began,
        # whatever the time of day the test runs.
        case = case_create(personas.officer, reported_on=timezone.localdate() - timedelta(days=30))
        complainant = complainant_add(
            actor=personas.officer, case=case, first_names="Zephyrine", last_name="Quillfeather"
        )
        client = client_for(personas.officer)
        posted = call()
        first = client.post(url("contact-log", complainant), posted)
        second = client.post(url("contact-log", complainant), posted)
        assert (first.status_code, second.status_code) == (302, 302)
        assert Contact.objects.filter(complainant=complainant).count() == 1

    def test_two_different_contacts_are_both_logged(self, personas: Personas) -> None:
        # Reported a month ago: a contact an hour ago is after it began,
        # whatever the time of day the test runs.
        case = case_create(personas.officer, reported_on=timezone.localdate() - timedelta(days=30))
        complainant = complainant_add(
            actor=personas.officer, case=case, first_names="Zephyrine", last_name="Quillfeather"
        )
        client = client_for(personas.officer)
        client.post(url("contact-log", complainant), call())
        client.post(url("contact-log", complainant), call(summary="Called back about court."))
        assert Contact.objects.filter(complainant=complainant).count() == 2

    def test_a_query_posted_twice_is_raised_once(self, personas: Personas) -> None:
        case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
        client = client_for(personas.prosecutor)
        posted = {"category": "illegible", "description": "Page 3 of the MG5 is unreadable"}
        for _ in range(2):
            assert (
                client.post(reverse("charging:query-raise", args=[case.pk]), posted).status_code
                == 302
            )
        assert FileQualityQuery.objects.filter(case=case).count() == 1
        other = {"category": "illegible", "description": "Page 4 is missing"}
        client.post(reverse("charging:query-raise", args=[case.pk]), other)
        assert FileQualityQuery.objects.filter(case=case).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_query_double_clicked_at_the_same_moment_is_raised_once(
    reference: None, personas: Personas
) -> None:
    """Two requests at once, each in its own connection: the case's lock puts
    them in order, and the second finds the first."""
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    address = reverse("charging:query-raise", args=[case.pk])
    posted = {"category": "illegible", "description": "Page 3 of the MG5 is unreadable"}
    clients = [client_for(personas.prosecutor) for _ in range(2)]
    start = threading.Barrier(2)
    answers: list[int] = []

    def click(client: Client) -> None:
        try:
            start.wait()
            answers.append(client.post(address, posted).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [302, 302]
    assert FileQualityQuery.objects.filter(case=case).count() == 1
