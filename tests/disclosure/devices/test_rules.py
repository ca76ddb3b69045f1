"""Every move of a device extraction by the officers of the case only: the
prosecutor reads it and acts on none of it, and the force's supervisor, a
colleague not granted the case and everyone else may do nothing either."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from cases.models import CaseFile
from cases.services import case_share
from disclosure.devices import rules, services
from disclosure.devices.models import DeviceExtraction, ExtractionStatus, WrittenConfirmation
from rasso.accounts.models import User
from rasso.core.errors import Forbidden
from tests.charging.pages import outsiders
from tests.conftest import Personas
from tests.disclosure.devices.factories import (
    agreed,
    details,
    drafted,
    extracted,
    noticed,
    reviewed,
)

pytestmark = pytest.mark.django_db

Made = Callable[[User, CaseFile], DeviceExtraction]


def _refused(user: User, case: CaseFile, extraction: DeviceExtraction) -> DeviceExtraction:
    return services.extraction_refuse(
        actor=user, extraction=noticed(user, case), refused_on=timezone.localdate()
    )


def _withdrawn(user: User, case: CaseFile) -> DeviceExtraction:
    return services.extraction_withdraw(
        actor=user,
        extraction=extracted(user, case),
        withdrawn_on=timezone.localdate(),
        details="By email",
    )


# Each move: the extraction it starts from, the rule, and the service call.
MOVES: dict[str, tuple[Made, Any, Callable[[User, DeviceExtraction], Any]]] = {
    "edit": (
        drafted,
        rules.extraction_edit_refusal,
        lambda u, e: services.extraction_update(
            actor=u, extraction=e, details=details(e.case, purpose="Changed")
        ),
    ),
    "notice": (
        drafted,
        rules.extraction_notice_refusal,
        lambda u, e: services.extraction_notice_give(
            actor=u, extraction=e, given_on=timezone.localdate(), in_writing=True
        ),
    ),
    "agree": (
        noticed,
        rules.extraction_agree_refusal,
        lambda u, e: services.extraction_agree(
            actor=u,
            extraction=e,
            agreed_on=timezone.localdate(),
            agreement_confirmation=WrittenConfirmation.EMAIL,
            no_undue_pressure=True,
        ),
    ),
    "refuse": (
        noticed,
        rules.extraction_refuse_refusal,
        lambda u, e: services.extraction_refuse(
            actor=u, extraction=e, refused_on=timezone.localdate()
        ),
    ),
    "extract": (
        agreed,
        rules.extraction_extract_refusal,
        lambda u, e: services.extraction_extract(
            actor=u, extraction=e, extracted_on=timezone.localdate(), material="Messages"
        ),
    ),
    "review": (
        extracted,
        rules.extraction_review_refusal,
        lambda u, e: services.extraction_review(
            actor=u,
            extraction=e,
            reviewed_on=timezone.localdate(),
            material_reviewed="All",
            all_reviewed=True,
            relevant=False,
        ),
    ),
    "withdraw": (
        agreed,
        rules.extraction_withdraw_refusal,
        lambda u, e: services.extraction_withdraw(
            actor=u, extraction=e, withdrawn_on=timezone.localdate(), details="By phone"
        ),
    ),
    "return": (
        reviewed,
        rules.extraction_return_refusal,
        lambda u, e: services.extraction_return(
            actor=u, extraction=e, returned_on=timezone.localdate()
        ),
    ),
}


@pytest.mark.parametrize("move", MOVES)
def test_the_oic_and_a_granted_officer_make_each_move(
    personas: Personas, case: CaseFile, move: str
) -> None:
    case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    made, rule, act = MOVES[move]
    for officer in (personas.officer, personas.colleague):
        extraction = made(personas.officer, case)
        assert rule(officer, case, extraction) is None
        before = extraction.status
        act(officer, extraction)
        extraction.refresh_from_db()
        assert extraction.status != before or move == "edit"


@pytest.mark.parametrize("move", MOVES)
def test_nobody_else_makes_any_move(personas: Personas, case: CaseFile, move: str) -> None:
    made, rule, act = MOVES[move]
    extraction = made(personas.officer, case)
    before = extraction.status
    others = {
        "prosecutor on the case": personas.prosecutor,
        "supervisor of the force": personas.supervisor,
        "colleague not granted the case": personas.colleague,
        **outsiders(personas),
    }
    for who, user in others.items():
        reason = rule(user, case, extraction)
        assert reason is not None and reason.startswith("Only the officers of the case"), who
        with pytest.raises(Forbidden, match="Only the officers of the case"):
            act(user, extraction)
    extraction.refresh_from_db()
    assert extraction.status == before


# What each status allows: the moves the page offers, and no other.
ALLOWED = {
    ExtractionStatus.DRAFT: {"edit", "notice"},
    ExtractionStatus.NOTICE_GIVEN: {"agree", "refuse"},
    ExtractionStatus.AGREED: {"extract", "withdraw"},
    ExtractionStatus.REFUSED: {"return"},
    ExtractionStatus.EXTRACTED: {"review", "withdraw"},
    ExtractionStatus.REVIEWED: {"return", "withdraw"},
    ExtractionStatus.WITHDRAWN: {"return"},
    ExtractionStatus.RETURNED: set(),
}


def test_each_status_allows_only_its_moves(personas: Personas, case: CaseFile) -> None:
    officer = personas.officer
    made: dict[str, DeviceExtraction] = {
        ExtractionStatus.DRAFT: drafted(officer, case),
        ExtractionStatus.NOTICE_GIVEN: noticed(officer, case),
        ExtractionStatus.AGREED: agreed(officer, case),
        ExtractionStatus.REFUSED: _refused(officer, case, drafted(officer, case)),
        ExtractionStatus.EXTRACTED: extracted(officer, case),
        ExtractionStatus.REVIEWED: reviewed(officer, case),
        ExtractionStatus.WITHDRAWN: _withdrawn(officer, case),
    }
    made[ExtractionStatus.RETURNED] = services.extraction_return(
        actor=officer, extraction=reviewed(officer, case), returned_on=timezone.localdate()
    )
    for status, extraction in made.items():
        assert extraction.status == status
        allowed = {
            m for m, (_, rule, _) in MOVES.items() if rule(officer, case, extraction) is None
        }
        assert allowed == ALLOWED[ExtractionStatus(status)], status
