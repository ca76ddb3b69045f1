"""Early advice: what the case's tab offers each persona is exactly what the
services accept, for a request in every state of its life."""

from __future__ import annotations

import pytest

from charging.early_advice import services
from charging.early_advice.models import EarlyAdviceRequest
from tests.charging.agreement import Verdicts, agree, grid, offers, page
from tests.charging.factories import ADVICE, advised, allocated, ask, case_with_prosecutor
from tests.conftest import Personas
from tests.support import accepted

pytestmark = pytest.mark.django_db


def test_the_tab_offers_what_the_services_accept(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    requested = ask(personas.officer, case)
    allocated_one = allocated(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    given = advised(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    acknowledged = advised(personas.cps_spoc, personas.prosecutor, ask(personas.officer, case))
    services.early_advice_acknowledge(actor=personas.officer, request=acknowledged)
    withdrawn = services.early_advice_withdraw(
        actor=personas.officer, request=ask(personas.officer, case)
    )
    states = [requested, allocated_one, given, acknowledged, withdrawn]

    verdicts: Verdicts = []
    for who, user in grid(personas).items():
        html = page(user, "charging:case-early-advice", case.pk)
        verdicts.append(
            (
                who,
                "ask for advice",
                offers(html, "charging:advice-request", case.pk),
                accepted(
                    services.early_advice_request, actor=user, case=case, likely_charges="Rape?"
                ),
            )
        )
        for state in states:
            request = EarlyAdviceRequest.objects.get(pk=state.pk)
            what = f"a request {request.status}: "
            urls = (case.pk, request.pk)
            verdicts += [
                (
                    who,
                    what + "allocate",
                    offers(html, "charging:advice-allocate", *urls),
                    accepted(
                        services.early_advice_allocate,
                        actor=user,
                        request=request,
                        prosecutor=personas.prosecutor,
                    ),
                ),
                (
                    who,
                    what + "advise",
                    offers(html, "charging:advice-give", *urls),
                    accepted(services.early_advice_give, actor=user, request=request, **ADVICE),
                ),
                (
                    who,
                    what + "acknowledge",
                    offers(html, "charging:advice-acknowledge", *urls),
                    accepted(services.early_advice_acknowledge, actor=user, request=request),
                ),
                (
                    who,
                    what + "withdraw",
                    offers(html, "charging:advice-withdraw", *urls),
                    accepted(services.early_advice_withdraw, actor=user, request=request),
                ),
                (
                    who,
                    what + "follow up",
                    offers(html, "charging:advice-follow-up", *urls),
                    accepted(
                        services.early_advice_request,
                        actor=user,
                        case=case,
                        follows=request,
                        likely_charges="And now?",
                    ),
                ),
            ]
    agree(verdicts)
