"""File-quality queries: what the case's tab offers each persona is exactly
what the services accept, for a query open, with the officer, resolved and
withdrawn."""

from __future__ import annotations

import pytest

from charging.queries import services
from charging.queries.models import FileQualityQuery
from rasso.accounts.models import Role
from tests.charging.agreement import Verdicts, agree, grid, offers, page
from tests.charging.factories import case_with_prosecutor, raise_query
from tests.conftest import Personas, _member, org
from tests.support import accepted

pytestmark = pytest.mark.django_db


def test_the_tab_offers_what_the_services_accept(personas: Personas) -> None:
    case = case_with_prosecutor(personas.officer, personas.cps_spoc, personas.prosecutor)
    spoc = _member(Role.POLICE_SPOC, org("Kent"))
    opened = raise_query(personas.prosecutor, case)
    with_oic = services.query_pass_to_oic(actor=spoc, query=raise_query(personas.prosecutor, case))
    resolved = services.query_resolve(
        actor=spoc, query=raise_query(personas.prosecutor, case), answer="Rescanned"
    )
    withdrawn = services.query_withdraw(
        actor=personas.prosecutor, query=raise_query(personas.prosecutor, case)
    )

    verdicts: Verdicts = []
    for who, user in grid(personas).items():
        html = page(user, "charging:case-queries", case.pk)
        verdicts.append(
            (
                who,
                "raise a query",
                offers(html, "charging:query-raise", case.pk),
                accepted(
                    services.query_raise,
                    actor=user,
                    case=case,
                    category="illegible",
                    description="The MG5 is unreadable",
                ),
            )
        )
        for state in (opened, with_oic, resolved, withdrawn):
            query = FileQualityQuery.objects.get(pk=state.pk)
            what = f"a query {query.status}: "
            urls = (case.pk, query.pk)
            verdicts += [
                (
                    who,
                    what + "resolve",
                    offers(html, "charging:query-resolve", *urls),
                    accepted(services.query_resolve, actor=user, query=query, answer="Done"),
                ),
                (
                    who,
                    what + "pass to the OIC",
                    offers(html, "charging:query-pass-to-oic", *urls),
                    accepted(services.query_pass_to_oic, actor=user, query=query),
                ),
                (
                    who,
                    what + "withdraw",
                    offers(html, "charging:query-withdraw", *urls),
                    accepted(services.query_withdraw, actor=user, query=query),
                ),
            ]
    agree(verdicts)
