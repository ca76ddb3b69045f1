"""File-quality queries through their services: the prosecutor raises one,
the force's SPOC answers within 2 working days or passes it to the officer in
the case; and every wrong person or wrong moment is refused, changing nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus, DocumentKind
from charging.queries import services
from charging.queries.models import FileQualityQuery, QueryStatus
from rasso.accounts.models import Role, User
from rasso.core.errors import DomainError
from tests.cases.factories import case_create, upload
from tests.charging.factories import case_with_prosecutor, raise_query
from tests.conftest import Personas, _member, org

pytestmark = pytest.mark.django_db


@pytest.fixture
def spoc(personas: Personas) -> User:
    return _member(Role.POLICE_SPOC, org("Kent"))


@pytest.fixture
def case(personas: Personas) -> CaseFile:
    return case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)


def on(day: date, monkeypatch: Any) -> None:
    """Make ``day`` today for the services."""
    real = timezone.localdate

    def localdate(value: Any = None, timezone: Any = None) -> date:
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def test_a_query_raised_on_christmas_eve_is_due_after_the_bank_holidays(
    personas: Personas, case: CaseFile, monkeypatch: Any
) -> None:
    on(date(2026, 12, 24), monkeypatch)  # a Thursday

    query = raise_query(personas.prosecutor, case)

    # Christmas Day (Friday), the weekend and Boxing Day's substitute (Monday
    # 28th) are not working days: Tuesday 29th is the first, Wednesday the second.
    assert query.deadline is not None
    assert query.deadline.due_on == date(2026, 12, 30)
    assert query.deadline.kind == DeadlineKind.FILE_QUALITY_QUERY
    assert query.deadline.owner is None
    assert query.deadline.owner_organisation == org("Kent")
    assert query.status == QueryStatus.OPEN
    assert case.events.filter(kind="query_raised").exists()


@pytest.mark.parametrize(
    "persona", ["officer", "supervisor", "cps_spoc", "other_area_prosecutor", "spoc"]
)
def test_only_the_cases_prosecutor_raises_a_query(
    personas: Personas, case: CaseFile, spoc: User, persona: str
) -> None:
    user = spoc if persona == "spoc" else getattr(personas, persona)
    with pytest.raises(DomainError, match="Only the prosecutor allocated the case"):
        raise_query(user, case)
    assert not FileQualityQuery.objects.exists()
    assert not Deadline.objects.filter(kind=DeadlineKind.FILE_QUALITY_QUERY).exists()


def test_no_query_on_a_file_cps_no_longer_holds(personas: Personas, case: CaseFile) -> None:
    CaseFile.objects.filter(pk=case.pk).update(status=CaseStatus.CHARGED)
    with pytest.raises(DomainError, match="about a file with CPS; this case is charged"):
        raise_query(personas.prosecutor, case)
    assert not FileQualityQuery.objects.exists()


def test_a_query_needs_a_category_and_a_description(personas: Personas, case: CaseFile) -> None:
    with pytest.raises(DomainError, match="Choose what kind of defect"):
        raise_query(personas.prosecutor, case, category="typo")
    with pytest.raises(DomainError, match="Describe what is wrong"):
        raise_query(personas.prosecutor, case, description="  ")
    assert not FileQualityQuery.objects.exists()


def test_the_spoc_resolves_with_a_document_and_the_deadline_is_met(
    personas: Personas, case: CaseFile, spoc: User
) -> None:
    query = raise_query(personas.prosecutor, case)
    mg5 = case.documents.get(kind=DocumentKind.MG5)

    services.query_resolve(actor=spoc, query=query, answer="The MG5 has it", document_id=mg5.pk)

    query.refresh_from_db()
    assert query.status == QueryStatus.RESOLVED
    assert query.document == mg5
    assert query.resolved_by == spoc
    assert query.deadline is not None
    assert query.deadline.status == DeadlineStatus.MET
    with pytest.raises(DomainError, match="resolved: it cannot be resolved"):
        services.query_resolve(actor=spoc, query=query, answer="Again")


def test_a_document_of_another_case_is_refused(
    personas: Personas, case: CaseFile, spoc: User
) -> None:
    query = raise_query(personas.prosecutor, case)
    elsewhere = case_create(personas.officer)
    stranger = upload(elsewhere, personas.officer, DocumentKind.MG11)
    with pytest.raises(DomainError, match="Choose a document of this case"):
        services.query_resolve(actor=spoc, query=query, answer="Here", document_id=stranger.pk)
    query.refresh_from_db()
    assert query.status == QueryStatus.OPEN


def test_passed_to_the_oic_who_owes_it_by_the_same_date(
    personas: Personas, case: CaseFile, spoc: User
) -> None:
    query = raise_query(personas.prosecutor, case)
    first = query.deadline
    assert first is not None
    with pytest.raises(DomainError, match="with the force's SPOC"):
        services.query_resolve(actor=personas.officer, query=query, answer="Too early")
    with pytest.raises(DomainError, match="Only a SPOC or supervisor of the force"):
        services.query_pass_to_oic(actor=personas.officer, query=query)

    query = services.query_pass_to_oic(actor=spoc, query=query)

    assert query.status == QueryStatus.WITH_OIC
    first.refresh_from_db()
    assert first.status == DeadlineStatus.CANCELLED
    assert query.deadline is not None
    assert query.deadline.owner == personas.officer
    assert query.deadline.due_on == first.due_on
    with pytest.raises(DomainError, match="with the officer in the case: it cannot be passed"):
        services.query_pass_to_oic(actor=spoc, query=query)
    with pytest.raises(DomainError, match="Only a SPOC or supervisor of the force, or the officer"):
        services.query_resolve(actor=personas.colleague, query=query, answer="Not mine")

    services.query_resolve(actor=personas.officer, query=query, answer="Statement attached")

    query.refresh_from_db()
    assert query.status == QueryStatus.RESOLVED
    assert query.deadline is not None
    assert query.deadline.status == DeadlineStatus.MET


def test_the_prosecutor_withdraws_an_open_query(
    personas: Personas, case: CaseFile, spoc: User
) -> None:
    query = raise_query(personas.prosecutor, case)
    with pytest.raises(DomainError, match="Only the prosecutor who raised the query"):
        services.query_withdraw(actor=spoc, query=query)

    services.query_withdraw(actor=personas.prosecutor, query=query)

    query.refresh_from_db()
    assert query.status == QueryStatus.WITHDRAWN
    assert query.deadline is not None
    assert query.deadline.status == DeadlineStatus.CANCELLED
    with pytest.raises(DomainError, match="withdrawn: it cannot be resolved"):
        services.query_resolve(actor=spoc, query=query, answer="Late")


def test_a_resolved_query_cannot_be_withdrawn(
    personas: Personas, case: CaseFile, spoc: User
) -> None:
    query = raise_query(personas.prosecutor, case)
    services.query_resolve(actor=personas.supervisor, query=query, answer="Done")
    with pytest.raises(DomainError, match="resolved: it cannot be withdrawn"):
        services.query_withdraw(actor=personas.prosecutor, query=query)
