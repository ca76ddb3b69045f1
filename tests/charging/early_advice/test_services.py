"""Early advice through its services: an investigator asks, the CPS SPOC
allocates, the prosecutor advises within 21 days, the investigator
acknowledges; and every wrong person or wrong moment is refused, changing
nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import rules as case_rules
from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus
from charging.early_advice import services
from charging.early_advice.models import EarlyAdvice, EarlyAdviceRequest, EarlyAdviceStatus
from rasso.accounts.models import Role, Viewer
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError
from tests.cases.factories import case_create
from tests.charging.factories import ADVICE, advised, allocated, ask
from tests.conftest import Personas, _member, org

pytestmark = pytest.mark.django_db


def visible(user: Viewer, case: CaseFile) -> bool:
    return CaseFile.objects.visible_to(user).filter(pk=case.pk).exists()


def test_an_officer_asks_for_early_advice_on_a_draft_and_cps_can_see_it(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)
    assert not visible(personas.cps_spoc, case)

    request = ask(personas.officer, case, lines_of_enquiry="Should we trace the taxi?")

    assert request.status == EarlyAdviceStatus.REQUESTED
    case.refresh_from_db()
    assert case.referred_at is not None
    assert case.status == CaseStatus.DRAFT  # early advice never moves the case
    assert visible(personas.cps_spoc, case)
    assert not visible(personas.prosecutor, case)
    assert case.events.filter(kind="early_advice_requested").exists()
    assert AuditEvent.objects.filter(action="charging.early_advice_requested").exists()
    assert not Deadline.objects.filter(case=case).exists()  # owed once allocated


def test_a_request_needs_a_question(personas: Personas) -> None:
    case = case_create(personas.officer)
    with pytest.raises(DomainError, match="Ask at least one question"):
        services.early_advice_request(actor=personas.officer, case=case, likely_charges="  ")
    case.refresh_from_db()
    assert case.referred_at is None
    assert not EarlyAdviceRequest.objects.exists()


@pytest.mark.parametrize("status", [CaseStatus.CHARGED, CaseStatus.POLICE_NFA, "finalised"])
def test_no_early_advice_after_a_charging_decision(personas: Personas, status: str) -> None:
    case = case_create(personas.officer)
    CaseFile.objects.filter(pk=case.pk).update(status=status)
    with pytest.raises(DomainError, match="before its charging decision"):
        ask(personas.officer, case)
    assert not EarlyAdviceRequest.objects.exists()


@pytest.mark.parametrize(
    "persona", ["colleague", "other_force_officer", "prosecutor", "cps_spoc", "supervisor"]
)
def test_only_officers_working_on_the_case_ask(personas: Personas, persona: str) -> None:
    case = case_create(personas.officer)
    with pytest.raises(DomainError, match="Only an officer working on the case"):
        ask(getattr(personas, persona), case)
    assert not EarlyAdviceRequest.objects.exists()


def test_the_spoc_allocates_and_the_prosecutor_owes_advice_21_days_from_the_request(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)
    request = ask(personas.officer, case)
    a_week_ago = timezone.now() - timedelta(days=7)
    EarlyAdviceRequest.objects.filter(pk=request.pk).update(requested_at=a_week_ago)
    request.refresh_from_db()

    request = allocated(personas.cps_spoc, personas.prosecutor, request)

    assert request.status == EarlyAdviceStatus.ALLOCATED
    deadline = Deadline.objects.get(case=case, kind=DeadlineKind.EARLY_ADVICE)
    assert request.deadline == deadline
    assert deadline.due_on == timezone.localdate(a_week_ago) + timedelta(days=21)
    assert deadline.owner == personas.prosecutor
    assert deadline.owner_organisation == org("South East")
    assert deadline.source == f"charging.earlyadvicerequest:{request.pk}"
    # The prosecutor may now read the case, but never change the police file.
    assert visible(personas.prosecutor, case)
    case.refresh_from_db()
    assert case_rules.edit_refusal(personas.prosecutor, case)
    # They advise on the material so far, which names the complainant: the
    # prosecutor allocated the advice is entitled to it.
    assert case_rules.may_see_complainant_identity(personas.prosecutor, case)
    assert case.prosecutor is None  # the charging prosecutor is not touched


@pytest.mark.parametrize("persona", ["officer", "prosecutor", "supervisor"])
def test_only_a_cps_spoc_of_the_area_allocates(personas: Personas, persona: str) -> None:
    request = ask(personas.officer, case_create(personas.officer))
    with pytest.raises(DomainError, match="Only a CPS SPOC of the case's Area"):
        allocated(getattr(personas, persona), personas.prosecutor, request)
    other_spoc = _member(Role.CPS_SPOC, org("North East"))
    with pytest.raises(DomainError, match="Only a CPS SPOC of the case's Area"):
        allocated(other_spoc, personas.prosecutor, request)
    request.refresh_from_db()
    assert request.status == EarlyAdviceStatus.REQUESTED
    assert not Deadline.objects.exists()


def test_the_prosecutor_must_be_of_the_area(personas: Personas) -> None:
    request = ask(personas.officer, case_create(personas.officer))
    with pytest.raises(DomainError, match="Choose a prosecutor of CPS South East"):
        allocated(personas.cps_spoc, personas.other_area_prosecutor, request)
    assert not Deadline.objects.exists()
    assert not visible(personas.other_area_prosecutor, request.case)


def test_re_allocation_moves_the_deadline_and_the_access(personas: Personas) -> None:
    case = case_create(personas.officer)
    request = allocated(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    first = request.deadline
    assert first is not None
    second_prosecutor = _member(Role.PROSECUTOR, org("South East"))

    request = allocated(personas.cps_spoc, second_prosecutor, request)

    first.refresh_from_db()
    assert first.status == DeadlineStatus.CANCELLED
    assert request.deadline is not None
    assert request.deadline.owner == second_prosecutor
    assert request.deadline.due_on == first.due_on
    assert visible(second_prosecutor, case)
    assert not visible(personas.prosecutor, case)


def test_the_prosecutor_gives_the_advice_in_full_and_the_deadline_is_met(
    personas: Personas,
) -> None:
    request = allocated(
        personas.cps_spoc, personas.prosecutor, ask(personas.officer, case_create(personas.officer))
    )
    partial = {**ADVICE, "third_party_material_decisions": ""}
    with pytest.raises(DomainError, match="Missing: third-party material decisions"):
        services.early_advice_give(actor=personas.prosecutor, request=request, **partial)
    assert not EarlyAdvice.objects.exists()

    services.early_advice_give(actor=personas.prosecutor, request=request, **ADVICE)

    request.refresh_from_db()
    assert request.status == EarlyAdviceStatus.ADVISED
    assert request.advice.investigation_strategy == ADVICE["investigation_strategy"]
    assert request.deadline is not None
    request.deadline.refresh_from_db()
    assert request.deadline.status == DeadlineStatus.MET


def test_advice_is_never_given_twice_nor_by_another_prosecutor(personas: Personas) -> None:
    request = allocated(
        personas.cps_spoc, personas.prosecutor, ask(personas.officer, case_create(personas.officer))
    )
    colleague = _member(Role.PROSECUTOR, org("South East"))
    with pytest.raises(DomainError, match="Only the prosecutor allocated this request"):
        services.early_advice_give(actor=colleague, request=request, **ADVICE)
    services.early_advice_give(actor=personas.prosecutor, request=request, **ADVICE)
    changed = {**ADVICE, "investigation_strategy": "Something else entirely"}
    with pytest.raises(DomainError, match="advice given: it cannot be answered"):
        services.early_advice_give(actor=personas.prosecutor, request=request, **changed)
    assert EarlyAdvice.objects.get().investigation_strategy == ADVICE["investigation_strategy"]


def test_the_officer_acknowledges_the_advice(personas: Personas) -> None:
    request = ask(personas.officer, case_create(personas.officer))
    with pytest.raises(DomainError, match="requested: it cannot be acknowledged"):
        services.early_advice_acknowledge(actor=personas.officer, request=request)
    request = advised(personas.cps_spoc, personas.prosecutor, request)
    with pytest.raises(DomainError, match="Only an officer working on the case"):
        services.early_advice_acknowledge(actor=personas.prosecutor, request=request)

    services.early_advice_acknowledge(actor=personas.officer, request=request)

    request.refresh_from_db()
    assert request.status == EarlyAdviceStatus.ACKNOWLEDGED
    assert request.acknowledged_by == personas.officer


def test_withdrawing_before_advice_cancels_the_deadline(personas: Personas) -> None:
    request = allocated(
        personas.cps_spoc, personas.prosecutor, ask(personas.officer, case_create(personas.officer))
    )
    with pytest.raises(DomainError, match="Only an officer working on the case"):
        services.early_advice_withdraw(actor=personas.cps_spoc, request=request)

    services.early_advice_withdraw(actor=personas.officer, request=request)

    request.refresh_from_db()
    assert request.status == EarlyAdviceStatus.WITHDRAWN
    assert request.deadline is not None
    assert request.deadline.status == DeadlineStatus.CANCELLED
    with pytest.raises(DomainError, match="withdrawn: it cannot be allocated"):
        allocated(personas.cps_spoc, personas.prosecutor, request)


def test_advice_given_cannot_be_withdrawn(personas: Personas) -> None:
    request = advised(
        personas.cps_spoc, personas.prosecutor, ask(personas.officer, case_create(personas.officer))
    )
    with pytest.raises(DomainError, match="advice given: it cannot be withdrawn"):
        services.early_advice_withdraw(actor=personas.officer, request=request)
    request.refresh_from_db()
    assert request.status == EarlyAdviceStatus.ADVISED


def test_a_follow_up_is_a_new_request_that_names_the_earlier_one(personas: Personas) -> None:
    case = case_create(personas.officer)
    first = ask(personas.officer, case)
    with pytest.raises(DomainError, match="Only advice that has been given"):
        services.early_advice_request(
            actor=personas.officer, case=case, follows=first, likely_charges="And now?"
        )
    first = advised(personas.cps_spoc, personas.prosecutor, first)
    other_case = case_create(personas.officer)
    with pytest.raises(DomainError, match="same case"):
        services.early_advice_request(
            actor=personas.officer, case=other_case, follows=first, likely_charges="?"
        )

    follow_up = services.early_advice_request(
        actor=personas.officer, case=case, follows=first, evidential_requirements="Is CCTV enough?"
    )

    assert follow_up.follows == first
    assert follow_up.status == EarlyAdviceStatus.REQUESTED
    first.refresh_from_db()
    assert first.status == EarlyAdviceStatus.ADVISED  # the earlier advice stays as given
