"""A form page that someone may see but not use is their refusal, 403.

Who may not see the case gets 404 (nothing is given away); who sees it but
whose role or the case's state refuses the action gets the refusal page with
the rule's reason, not a 404 that would tell them the case is gone.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.cases.factories import submitted_case
from tests.conftest import Personas
from tests.support import client_for, refusal_of

pytestmark = pytest.mark.django_db

# (who, the page's URL name): each sees a submitted case of Kent but may not
# fill in the form.
REFUSED = [
    ("cps_spoc", "cases:edit"),
    ("cps_spoc", "cases:share"),
    ("cps_spoc", "cases:reallocate-oic"),
    ("officer", "cases:allocate-prosecutor"),
    ("cps_spoc", "charging:advice-request"),
    ("officer", "charging:decision-record"),
    ("cps_spoc", "charging:nfa-propose"),
    ("officer", "cases:finalise"),
]


@pytest.mark.parametrize(("who", "name"), REFUSED)
def test_a_visible_case_refuses_the_form_with_403_and_the_reason(
    personas: Personas, who: str, name: str
) -> None:
    case = submitted_case(personas.officer)
    client = client_for(getattr(personas, who))
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    page = refusal_of(client.get(reverse(name, args=[case.pk])))
    reason = re.search(r'data-testid="refusal">([^<]+)<', page)
    assert reason and reason.group(1).strip()
    assert "You cannot do this" in page


@pytest.mark.parametrize(("who", "name"), REFUSED[:3])
def test_a_hidden_case_is_still_404(personas: Personas, who: str, name: str) -> None:
    case = submitted_case(personas.officer)
    client = client_for(personas.other_area_prosecutor)
    assert client.get(reverse(name, args=[case.pk])).status_code == 404
