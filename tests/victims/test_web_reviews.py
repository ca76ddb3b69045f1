"""The Victims' Right to Review in the browser: the request is recorded (in
time, or late with the reason it is accepted), acknowledged and completed by
a reviewer of the scheme; an overturned decision reopens the case, and the
complainant's page and the case timeline show it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from tests.cases.factories import complete_case
from tests.conftest import Personas
from tests.support import client_for, html_of
from tests.victims.test_web_letters import police_nfa
from victims.models import Complainant, Review, ReviewStatus
from victims.services import review_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def complainant(personas: Personas) -> Complainant:
    return police_nfa(personas).complainants.get()


def url(name: str, complainant: Complainant, *more: Any) -> str:
    return reverse(f"victims:{name}", args=[complainant.case_id, complainant.pk, *more])


def day(offset: int = 0) -> str:
    when = timezone.localdate() + timedelta(days=offset)
    return f"{when:%d/%m/%Y}"


def test_the_oic_records_a_request_in_time(personas: Personas, complainant: Complainant) -> None:
    client = client_for(personas.officer)
    page = html_of(client.get(url("complainant", complainant)))
    assert "Record a request for a review" in page

    response = client.post(
        url("review-request", complainant), {"told_on": day(-7), "requested_on": day()}, follow=True
    )

    html = html_of(response)
    assert "C1&#x27;s request for a review recorded" in html
    review = Review.objects.get()
    assert (review.scheme, review.in_time, review.status) == ("police", True, "requested")
    assert "Police Victims&#x27; Right to Review" in html
    assert "Record a request for a review" not in html  # one in progress at a time


def test_a_late_request_needs_its_reason(personas: Personas, complainant: Complainant) -> None:
    client = client_for(personas.officer)
    late = {"told_on": day(-120), "requested_on": day()}

    refused = html_of(client.post(url("review-request", complainant), late))
    assert "The request is late" in refused
    assert "give the reason it is accepted" in refused
    assert not Review.objects.exists()

    client.post(
        url("review-request", complainant),
        {**late, "late_reason": "In hospital for the three months after being told."},
    )
    review = Review.objects.get()
    assert review.in_time is False
    page = html_of(client.get(url("complainant", complainant)))
    assert "late and accepted" in page
    assert "In hospital" in page


def test_bad_dates_are_refused(personas: Personas, complainant: Complainant) -> None:
    client = client_for(personas.officer)
    html = html_of(
        client.post(url("review-request", complainant), {"told_on": day(), "requested_on": day(3)})
    )
    assert "cannot be in the future" in html
    html = html_of(client.post(url("review-request", complainant), {}))
    assert "Enter the date the complainant was told of the decision" in html
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("told_on", "requested_on", "message"),
    [
        # The window after the last date there is would be past it: refused first.
        ("31/12/9999", "31/12/9999", "The dates cannot be in the future"),
        ("9999-12-31", "9999-12-31", "The dates cannot be in the future"),
        ("01/01/0001", "01/01/0001", "before the case was reported (1 March 2026)"),
        ("0001-01-01", day(), "before the case was reported (1 March 2026)"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_refused(
    personas: Personas, complainant: Complainant, told_on: str, requested_on: str, message: str
) -> None:
    response = client_for(personas.officer).post(
        url("review-request", complainant), {"told_on": told_on, "requested_on": requested_on}
    )
    assert response.status_code == 200
    html = html_of(response)
    assert 'class="govuk-error-summary"' in html
    assert message in html
    assert not Review.objects.exists()


def test_the_supervisor_acknowledges_and_overturns_and_the_case_reopens(
    personas: Personas, complainant: Complainant
) -> None:
    review_request(
        actor=personas.officer,
        complainant=complainant,
        told_on=timezone.localdate() - timedelta(days=3),
        requested_on=timezone.localdate(),
    )
    review = Review.objects.get()
    client = client_for(personas.supervisor)
    page = html_of(client.get(url("complainant", complainant)))
    assert "Acknowledge the request" in page and "Complete the review" in page

    client.post(url("review-acknowledge", complainant, review.pk), {"acknowledged_on": day()})
    response = client.post(
        url("review-complete", complainant, review.pk),
        {
            "outcome": "overturned",
            "reasons": "The CCTV was not considered; C1's account is corroborated.",
            "completed_on": day(),
        },
        follow=True,
    )

    html = html_of(response)
    assert "Review completed" in html
    review.refresh_from_db()
    assert (review.status, review.outcome) == (ReviewStatus.COMPLETED, "overturned")
    complainant.case.refresh_from_db()
    assert complainant.case.status == CaseStatus.INVESTIGATION
    assert "Decision overturned" in html
    assert "The CCTV was not considered" in html  # the reviewer reads the reasons
    timeline = html_of(client.get(reverse("cases:timeline", args=[complainant.case_id])))
    assert "C1&#x27;s review completed: decision overturned" in timeline
    assert "Case reopened after C1&#x27;s Victims&#x27; Right to Review" in timeline


def test_a_review_needs_an_outcome_and_reasons(
    personas: Personas, complainant: Complainant
) -> None:
    review = review_request(
        actor=personas.officer,
        complainant=complainant,
        told_on=timezone.localdate(),
        requested_on=timezone.localdate(),
    )
    html = html_of(
        client_for(personas.supervisor).post(url("review-complete", complainant, review.pk), {})
    )
    assert "Choose the outcome of the review" in html
    assert "Give the reasons for the outcome" in html
    review.refresh_from_db()
    assert review.status == ReviewStatus.REQUESTED


@pytest.mark.parametrize("persona", ["officer", "prosecutor", "cps_spoc"])
def test_only_a_reviewer_of_the_scheme_acts_on_the_review(
    personas: Personas, complainant: Complainant, persona: str
) -> None:
    review = review_request(
        actor=personas.officer,
        complainant=complainant,
        told_on=timezone.localdate(),
        requested_on=timezone.localdate(),
    )
    client = client_for(getattr(personas, persona))
    # The officer sees the case and is refused with the reason; the others do
    # not see it.
    expected = 403 if persona == "officer" else 404
    for page in ("review-acknowledge", "review-complete"):
        assert client.get(url(page, complainant, review.pk)).status_code == expected
    response = client.post(
        url("review-complete", complainant, review.pk),
        {"outcome": "upheld", "reasons": "Upheld.", "completed_on": day()},
    )
    assert response.status_code == expected
    review.refresh_from_db()
    assert review.status == ReviewStatus.REQUESTED


@pytest.mark.parametrize(
    "persona",
    ["colleague", "other_force_officer", "other_area_prosecutor", "panel_member", "manager"],
)
def test_outsiders_get_404(personas: Personas, complainant: Complainant, persona: str) -> None:
    review = review_request(
        actor=personas.officer,
        complainant=complainant,
        told_on=timezone.localdate(),
        requested_on=timezone.localdate(),
    )
    client = client_for(getattr(personas, persona))
    assert client.get(url("review-request", complainant)).status_code == 404
    assert client.get(url("review-complete", complainant, review.pk)).status_code == 404


def test_no_review_is_offered_before_a_decision_to_take_no_further_action(
    personas: Personas,
) -> None:
    complainant = complete_case(personas.officer).complainants.get()
    client = client_for(personas.officer)
    assert "Record a request for a review" not in html_of(
        client.get(url("complainant", complainant))
    )
    assert client.get(url("review-request", complainant)).status_code == 403
