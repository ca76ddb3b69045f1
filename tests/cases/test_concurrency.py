"""Two people acting on the same case at the same moment (concurrent
edits never silently overwrite each other).

Real threads, each with its own database connection, so PostgreSQL's row lock
and the version check do the work, not the test's transaction. These tests
commit, so they reload the reference data the flush after each one removes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from importlib import import_module
from io import BytesIO
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection

from cases import services
from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DocumentKind
from rasso.accounts.models import User
from rasso.core.errors import DomainError, StaleVersion
from tests.cases.factories import PDF_BYTES, complete_case
from tests.conftest import Personas, load_reference_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference(transactional_db: Any) -> None:
    # Autouse, so it runs before ``personas`` needs Kent and the offences.
    load_reference_data()
    import_module("cases.migrations.0002_reference_data").load_offences(django_apps, None)


def hold_the_lock_longer(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, whoever gets the case first holds its lock a little
    longer, so the other is certainly waiting on it, not arriving afterwards."""
    record = services._record

    def slowly(*args: Any, **kwargs: Any) -> None:
        time.sleep(0.3)
        record(*args, **kwargs)

    monkeypatch.setattr(services, "_record", slowly)


def at_the_same_time(*actions: Callable[[], object]) -> list[object]:
    """Run each action in its own thread (and database connection), released
    together; return what each returned or raised, in order."""
    outcomes: list[object] = [None] * len(actions)
    start = threading.Barrier(len(actions))

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            outcomes[index] = action()
        except Exception as error:  # noqa: BLE001 - handed back to the test to assert on
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "a thread is stuck (a lock never released?)"
    return outcomes


def fresh(user: User) -> User:
    # Each thread reads its own user and memberships, as each request would.
    return User.objects.get(pk=user.pk)


def test_two_officers_edit_the_same_version_one_is_told_to_reload(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = complete_case(personas.officer)
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    case.refresh_from_db()
    opened_at = case.version  # both opened the edit page at this version

    def officer_marks_it_red() -> object:
        return services.case_update(
            actor=fresh(personas.officer),
            case=CaseFile.objects.get(pk=case.pk),
            version=opened_at,
            dg6_category="red",
        )

    def colleague_expects_forensics() -> object:
        return services.case_update(
            actor=fresh(personas.colleague),
            case=CaseFile.objects.get(pk=case.pk),
            version=opened_at,
            forensic_report_expected=True,
        )

    hold_the_lock_longer(monkeypatch)
    outcomes = at_the_same_time(officer_marks_it_red, colleague_expects_forensics)

    saved = [o for o in outcomes if isinstance(o, CaseFile)]
    refused = [o for o in outcomes if isinstance(o, StaleVersion)]
    assert (len(saved), len(refused)) == (1, 1), outcomes
    assert "reload the case" in str(refused[0])

    case.refresh_from_db()
    assert case.version == opened_at + 1
    if outcomes[0] is saved[0]:
        assert (case.dg6_category, case.forensic_report_expected) == ("red", False)
    else:
        assert (case.dg6_category, case.forensic_report_expected) == ("green", True)
    assert case.events.filter(kind="updated").count() == 1


def test_two_submissions_of_the_same_file_make_one(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = complete_case(personas.officer)
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)

    def submit_as(user: User) -> Callable[[], object]:
        return lambda: services.case_submit_for_charging(
            actor=fresh(user), case=CaseFile.objects.get(pk=case.pk)
        )

    hold_the_lock_longer(monkeypatch)
    outcomes = at_the_same_time(submit_as(personas.officer), submit_as(personas.colleague))

    submitted = [o for o in outcomes if isinstance(o, CaseFile)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert (len(submitted), len(refused)) == (1, 1), outcomes
    assert "cannot become with CPS" in str(refused[0])

    case.refresh_from_db()
    assert case.status == CaseStatus.WITH_CPS
    assert Deadline.objects.filter(case=case, kind=DeadlineKind.CHARGING_DECISION).count() == 1
    assert case.events.filter(kind="submitted").count() == 1


def test_two_uploads_at_once_are_both_kept(personas: Personas) -> None:
    case = complete_case(personas.officer)
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    case.refresh_from_db()
    version = case.version

    def upload_as(user: User, kind: str) -> Callable[[], object]:
        return lambda: services.document_upload(
            actor=fresh(user),
            case=CaseFile.objects.get(pk=case.pk),
            kind=kind,
            upload=BytesIO(PDF_BYTES),
            name="statement.pdf",
        )

    outcomes = at_the_same_time(
        upload_as(personas.officer, DocumentKind.MG11),
        upload_as(personas.colleague, DocumentKind.FORENSIC),
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    case.refresh_from_db()
    assert case.version == version + 2  # neither bump lost
    assert set(case.documents.values_list("kind", flat=True)) >= {"mg11", "forensic"}
