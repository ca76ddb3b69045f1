"""The beat task tells each force's supervisors how many of its cases are
due for a retention review: one in-app notification each, a count and a
link, no case; once a day however often it runs."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile
from cases.retention import services as retention
from cases.tasks import retention_reviews_notify
from rasso.accounts.models import Role
from rasso.notifications.models import Notification, NotificationKind
from tests.cases.factories import case_create
from tests.cases.retention.factories import due, police_nfa_case
from tests.conftest import Personas, _member, org
from tests.test_celery import worker_queue  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_supervisors_are_told_how_many_cases_are_due(personas: Personas) -> None:
    spoc = _member(Role.POLICE_SPOC, org("Kent"))
    durham_supervisor = _member(Role.POLICE_SUPERVISOR, org("Durham"))
    first, second = due(police_nfa_case(personas)), due(police_nfa_case(personas))
    police_nfa_case(personas)  # not due for ten years

    sent = retention.retention_notices_send()

    assert sent.forces == 1
    notices = Notification.objects.filter(kind=NotificationKind.RETENTION_REVIEW_DUE)
    assert {n.recipient for n in notices} == {personas.supervisor, spoc}
    for notice in notices:
        assert notice.text == "2 cases of Kent due for a retention review"
        assert notice.link == reverse("cases:retention-due")
        assert notice.case is None
        assert notice.case_reference == ""
        assert first.urn not in notice.text and second.urn not in notice.text
    assert not Notification.objects.filter(recipient=durham_supervisor).exists()
    assert not Notification.objects.filter(recipient=personas.officer).exists()


def test_the_task_runs_the_service_once_a_day(personas: Personas) -> None:
    due(police_nfa_case(personas))
    assert retention_reviews_notify() == 1
    assert retention_reviews_notify() == 0  # run again the same day: nothing new
    assert Notification.objects.filter(kind=NotificationKind.RETENTION_REVIEW_DUE).count() == 1


def test_nothing_due_tells_no_one(personas: Personas) -> None:
    police_nfa_case(personas)
    assert retention.retention_notices_send(today=timezone.localdate()).notifications == 0
    assert not Notification.objects.filter(kind=NotificationKind.RETENTION_REVIEW_DUE).exists()


def test_the_beat_runs_it_every_morning() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["retention-reviews-notify"]
    assert entry["task"] == "cases.tasks.retention_reviews_notify"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_task(reference_data: None, worker_queue: str) -> None:  # noqa: F811
    supervisor = _member(Role.POLICE_SUPERVISOR, org("Kent"))
    officer = _member(Role.INVESTIGATOR, org("Kent"))
    case = due(case_create(officer))
    CaseFile.objects.filter(pk=case.pk).update(status="police_nfa")

    retention_reviews_notify.apply_async(queue=worker_queue)

    deadline = time.monotonic() + 20
    while not Notification.objects.filter(recipient=supervisor).exists():
        assert time.monotonic() < deadline, "the worker did not run the task"
        time.sleep(0.1)
    assert Notification.objects.get(recipient=supervisor).text == (
        "1 case of Kent due for a retention review"
    )
