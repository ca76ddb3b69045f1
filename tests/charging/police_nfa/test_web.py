"""Police NFA in the browser and the API: proposed by the officer, approved
or sent back by a supervisor of the force; 404 for outsiders."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cases.models import CaseFile, CaseStatus
from charging.police_nfa.models import PoliceNfaProposal, PoliceNfaStatus
from rasso.accounts.models import User
from tests.cases.factories import complete_case
from tests.cases.test_api import Api
from tests.charging.pages import outsiders
from tests.charging.police_nfa.test_services import RATIONALE, proposed
from tests.conftest import Personas
from tests.support import client_for, html_of, refusal_of

pytestmark = pytest.mark.django_db

NFA_URL = "/api/v1/police-nfa/"


def tab(case: CaseFile) -> str:
    return reverse("charging:case-police-nfa", args=[case.pk])


def test_the_officer_proposes_and_the_supervisor_approves_through_the_pages(
    personas: Personas,
) -> None:
    case = complete_case(personas.officer)
    officer = client_for(personas.officer)
    supervisor = client_for(personas.supervisor)
    assert "Propose no further action" not in html_of(supervisor.get(tab(case)))
    assert "Propose no further action" in html_of(officer.get(tab(case)))
    propose = reverse("charging:nfa-propose", args=[case.pk])
    assert "Give the rationale" in html_of(officer.post(propose, {"outcome_code": "16"}))
    assert officer.post(propose, {"outcome_code": "16", "rationale": RATIONALE}).status_code == 302
    proposal = PoliceNfaProposal.objects.get(case=case)

    assert "Approve no further action" not in html_of(officer.get(tab(case)))
    page = html_of(supervisor.get(tab(case)))
    assert "Approve no further action" in page
    assert "16: Named suspect" in page
    supervisor.post(reverse("charging:nfa-approve", args=[case.pk, proposal.pk]))
    case.refresh_from_db()
    assert case.status == CaseStatus.POLICE_NFA


def test_the_supervisor_sends_it_back_with_a_reason(personas: Personas) -> None:
    case = complete_case(personas.officer)
    proposal = proposed(personas.officer, case)
    send_back = reverse("charging:nfa-send-back", args=[case.pk, proposal.pk])
    assert client_for(personas.officer).get(send_back).status_code == 403
    supervisor = client_for(personas.supervisor)
    assert "Say why" in html_of(supervisor.post(send_back, {"reason": ""}))
    assert supervisor.post(send_back, {"reason": "Trace the witness"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == PoliceNfaStatus.SENT_BACK
    assert "Trace the witness" in html_of(client_for(personas.officer).get(tab(case)))


def test_a_refused_approval_says_why_and_changes_nothing(personas: Personas) -> None:
    case = complete_case(personas.officer)
    proposal = proposed(personas.officer, case)
    response = client_for(personas.officer).post(
        reverse("charging:nfa-approve", args=[case.pk, proposal.pk]), follow=True
    )
    assert "Only a police supervisor of the force" in refusal_of(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION


def test_police_nfa_over_the_api(personas: Personas) -> None:
    case = complete_case(personas.officer)
    officer = Api(personas.officer)
    supervisor = Api(personas.supervisor)
    body = {"case": case.pk, "outcome_code": "15", "rationale": RATIONALE}
    assert supervisor.post(NFA_URL, body).status_code == 403
    response = officer.post(NFA_URL, body)
    assert response.status_code == 201, response.json()
    url = f"{NFA_URL}{response.json()['id']}/"
    assert officer.post(f"{url}approve/").status_code == 403
    assert supervisor.post(f"{url}send-back/", {}).status_code == 400
    response = supervisor.post(f"{url}approve/")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert supervisor.post(f"{url}send-back/", {"reason": "x"}).status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.POLICE_NFA


def test_sending_back_over_the_api(personas: Personas) -> None:
    proposal = proposed(personas.officer, complete_case(personas.officer))
    response = Api(personas.supervisor).post(
        f"{NFA_URL}{proposal.pk}/send-back/", {"reason": "More enquiries"}
    )
    assert response.status_code == 200
    assert response.json()["send_back_reason"] == "More enquiries"


def test_outsiders_get_404_everywhere(personas: Personas) -> None:
    case = complete_case(personas.officer)
    proposal = proposed(personas.officer, case)
    people: dict[str, User] = outsiders(personas)
    propose = reverse("charging:nfa-propose", args=[case.pk])
    send_back = reverse("charging:nfa-send-back", args=[case.pk, proposal.pk])
    approve = reverse("charging:nfa-approve", args=[case.pk, proposal.pk])
    for who, user in people.items():
        client = client_for(user)
        for url in (tab(case), propose, send_back):
            assert client.get(url).status_code == 404, (who, url)
        for url in (propose, send_back, approve):
            assert client.post(url, {"reason": "x", "rationale": "x"}).status_code == 404
        api = Api(user)
        assert api.get(f"{NFA_URL}{proposal.pk}/").status_code == 404, who
        assert api.get(NFA_URL).json()["results"] == [], who
        assert api.post(f"{NFA_URL}{proposal.pk}/approve/").status_code == 404, who
    proposal.refresh_from_db()
    assert proposal.status == PoliceNfaStatus.PROPOSED


def test_the_tab_and_the_list_cost_the_same_for_50_proposals_as_for_5(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    case = complete_case(personas.officer)

    def sent_back(n: int) -> None:
        for _ in range(n):
            PoliceNfaProposal.objects.create(
                case=case,
                outcome_code="16",
                rationale=RATIONALE,
                proposed_by=personas.officer,
                status=PoliceNfaStatus.SENT_BACK,
                decided_by=personas.supervisor,
                send_back_reason="More enquiries",
            )

    supervisor = client_for(personas.supervisor)
    api = Api(personas.supervisor)
    api.get(NFA_URL)  # the token's first use is recorded once

    def cost(client: Any, url: str, limit: int) -> int:
        with django_assert_max_num_queries(limit) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    sent_back(5)
    # session, user, memberships, the case, is the supervisor granted it
    # (may they propose), COUNT(*), the page of proposals with proposer and
    # decider, the case.view audit row; for the free text, whether a grant
    # entitles them to the identity and the case's complainants (the scrubber).
    five_tab = cost(supervisor, tab(case), 10)
    # token with its user, memberships, COUNT(*), the page of proposals; the
    # grants and the complainants of the page's cases (the identity scrubber);
    # the read's audit row.
    five_api = cost(api.client, NFA_URL, 7)
    sent_back(45)
    assert cost(supervisor, tab(case), 10) == five_tab
    assert cost(api.client, NFA_URL, 7) == five_api
