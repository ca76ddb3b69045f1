"""Police NFA: an investigator proposes, a supervisor of the force decides;
only approval moves the case, and then each complainant is to be told."""

from __future__ import annotations

import pytest

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus
from cases.services import case_share
from charging.police_nfa import services
from charging.police_nfa.models import HomeOfficeOutcome, PoliceNfaProposal, PoliceNfaStatus
from rasso.accounts.models import Membership, Role, User
from rasso.core.errors import DomainError
from tests.cases.factories import case_create, complete_case
from tests.conftest import Personas, _member, org

pytestmark = pytest.mark.django_db

RATIONALE = "The complainant has withdrawn support; no independent evidence."


def proposed(officer: User, case: CaseFile) -> PoliceNfaProposal:
    return services.police_nfa_propose(
        actor=officer,
        case=case,
        outcome_code=HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT,
        rationale=RATIONALE,
    )


def test_the_outcome_codes_carry_the_frameworks_descriptions() -> None:
    assert HomeOfficeOutcome("16").label.startswith("16: Named suspect, evidential difficulties")
    assert HomeOfficeOutcome("18").label == "18: Investigation complete, no suspect identified"
    assert "1" not in HomeOfficeOutcome.values  # a charge is not an NFA


def test_a_proposal_leaves_the_case_until_a_supervisor_approves_it(personas: Personas) -> None:
    case = complete_case(personas.officer)
    proposal = proposed(personas.officer, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION

    proposal = services.police_nfa_approve(actor=personas.supervisor, proposal=proposal)

    assert proposal.status == PoliceNfaStatus.APPROVED
    assert proposal.decided_by == personas.supervisor
    case.refresh_from_db()
    assert case.status == CaseStatus.POLICE_NFA
    (tell,) = Deadline.objects.filter(
        case=case, kind=DeadlineKind.TELL_COMPLAINANT_ENHANCED, status=DeadlineStatus.OPEN
    )
    assert tell.description == "Tell C1 of the decision to take no further action"
    assert tell.owner == personas.officer


def test_sent_back_the_investigation_goes_on(personas: Personas) -> None:
    case = complete_case(personas.officer)
    proposal = proposed(personas.officer, case)
    with pytest.raises(DomainError, match="Say why"):
        services.police_nfa_send_back(actor=personas.supervisor, proposal=proposal, reason=" ")

    proposal = services.police_nfa_send_back(
        actor=personas.supervisor, proposal=proposal, reason="Trace the second witness first"
    )

    assert proposal.status == PoliceNfaStatus.SENT_BACK
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION
    assert not Deadline.objects.filter(case=case, kind__startswith="tell_").exists()
    with pytest.raises(DomainError, match="already been decided"):
        services.police_nfa_approve(actor=personas.supervisor, proposal=proposal)
    proposed(personas.officer, case)  # a new proposal may follow


def test_only_a_supervisor_of_the_force_decides(personas: Personas) -> None:
    case = complete_case(personas.officer)
    proposal = proposed(personas.officer, case)
    deciders = (
        personas.officer,
        personas.colleague,
        personas.prosecutor,
        _member(Role.POLICE_SUPERVISOR, org("Durham")),
    )
    for outsider in deciders:
        with pytest.raises(DomainError, match="Only a police supervisor of the force"):
            services.police_nfa_approve(actor=outsider, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == PoliceNfaStatus.PROPOSED


def test_a_supervisor_does_not_approve_their_own_proposal(personas: Personas) -> None:
    case = complete_case(personas.officer)
    acting = _member(Role.INVESTIGATOR, org("Kent"))
    case_share(actor=personas.officer, case=case, colleague=acting)
    Membership.objects.create(user=acting, organisation=org("Kent"), role=Role.POLICE_SUPERVISOR)
    acting = User.objects.get(pk=acting.pk)
    proposal = proposed(acting, case)

    with pytest.raises(DomainError, match="Another supervisor must decide"):
        services.police_nfa_approve(actor=acting, proposal=proposal)


@pytest.mark.parametrize("status", [CaseStatus.DRAFT, CaseStatus.WITH_CPS])
def test_nfa_is_proposed_only_under_investigation(personas: Personas, status: str) -> None:
    case = case_create(personas.officer)
    CaseFile.objects.filter(pk=case.pk).update(status=status)
    with pytest.raises(DomainError, match="under investigation"):
        proposed(personas.officer, case)


def test_only_officers_on_the_case_propose_and_only_one_at_a_time(personas: Personas) -> None:
    case = complete_case(personas.officer)
    for outsider in (personas.colleague, personas.supervisor, personas.other_force_officer):
        with pytest.raises(DomainError, match="Only an officer working on the case"):
            proposed(outsider, case)
    with pytest.raises(DomainError, match="Choose the Home Office outcome"):
        services.police_nfa_propose(
            actor=personas.officer, case=case, outcome_code="1", rationale=RATIONALE
        )
    proposed(personas.officer, case)
    with pytest.raises(DomainError, match="already awaiting a supervisor"):
        proposed(personas.officer, case)
