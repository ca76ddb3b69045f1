"""Every move of a request by the right role only: the officers of the case
draft, tell, send, receive, review and withdraw; a police supervisor of the
force approves and overrides; the prosecutor on the case decides. Everyone
else is refused with the reason, and the request stays as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CaseFile
from cases.services import case_share
from disclosure.requests import services
from disclosure.requests.models import CpsDecision, RequestStatus, VictimInformationRequest
from rasso.accounts.models import Role, User
from rasso.core.errors import Forbidden
from tests.charging.factories import case_with_prosecutor
from tests.conftest import Personas, _member, org
from tests.disclosure.requests.factories import (
    COUNSELLING,
    CREDIBILITY,
    agreed,
    approved,
    drafted,
    noticed,
    sent,
    submitted,
)

pytestmark = pytest.mark.django_db

Request = VictimInformationRequest
Act = Callable[[User, Request], object]


def everyone(p: Personas) -> dict[str, User]:
    """Every kind of person who might try, the right ones among them."""
    return {
        "officer": p.officer,
        "colleague not granted the case": p.colleague,
        "supervisor": p.supervisor,
        "police SPOC of the force": _member(Role.POLICE_SPOC, org("Kent")),
        "supervisor of another force": _member(Role.POLICE_SUPERVISOR, org("Durham")),
        "officer of another force": p.other_force_officer,
        "prosecutor": p.prosecutor,
        "prosecutor of the Area not on the case": _member(Role.PROSECUTOR, org("South East")),
        "CPS SPOC": p.cps_spoc,
        "prosecutor of another Area": p.other_area_prosecutor,
        "panel member": p.panel_member,
        "manager": p.manager,
        "administrator": p.administrator,
    }


TODAY = timezone.localdate


def _received(p: Personas, case: CaseFile) -> Request:
    return services.request_receive(
        actor=p.officer, request=sent(p, case), received_on=TODAY(), material="Two pages"
    )


# action: (who may, the request as it stands before, the move)
ACTIONS: dict[str, tuple[str, Callable[[Personas, CaseFile], Request], Act]] = {
    "submit": (
        "officer",
        lambda p, case: drafted(p.officer, case),
        lambda user, r: services.request_submit(actor=user, request=r),
    ),
    "change": (
        "officer",
        lambda p, case: drafted(p.officer, case),
        lambda user, r: services.request_update(actor=user, request=r, details=CREDIBILITY),
    ),
    "give notice": (
        "officer",
        lambda p, case: drafted(p.officer, case),
        lambda user, r: noticed(user, r),
    ),
    "record the complainant's view": (
        "officer",
        lambda p, case: drafted(p.officer, case),
        lambda user, r: services.request_view_record(actor=user, request=r, view="Content"),
    ),
    "send": (
        "officer",
        lambda p, case: noticed(p.officer, agreed(p, case)),
        lambda user, r: services.request_send(
            actor=user, request=r, sent_on=TODAY(), reply_by=TODAY() + timedelta(days=7)
        ),
    ),
    "receive": (
        "officer",
        sent,
        lambda user, r: services.request_receive(
            actor=user, request=r, received_on=TODAY(), material="Two pages"
        ),
    ),
    "review": (
        "officer",
        _received,
        lambda user, r: services.request_review(
            actor=user, request=r, relevant=False, relevant_summary=""
        ),
    ),
    "withdraw": (
        "officer",
        lambda p, case: drafted(p.officer, case),
        lambda user, r: services.request_withdraw(actor=user, request=r, reason="No need"),
    ),
    "approve counselling": (
        "supervisor",
        lambda p, case: submitted(p, case, COUNSELLING),
        lambda user, r: services.request_approve(actor=user, request=r, reasons="First account"),
    ),
    "override the flag": (
        "supervisor",
        lambda p, case: submitted(p, case, CREDIBILITY),
        lambda user, r: services.request_override(actor=user, request=r, reasons="Injuries"),
    ),
    "return to the officer": (
        "supervisor",
        lambda p, case: submitted(p, case, COUNSELLING),
        lambda user, r: services.request_return(actor=user, request=r, reason="Narrow it"),
    ),
    "agree": (
        "prosecutor",
        lambda p, case: submitted(p, case),
        lambda user, r: services.request_cps_decide(
            actor=user, request=r, decision=CpsDecision.AGREED
        ),
    ),
    "reject": (
        "prosecutor",
        lambda p, case: submitted(p, case),
        lambda user, r: services.request_cps_decide(
            actor=user, request=r, decision=CpsDecision.REJECTED, reasons="Not needed"
        ),
    ),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_each_move_is_made_by_the_right_role_only(
    personas: Personas, case: CaseFile, action: str
) -> None:
    allowed, before, act = ACTIONS[action]
    request = before(personas, case)
    status = request.status
    people = everyone(personas)
    for who, user in people.items():
        if who == allowed:
            continue
        with pytest.raises(Forbidden):
            act(user, request)
        request.refresh_from_db()
        assert request.status == status, who
    act(people[allowed], request)
    request.refresh_from_db()
    assert request.status != status or action in (
        "change",
        "give notice",
        "record the complainant's view",
    )


def test_only_the_officers_of_the_case_draft_a_request(personas: Personas, case: CaseFile) -> None:
    for who, user in everyone(personas).items():
        if who == "officer":
            continue
        with pytest.raises(Forbidden):
            drafted(user, case)
    assert not Request.objects.exists()
    assert drafted(personas.officer, case).status == RequestStatus.DRAFT


def test_an_officer_granted_the_case_works_on_it_as_the_oic_does(
    personas: Personas, case: CaseFile
) -> None:
    case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    request = drafted(personas.colleague, case)
    request = services.request_submit(actor=personas.colleague, request=request)
    request = services.request_cps_decide(
        actor=personas.prosecutor, request=request, decision=CpsDecision.AGREED
    )
    request = noticed(personas.colleague, request)
    request = services.request_send(
        actor=personas.colleague, request=request, sent_on=TODAY(), reply_by=TODAY()
    )
    assert request.status == RequestStatus.SENT
    # The reply is still the OIC's to chase.
    assert request.reply_deadline is not None
    assert request.reply_deadline.owner == personas.officer


def test_the_prosecutor_allocated_the_charging_decision_decides(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    request = services.request_submit(
        actor=personas.officer, request=drafted(personas.officer, case)
    )
    with pytest.raises(Forbidden, match="Only the prosecutor on the case"):
        services.request_cps_decide(
            actor=personas.cps_spoc, request=request, decision=CpsDecision.AGREED
        )
    request = services.request_cps_decide(
        actor=personas.prosecutor, request=request, decision=CpsDecision.AGREED
    )
    assert request.status == RequestStatus.AGREED


def test_a_case_with_no_prosecutor_waits_for_one(personas: Personas) -> None:
    from tests.cases.factories import complete_case

    case = complete_case(personas.officer)
    request = services.request_submit(
        actor=personas.officer, request=drafted(personas.officer, case)
    )
    assert request.status == RequestStatus.AWAITING_CPS
    with pytest.raises(Forbidden, match="Only the prosecutor on the case"):
        services.request_cps_decide(
            actor=personas.prosecutor, request=request, decision=CpsDecision.AGREED
        )


def test_a_leaver_can_do_nothing(personas: Personas, case: CaseFile) -> None:
    request = approved(personas, submitted(personas, case))
    personas.prosecutor.is_active = False
    personas.prosecutor.save(update_fields=["is_active"])
    with pytest.raises(Forbidden):
        services.request_cps_decide(
            actor=personas.prosecutor, request=request, decision=CpsDecision.AGREED
        )
