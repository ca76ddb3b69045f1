"""Free text that names the complainant reaches only those entitled to her
identity as written: the force's supervisor and the Area's CPS SPOC, who
rightly read the case's questions, rationales and reasons, read them with
"C1" and category markers in place of what identifies her, in the browser and
over the API alike; the OIC and the allocated prosecutor read them as
written."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from charging.police_nfa.services import police_nfa_propose
from rasso.accounts.models import User
from tests.cases.test_api import Api
from tests.charging.decisions.test_services import decide
from tests.charging.factories import ask, raise_query
from tests.conftest import Personas
from tests.support import client_for, html_of
from tests.victims.factories import investigated, with_prosecutor

pytestmark = pytest.mark.django_db

# The complainant of the factories is Zephyrine Ottoline Quillfeather, born
# 23 July 1991, of 27 Marlpit Lane, TN12 6QX, 07700 900417.
NAMING = (
    "Zephyrine Quillfeather (born 23/07/1991) of 27 Marlpit Lane, TN12 6QX, "
    "says Quillfeather's phone, 07700 900 417, was taken"
)
SCRUBBED = "C1 (born [date of birth]) of [address], [postcode], says C1's phone, [phone], was taken"
GIVEAWAYS = ("Zephyrine", "Quillfeather", "Marlpit", "TN12", "900 417", "23/07/1991")


def shows_as_written(text: str) -> bool:
    return NAMING in text and SCRUBBED not in text


def shows_scrubbed(text: str) -> bool:
    return SCRUBBED in text and not any(word in text for word in GIVEAWAYS)


def _reads(user: User, page: str, api: str) -> tuple[str, str]:
    html = unescape(html_of(client_for(user).get(page)))
    response = Api(user).get(api)
    assert response.status_code == 200, response.status_code
    return html, response.content.decode()


def _check(readers: dict[str, tuple[User, bool]], page: str, api: str) -> None:
    for who, (user, entitled) in readers.items():
        html, answer = _reads(user, page, api)
        check = shows_as_written if entitled else shows_scrubbed
        assert check(html), f"{who} on the page"
        assert check(answer), f"{who} over the API"


def readers(personas: Personas, *, prosecutor: bool) -> dict[str, tuple[User, bool]]:
    found: dict[str, tuple[User, bool]] = {
        "the OIC": (personas.officer, True),
        "the force's supervisor": (personas.supervisor, False),
    }
    if prosecutor:
        found["the allocated prosecutor"] = (personas.prosecutor, True)
        found["the Area's CPS SPOC"] = (personas.cps_spoc, False)
    return found


def test_an_early_advice_question(personas: Personas) -> None:
    case, _ = with_prosecutor(personas)
    ask(personas.officer, case, lines_of_enquiry=NAMING)
    _check(
        readers(personas, prosecutor=True),
        reverse("charging:case-early-advice", args=[case.pk]),
        f"/api/v1/early-advice/?case={case.pk}",
    )


def test_a_police_nfa_rationale(personas: Personas) -> None:
    case, _ = investigated(personas.officer)
    police_nfa_propose(actor=personas.officer, case=case, outcome_code="15", rationale=NAMING)
    _check(
        readers(personas, prosecutor=False),
        reverse("charging:case-police-nfa", args=[case.pk]),
        f"/api/v1/police-nfa/?case={case.pk}",
    )


def test_a_file_quality_query(personas: Personas) -> None:
    case, _ = with_prosecutor(personas)
    raise_query(personas.prosecutor, case, description=NAMING)
    _check(
        readers(personas, prosecutor=True),
        reverse("charging:case-queries", args=[case.pk]),
        f"/api/v1/file-quality-queries/?case={case.pk}",
    )


def test_the_reasons_of_a_decision(personas: Personas) -> None:
    case, _ = with_prosecutor(personas)
    fields: dict[str, Any] = {
        "test": "full",
        "outcome": "nfa_evidential",
        "evidential_met": False,
        "evidential_reasons": NAMING,
    }
    decide(personas.prosecutor, case, **fields)
    _check(
        readers(personas, prosecutor=True),
        reverse("charging:case-decisions", args=[case.pk]),
        f"/api/v1/cps-decisions/?case={case.pk}",
    )


def test_the_scrubber_knows_the_latest_record(personas: Personas) -> None:
    """A name recorded after the text was written is still found."""
    case, complainant = investigated(personas.officer)
    police_nfa_propose(
        actor=personas.officer, case=case, outcome_code="15", rationale="Ms Aldwinkle withdrew."
    )
    page = reverse("charging:case-police-nfa", args=[case.pk])
    assert "Ms Aldwinkle" in html_of(client_for(personas.supervisor).get(page))
    type(complainant).objects.filter(pk=complainant.pk).update(last_name="Aldwinkle")
    html = html_of(client_for(personas.supervisor).get(page))
    assert "Aldwinkle" not in html
    assert "C1 withdrew." in html
