"""What the case page offers is exactly what the services accept.

For each persona and each stage of a case's life, the summary page's
buttons and links (read from the rendered page) are compared with whether the
service behind each one, called by that persona, succeeds. Both read the same
rule in ``cases.rules``; a page that offered what the service refuses, or hid
what it allows, fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import CaseFile, Offence
from rasso.accounts.models import User
from tests.cases.factories import case_create, complete_case, submitted_case
from tests.conftest import Personas
from tests.support import accepted

pytestmark = pytest.mark.django_db

PERSONAS = (
    "officer",
    "colleague",
    "supervisor",
    "other_force_officer",
    "prosecutor",
    "cps_spoc",
    "other_area_prosecutor",
    "manager",
)
STAGES = {"draft": case_create, "investigation": complete_case, "with_cps": submitted_case}


def services_for(case: CaseFile, p: Personas) -> dict[str, Callable[[User], object]]:
    offence = Offence.objects.get(act="Sexual Offences Act 2003", section="1")
    return {
        # The "Change" link of the case details, and the others the same rule opens.
        reverse("cases:edit", args=[case.pk]): lambda u: services.case_update(
            actor=u, case=case, version=case.version, reported_on=None
        ),
        reverse("cases:offence-add", args=[case.pk]): lambda u: services.offence_add(
            actor=u, case=case, offence=offence, committed_from=date(2026, 1, 5)
        ),
        reverse("cases:share", args=[case.pk]): lambda u: services.case_share(
            actor=u, case=case, colleague=p.colleague
        ),
        reverse("cases:reallocate-oic", args=[case.pk]): lambda u: services.case_reallocate_oic(
            actor=u, case=case, new_oic=p.colleague
        ),
        reverse("cases:allocate-prosecutor", args=[case.pk]): (
            lambda u: services.case_allocate_prosecutor(actor=u, case=case, prosecutor=p.prosecutor)
        ),
    }


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("who", PERSONAS)
def test_the_case_page_offers_what_the_services_accept(
    personas: Personas, stage: str, who: str
) -> None:
    case = STAGES[stage](personas.officer)
    user: User = getattr(personas, who)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    if page.status_code == 404:
        # A case the persona may not see: nothing is offered, nothing accepted.
        html = ""
    else:
        assert page.status_code == 200
        html = page.content.decode()
    for url, call in services_for(case, personas).items():
        offered = f'href="{url}"' in html or f'action="{url}"' in html
        case.refresh_from_db()
        assert offered == accepted(partial(call, user)), (who, stage, url)
