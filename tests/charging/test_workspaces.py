"""The "your work" page and its charging lists: each role sees a count of
what it has to do next, and the list behind it puts overdue work first.

The rows are laid down directly (the services that make them are tested in
their own files); what is tested here is who sees what, in which order, at
what cost."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, CaseStatus, Deadline
from charging.action_plans.models import (
    ActionPlan,
    ActionPlanItem,
    ActionPlanItemStatus,
    ActionPlanStatus,
)
from charging.decisions.models import CodeTest, CpsDecision, DecisionOutcome
from charging.early_advice.models import EarlyAdvice, EarlyAdviceRequest, EarlyAdviceStatus
from charging.police_nfa.models import PoliceNfaProposal
from charging.queries.models import FileQualityQuery, QueryStatus
from rasso.accounts.models import Role, User
from tests.cases.factories import case_create
from tests.conftest import Personas, _member, org
from tests.support import client_for

pytestmark = pytest.mark.django_db


def page(user: User, name: str) -> str:
    response = client_for(user).get(reverse(name))
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def home_count(user: User, name: str) -> str:
    """The words of the dashboard link to the list ``name``: "2 cases"."""
    html = page(user, "home")
    found = re.search(rf'href="{re.escape(reverse(name))}">(\d+ [^<]*)<', html)
    assert found, f"no link to {name} on the dashboard"
    return found.group(1)


def urns_in(html: str) -> list[str]:
    return re.findall(r'class="govuk-link" href="/cases/\d+/[^"]*">([A-Z0-9]+)</a>', html)


def day(offset: int) -> Any:
    return timezone.localdate() + timedelta(days=offset)


# -- the rows --------------------------------------------------------------------------


def a_case(
    personas: Personas, *, oic: User | None = None, force: str = "Kent", **fields: Any
) -> CaseFile:
    """A case (in Kent unless said), moved straight to ``fields`` (status...)."""
    case = case_create(oic or personas.officer, force)
    if fields:
        CaseFile.objects.filter(pk=case.pk).update(**fields)
        case.refresh_from_db()
    return case


def with_prosecutor(personas: Personas, prosecutor: User | None = None, **fields: Any) -> CaseFile:
    now = timezone.now()
    return a_case(
        personas,
        prosecutor=prosecutor or personas.prosecutor,
        submitted_at=now,
        referred_at=now,
        **{"status": CaseStatus.WITH_CPS, **fields},
    )


def deadline(case: CaseFile, kind: str, due_in: int, owner: User | None = None) -> Deadline:
    return Deadline.objects.create(
        case=case, kind=kind, description=kind, due_on=day(due_in), owner=owner
    )


def decision_due(personas: Personas, due_in: int, prosecutor: User | None = None) -> CaseFile:
    case = with_prosecutor(personas, prosecutor)
    deadline(case, DeadlineKind.CHARGING_DECISION, due_in, case.prosecutor)
    return case


def plan(
    personas: Personas,
    case: CaseFile,
    required_in: int,
    status: str = ActionPlanStatus.ISSUED,
    answered: int = 0,
) -> ActionPlan:
    made = ActionPlan.objects.create(
        case=case,
        drafted_by=personas.prosecutor,
        required_by=day(required_in),
        status=status,
        issued_at=timezone.now(),
    )
    ActionPlanItem.objects.bulk_create(
        ActionPlanItem(
            plan=made,
            number=n,
            what=f"Enquiry {n}",
            why="Corroboration",
            evidential_issue="Consent",
            status=ActionPlanItemStatus.DONE if n <= answered else ActionPlanItemStatus.OPEN,
        )
        for n in range(1, 4)
    )
    return made


def query(
    personas: Personas,
    case: CaseFile,
    due_in: int,
    status: str = QueryStatus.OPEN,
    owner: User | None = None,
) -> FileQualityQuery:
    return FileQualityQuery.objects.create(
        case=case,
        category="missing_document",
        description="The MG11 is missing.",
        status=status,
        raised_by=personas.prosecutor,
        deadline=deadline(case, "file_quality_query", due_in, owner),
    )


def advice_given(personas: Personas, case: CaseFile) -> EarlyAdviceRequest:
    request = EarlyAdviceRequest.objects.create(
        case=case,
        requested_by=case.oic,
        prosecutor=personas.prosecutor,
        status=EarlyAdviceStatus.ADVISED,
    )
    EarlyAdvice.objects.create(
        request=request,
        given_by=personas.prosecutor,
        investigation_strategy="Trace the taxi driver.",
        reasonable_lines_of_enquiry="Phone download for the night.",
        evidential_requirements="ABE interview.",
        disclosure_decisions="Schedule the messages.",
        third_party_material_decisions="GP records for the week after.",
    )
    return request


def nfa_proposed(personas: Personas, case: CaseFile) -> PoliceNfaProposal:
    return PoliceNfaProposal.objects.create(
        case=case, outcome_code="16", rationale="Support withdrawn.", proposed_by=case.oic
    )


# -- the prosecutor --------------------------------------------------------------------


def test_the_prosecutor_sees_decisions_due_overdue_first(personas: Personas) -> None:
    later = decision_due(personas, 10)
    overdue = decision_due(personas, -3)
    decision_due(personas, -9, prosecutor=_member(Role.PROSECUTOR, org("South East")))

    html = page(personas.prosecutor, "charging:work-decisions-due")

    assert urns_in(html) == [overdue.urn, later.urn]
    assert html.count("Overdue") == 1
    assert home_count(personas.prosecutor, "charging:work-decisions-due") == "2 cases"


def test_the_prosecutor_sees_the_action_plan_answers_that_came_in(personas: Personas) -> None:
    answered = plan(personas, with_prosecutor(personas), 5, ActionPlanStatus.COMPLETED, 3)
    overdue = plan(personas, with_prosecutor(personas), -1, ActionPlanStatus.IN_PROGRESS, 1)
    plan(personas, with_prosecutor(personas), -5)  # issued, nothing answered yet
    decided = plan(personas, with_prosecutor(personas), -8, ActionPlanStatus.COMPLETED, 3)
    CpsDecision.objects.create(
        case=decided.case,
        case_version=decided.case.version,
        decided_by=personas.prosecutor,
        test=CodeTest.FULL,
        outcome=DecisionOutcome.CHARGE,
    )

    html = page(personas.prosecutor, "charging:work-plan-responses")

    assert urns_in(html) == [overdue.case.urn, answered.case.urn]
    assert "1 of 3" in html and "3 of 3" in html
    assert home_count(personas.prosecutor, "charging:work-plan-responses") == "2 action plans"


def test_the_prosecutor_sees_the_queries_they_raised_still_open(personas: Personas) -> None:
    soon = query(personas, with_prosecutor(personas), 4)
    overdue = query(personas, with_prosecutor(personas), -2, QueryStatus.WITH_OIC)
    query(personas, with_prosecutor(personas), -6, QueryStatus.RESOLVED)

    html = page(personas.prosecutor, "charging:work-queries-raised")

    assert urns_in(html) == [overdue.case.urn, soon.case.urn]
    assert home_count(personas.prosecutor, "charging:work-queries-raised") == "2 queries"


# -- the CPS SPOC ------------------------------------------------------------------------


def test_the_cps_spoc_sees_everything_to_allocate_and_the_areas_overdue_work(
    personas: Personas,
) -> None:
    now = timezone.now()
    asked = a_case(personas, status=CaseStatus.INVESTIGATION, referred_at=now)
    EarlyAdviceRequest.objects.create(case=asked, requested_by=personas.officer)
    a_case(personas, status=CaseStatus.WITH_CPS, submitted_at=now, referred_at=now)
    overdue = decision_due(personas, -1)

    spoc = personas.cps_spoc
    assert home_count(spoc, "charging:advice-to-allocate") == "1 request"
    assert home_count(spoc, "cases:queue") == "1 case"
    home = page(spoc, "home")
    assert re.search(r'overdue=on">1 case<span[^>]*>: your area&#x27;s overdue work', home)
    assert (
        overdue.urn
        in page(spoc, "cases:list")
        + client_for(spoc).get(reverse("cases:list") + "?overdue=on").content.decode()
    )


# -- the police SPOC and supervisor ----------------------------------------------------


def test_the_force_sees_nfa_proposals_and_action_plans_due(personas: Personas) -> None:
    spoc = _member(Role.POLICE_SPOC, org("Kent"))
    nfa_proposed(personas, a_case(personas, status=CaseStatus.INVESTIGATION))
    nfa_proposed(personas, a_case(personas, oic=personas.colleague, status="investigation"))
    durham = a_case(
        personas, oic=personas.other_force_officer, force="Durham", status="investigation"
    )
    nfa_proposed(personas, durham)
    soon = plan(personas, with_prosecutor(personas, status=CaseStatus.ACTION_PLAN), 7)
    overdue = plan(
        personas,
        with_prosecutor(personas, status=CaseStatus.ACTION_PLAN),
        -2,
        ActionPlanStatus.IN_PROGRESS,
        1,
    )
    plan(personas, with_prosecutor(personas), -4, ActionPlanStatus.COMPLETED, 3)

    for user in (spoc, personas.supervisor):
        assert home_count(user, "charging:work-nfa-to-approve") == "2 proposals"
        assert home_count(user, "charging:work-plans-due") == "2 action plans"
        assert durham.urn not in page(user, "charging:work-nfa-to-approve")
        html = page(user, "charging:work-plans-due")
        assert urns_in(html) == [overdue.case.urn, soon.case.urn]
        assert html.count("Overdue") == 1


# -- the investigator ---------------------------------------------------------------------


def test_the_investigator_sees_their_own_plans_advice_and_queries(personas: Personas) -> None:
    mine = plan(personas, with_prosecutor(personas, status=CaseStatus.ACTION_PLAN), 3)
    colleagues = with_prosecutor(personas, status=CaseStatus.ACTION_PLAN)
    CaseFile.objects.filter(pk=colleagues.pk).update(oic=personas.colleague)
    plan(personas, colleagues, -3)
    advised = advice_given(personas, a_case(personas, status=CaseStatus.INVESTIGATION))
    later = query(personas, with_prosecutor(personas), 6, QueryStatus.WITH_OIC, personas.officer)
    overdue = query(personas, with_prosecutor(personas), -1, QueryStatus.WITH_OIC, personas.officer)
    query(personas, with_prosecutor(personas), -4)  # still with the force's SPOC

    officer = personas.officer
    assert urns_in(page(officer, "charging:work-plans-due")) == [mine.case.urn]
    assert home_count(officer, "charging:work-plans-due") == "1 action plan"
    assert urns_in(page(officer, "charging:work-advice-received")) == [advised.case.urn]
    assert home_count(officer, "charging:work-advice-received") == "1 request"
    assert urns_in(page(officer, "charging:work-queries-to-answer")) == [
        overdue.case.urn,
        later.case.urn,
    ]
    assert home_count(officer, "charging:work-queries-to-answer") == "2 queries"


# -- outsiders ------------------------------------------------------------------------------

WORK_LISTS = {
    "charging:work-decisions-due": Role.PROSECUTOR,
    "charging:work-plan-responses": Role.PROSECUTOR,
    "charging:work-queries-raised": Role.PROSECUTOR,
    "charging:work-plans-due": Role.INVESTIGATOR,
    "charging:work-nfa-to-approve": Role.POLICE_SUPERVISOR,
    "charging:work-advice-received": Role.INVESTIGATOR,
    "charging:work-queries-to-answer": Role.INVESTIGATOR,
}


def everything(personas: Personas) -> None:
    """One of every kind of work, all in Kent and CPS South East."""
    decision_due(personas, -1)
    plan(personas, with_prosecutor(personas), -1, ActionPlanStatus.IN_PROGRESS, 1)
    query(personas, with_prosecutor(personas), -1, QueryStatus.WITH_OIC, personas.officer)
    advice_given(personas, a_case(personas, status=CaseStatus.INVESTIGATION))
    nfa_proposed(personas, a_case(personas, status=CaseStatus.INVESTIGATION))


@pytest.mark.parametrize("name", list(WORK_LISTS))
def test_roles_without_the_work_get_404(personas: Personas, name: str) -> None:
    for outsider in (personas.panel_member, personas.manager, personas.administrator):
        assert client_for(outsider).get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", list(WORK_LISTS))
def test_another_force_or_area_sees_none_of_it(personas: Personas, name: str) -> None:
    everything(personas)
    outsider = {
        Role.PROSECUTOR: personas.other_area_prosecutor,
        Role.INVESTIGATOR: personas.other_force_officer,
        Role.POLICE_SUPERVISOR: _member(Role.POLICE_SUPERVISOR, org("Durham")),
    }[WORK_LISTS[name]]

    html = page(outsider, name)

    assert urns_in(html) == []
    assert 'data-testid="empty"' in html


# -- cost -----------------------------------------------------------------------------------

MAKERS: dict[str, Callable[[Personas], Any]] = {
    "charging:work-decisions-due": lambda p: decision_due(p, -1),
    "charging:work-plan-responses": lambda p: plan(
        p, with_prosecutor(p), -1, ActionPlanStatus.COMPLETED, 3
    ),
    "charging:work-queries-raised": lambda p: query(p, with_prosecutor(p), -1),
    "charging:work-plans-due": lambda p: plan(
        p, with_prosecutor(p, status=CaseStatus.ACTION_PLAN), -1
    ),
    "charging:work-nfa-to-approve": lambda p: nfa_proposed(
        p, a_case(p, status=CaseStatus.INVESTIGATION)
    ),
    "charging:work-advice-received": lambda p: advice_given(
        p, a_case(p, status=CaseStatus.INVESTIGATION)
    ),
    "charging:work-queries-to-answer": lambda p: query(
        p, with_prosecutor(p), -1, QueryStatus.WITH_OIC, p.officer
    ),
}


def page_queries(client: Client, name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name)).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", list(MAKERS))
def test_fifty_items_cost_what_five_do(
    personas: Personas, name: str, django_assert_max_num_queries: Any
) -> None:
    user = {
        Role.PROSECUTOR: personas.prosecutor,
        Role.INVESTIGATOR: personas.officer,
        Role.POLICE_SUPERVISOR: personas.supervisor,
    }[WORK_LISTS[name]]
    client = client_for(user)
    for _ in range(5):
        MAKERS[name](personas)
    five = page_queries(client, name)
    for _ in range(45):
        MAKERS[name](personas)

    # 1 session, 1 user, 1 memberships (the role check; visibility reuses
    # them), 1 COUNT of the list, 1 page of it with its case, force and
    # people joined: never one per row.
    with django_assert_max_num_queries(6):
        fifty = page_queries(client, name)
    assert fifty == five


def test_the_dashboard_costs_one_count_a_section(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    everything(personas)
    client = client_for(personas.prosecutor)
    for _ in range(5):
        decision_due(personas, -1)
    five = page_queries(client, "home")
    for _ in range(45):
        decision_due(personas, -1)

    # 1 session, 1 user, 1 memberships, then one COUNT for each of the
    # prosecutor's five sections, however much work is in them.
    with django_assert_max_num_queries(9):
        fifty = page_queries(client, "home")
    assert fifty == five
