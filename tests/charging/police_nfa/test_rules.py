"""Police NFA: what the police NFA tab offers each persona is exactly what
the services accept, for a proposal awaiting a supervisor, one sent back and
one approved, and for proposing another."""

from __future__ import annotations

import pytest

from cases.models import CaseFile
from charging.police_nfa import services
from charging.police_nfa.models import HomeOfficeOutcome, PoliceNfaProposal
from tests.cases.factories import complete_case
from tests.charging.agreement import Verdicts, agree, grid, offers, page
from tests.charging.police_nfa.test_services import RATIONALE, proposed
from tests.conftest import Personas
from tests.support import accepted

pytestmark = pytest.mark.django_db


def test_the_tab_offers_what_the_services_accept(personas: Personas) -> None:
    awaiting = proposed(personas.officer, complete_case(personas.officer))
    sent_back = services.police_nfa_send_back(
        actor=personas.supervisor,
        proposal=proposed(personas.officer, complete_case(personas.officer)),
        reason="Trace the taxi driver first",
    )
    approved = services.police_nfa_approve(
        actor=personas.supervisor,
        proposal=proposed(personas.officer, complete_case(personas.officer)),
    )

    verdicts: Verdicts = []
    for who, user in grid(personas).items():
        for state in (awaiting, sent_back, approved):
            proposal = PoliceNfaProposal.objects.get(pk=state.pk)
            case = CaseFile.objects.get(pk=proposal.case_id)
            html = page(user, "charging:case-police-nfa", case.pk)
            what = f"a proposal {proposal.status}: "
            urls = (case.pk, proposal.pk)
            verdicts += [
                (
                    who,
                    what + "propose another",
                    offers(html, "charging:nfa-propose", case.pk),
                    accepted(
                        services.police_nfa_propose,
                        actor=user,
                        case=case,
                        outcome_code=HomeOfficeOutcome.EVIDENTIAL_NO_SUPPORT,
                        rationale=RATIONALE,
                    ),
                ),
                (
                    who,
                    what + "approve",
                    offers(html, "charging:nfa-approve", *urls),
                    accepted(services.police_nfa_approve, actor=user, proposal=proposal),
                ),
                (
                    who,
                    what + "send back",
                    offers(html, "charging:nfa-send-back", *urls),
                    accepted(
                        services.police_nfa_send_back, actor=user, proposal=proposal, reason="No"
                    ),
                ),
            ]
    agree(verdicts)
