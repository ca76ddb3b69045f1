"""The pages offer exactly what the services allow: one rule, read by both."""

from __future__ import annotations

import pytest

from rasso.accounts.models import User
from rasso.core.errors import DomainError
from tests.conftest import Personas
from tests.victims.factories import cps_decides, cps_nfa, police_nfa, with_prosecutor
from victims.models import Complainant, LetterKind
from victims.rules import letter_kinds_for
from victims.services import letter_generate

pytestmark = pytest.mark.django_db


def offered_and_allowed(user: User, complainant: Complainant) -> tuple[set[str], set[str]]:
    offered = {kind for kind, _ in letter_kinds_for(user, complainant.case)}
    allowed = set()
    for kind in LetterKind.values:
        try:
            letter_generate(actor=user, complainant=complainant, kind=kind)
        except DomainError:
            continue
        allowed.add(kind)
    return offered, allowed


def test_each_side_is_offered_the_letters_it_may_write_and_no_other(
    personas: Personas,
) -> None:
    case, complainant = with_prosecutor(personas)
    # With CPS: the prosecutor introduces the CPS; the police write nothing yet.
    assert offered_and_allowed(personas.prosecutor, complainant) == (
        {LetterKind.CPS_INTRODUCTION},
        {LetterKind.CPS_INTRODUCTION},
    )
    assert offered_and_allowed(personas.officer, complainant) == (set(), set())

    # Charged: the police tell of the charge; the prosecutor may still introduce the CPS.
    cps_decides(personas, case, charge=True)
    complainant.refresh_from_db()
    assert offered_and_allowed(personas.officer, complainant) == (
        {LetterKind.CHARGE},
        {LetterKind.CHARGE},
    )
    assert offered_and_allowed(personas.prosecutor, complainant) == (
        {LetterKind.CPS_INTRODUCTION},
        {LetterKind.CPS_INTRODUCTION},
    )


def test_nfa_letters_come_from_the_side_that_may_write_them(personas: Personas) -> None:
    _, by_cps = cps_nfa(personas)
    for user in (personas.prosecutor, personas.officer):
        assert offered_and_allowed(user, by_cps) == ({LetterKind.NFA}, {LetterKind.NFA})
    _, by_police = police_nfa(personas)
    assert offered_and_allowed(personas.officer, by_police) == ({LetterKind.NFA}, {LetterKind.NFA})
