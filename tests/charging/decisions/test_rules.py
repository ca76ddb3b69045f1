"""Charging decisions: what the decisions tab offers each persona is exactly
what the services accept, on a case with CPS, a case charged on the Threshold
Test (the Full Code Test owed, then applied) and one charged on the Full Code
Test."""

from __future__ import annotations

from typing import Any

import pytest

from cases.models import CaseFile
from charging.decisions import services
from charging.decisions.models import CpsDecision
from tests.charging.agreement import Verdicts, agree, grid, offers, page
from tests.charging.decisions.test_full_code_test import BOTH_MET, charged_on_threshold
from tests.charging.decisions.test_services import (
    EVIDENTIAL_NFA,
    allocated_case,
    decide,
)
from tests.conftest import Personas
from tests.support import accepted

pytestmark = pytest.mark.django_db


def record(**arguments: Any) -> object:
    case = CaseFile.objects.get(pk=arguments.pop("case").pk)
    return services.decision_record(case=case, version=case.version, **arguments)


def apply(**arguments: Any) -> object:
    decision = arguments.pop("decision")
    version = CaseFile.objects.get(pk=decision.case_id).version
    return services.full_code_test_record(decision=decision, version=version, **arguments)


def test_the_tab_offers_what_the_services_accept(personas: Personas) -> None:
    with_cps = allocated_case(personas)
    owed_case, owed = charged_on_threshold(personas)
    applied_case, applied = charged_on_threshold(personas)
    apply(actor=personas.prosecutor, decision=applied, **BOTH_MET)
    full_case = allocated_case(personas)
    full = decide(personas.prosecutor, full_case)
    cases: list[tuple[CaseFile, CpsDecision | None]] = [
        (with_cps, None),
        (owed_case, owed),
        (applied_case, applied),
        (full_case, full),
    ]

    verdicts: Verdicts = []
    for who, user in grid(personas).items():
        for case, decision in cases:
            case.refresh_from_db()
            html = page(user, "charging:case-decisions", case.pk)
            what = f"a case {case.status}: "
            verdicts.append(
                (
                    who,
                    what + "record a decision",
                    offers(html, "charging:decision-record", case.pk),
                    accepted(record, actor=user, case=case, **EVIDENTIAL_NFA),
                )
            )
            if decision is not None:
                threshold = CpsDecision.objects.get(pk=decision.pk)
                verdicts.append(
                    (
                        who,
                        what + f"apply the Full Code Test to a {threshold.test} decision",
                        offers(html, "charging:decision-full-test", case.pk, threshold.pk),
                        accepted(apply, actor=user, decision=threshold, **BOTH_MET),
                    )
                )
    agree(verdicts)
