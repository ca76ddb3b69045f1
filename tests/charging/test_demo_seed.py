"""Demo charging work: `seed_demo --cases N` gives the seeded cases the early
advice, queries, action plans, decisions and clinics a RASSO unit would have.

The seeder bulk-writes around the services, so these tests check what the
services would otherwise guarantee: one decision per decided case, charges
that name the case's own offence and suspect, grants behind allocated advice,
and rows that pass the models' own validation.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from cases.models import CaseFile, CaseStatus
from charging.action_plans.models import ActionPlan, ActionPlanItem, ActionPlanStatus
from charging.clinics.models import Clinic, ClinicAgendaItem
from charging.decisions.models import Charge, CpsDecision, DecisionOutcome
from charging.early_advice.models import EarlyAdvice, EarlyAdviceRequest
from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus
from charging.queries.models import FileQualityQuery

pytestmark = pytest.mark.django_db

SEEDED = 200


@pytest.fixture(autouse=True)
def development(settings: Any) -> None:
    # seed_demo refuses without DEBUG; Django's test runner turns it off.
    settings.DEBUG = True


@pytest.fixture
def seeded() -> str:
    out = StringIO()
    call_command("seed_demo", cases=SEEDED, stdout=out)
    return out.getvalue()


def cases_in(*statuses: str) -> list[CaseFile]:
    return list(CaseFile.objects.filter(status__in=statuses))


def test_every_decided_case_has_its_decision(seeded: str) -> None:
    assert "Charging: added" in seeded
    charged = cases_in(CaseStatus.CHARGED)
    assert charged
    for case in charged:
        decision = CpsDecision.objects.get(case=case)
        assert decision.outcome == DecisionOutcome.CHARGE
        charges = list(Charge.objects.filter(decision=decision).select_related("offence"))
        assert charges
        assert {c.offence.case_id for c in charges} == {case.pk}
        assert {c.suspect.case_id for c in charges} == {case.pk}
    cps_nfa = cases_in(CaseStatus.CPS_NFA)
    assert cps_nfa
    for case in cps_nfa:
        decision = CpsDecision.objects.get(case=case)
        assert decision.outcome in (
            DecisionOutcome.NFA_EVIDENTIAL,
            DecisionOutcome.NFA_PUBLIC_INTEREST,
        )
        assert not decision.charges.exists()


def test_police_nfa_cases_have_an_approved_proposal(seeded: str) -> None:
    police_nfa = cases_in(CaseStatus.POLICE_NFA)
    assert police_nfa
    for case in police_nfa:
        proposal = PoliceNfaProposal.objects.get(case=case)
        assert proposal.status == PoliceNfaStatus.APPROVED
        assert proposal.outcome_code in ("14", "15", "16", "18")
        assert proposal.decided_by_id is not None


def test_action_plan_cases_have_a_plan_in_hand(seeded: str) -> None:
    for case in cases_in(CaseStatus.ACTION_PLAN):
        plan = ActionPlan.objects.get(case=case)
        assert plan.status in (ActionPlanStatus.ISSUED, ActionPlanStatus.IN_PROGRESS)
        assert 3 <= plan.items.count() <= 25
    for plan in ActionPlan.objects.filter(status=ActionPlanStatus.COMPLETED):
        assert not plan.items.filter(status="open").exists()


def test_early_advice_prosecutor_can_see_the_case(seeded: str) -> None:
    allocated = EarlyAdviceRequest.objects.filter(prosecutor__isnull=False).select_related(
        "prosecutor"
    )
    assert allocated.exists()
    assert EarlyAdvice.objects.exists()
    for request in allocated:
        assert request.prosecutor is not None
        assert CaseFile.objects.visible_to(request.prosecutor).filter(pk=request.case_id).exists()


def test_clinics_have_agendas_from_their_area(seeded: str) -> None:
    assert Clinic.objects.count() >= 2
    items = ClinicAgendaItem.objects.select_related("clinic", "case")
    assert items.exists()
    for item in items:
        assert item.case.cps_area_id == item.clinic.cps_area_id


def test_seeded_rows_pass_validation(seeded: str) -> None:
    models = (
        EarlyAdviceRequest,
        EarlyAdvice,
        FileQualityQuery,
        ActionPlan,
        ActionPlanItem,
        CpsDecision,
        Charge,
        PoliceNfaProposal,
        Clinic,
        ClinicAgendaItem,
    )
    for model in models:
        rows = list(model._default_manager.order_by("?")[:20])
        assert rows, model.__name__
        for row in rows:
            row.full_clean()
