"""The case's life in the browser: the buttons each person is offered, and
what pressing them does. Start the investigation, submit to CPS (refused with
the list of what is missing until the file is complete), share with a
colleague, change the officer in the case, allocate a prosecutor."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cases import services
from cases.models import CaseFile, CaseStatus, DocumentKind
from rasso.accounts.models import Role, User
from tests.cases.factories import case_create, complete_case, submitted_case, upload
from tests.conftest import Personas, org
from tests.factories import MembershipFactory, UserFactory
from tests.support import client_for, html_of, refusal_of

pytestmark = pytest.mark.django_db

START = "Start investigation"
SUBMIT = "Submit to CPS"
SHARE = "Share with a colleague"
CHANGE_OIC = "Change officer in the case"
ALLOCATE = "Allocate a prosecutor"
BUTTONS = (START, SUBMIT, SHARE, CHANGE_OIC, ALLOCATE)


def buttons_on(user: User, case: CaseFile) -> set[str]:
    html = html_of(client_for(user).get(reverse("cases:detail", args=[case.pk])))
    group = re.search(r'<div class="govuk-button-group">(.*?)</div>', html, re.S)
    return {label for label in BUTTONS if group and label in group.group(1)}


def banner(response: Any) -> str:
    found = re.search(
        r"govuk-notification-banner--success.*?govuk-notification-banner__heading\">(.*?)</p>",
        html_of(response),
        re.S,
    )
    assert found, "no success banner"
    return found.group(1).strip()


# -- which buttons each person sees -------------------------------------------


def test_the_oic_of_a_draft_may_start_submit_and_share(personas: Personas) -> None:
    case = case_create(personas.officer)
    assert buttons_on(personas.officer, case) == {START, SUBMIT, SHARE}


def test_under_investigation_the_oic_may_submit_and_share(personas: Personas) -> None:
    case = complete_case(personas.officer)
    assert buttons_on(personas.officer, case) == {SUBMIT, SHARE}


def test_the_supervisor_may_share_and_change_the_officer_but_not_edit(
    personas: Personas,
) -> None:
    case = complete_case(personas.officer)
    assert buttons_on(personas.supervisor, case) == {SHARE, CHANGE_OIC}


def test_with_cps_the_police_may_only_share_and_the_spoc_may_allocate(
    personas: Personas,
) -> None:
    case = submitted_case(personas.officer)
    assert buttons_on(personas.officer, case) == {SHARE}
    assert buttons_on(personas.cps_spoc, case) == {ALLOCATE}
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=personas.prosecutor
    )
    assert buttons_on(personas.prosecutor, case) == set()


# -- starting the investigation ---------------------------------------------


def test_oic_starts_the_investigation(personas: Personas) -> None:
    case = case_create(personas.officer)

    response = client_for(personas.officer).post(
        reverse("cases:start-investigation", args=[case.pk]), follow=True
    )

    assert banner(response) == "Investigation started"
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION


def test_starting_twice_says_why_not_and_changes_nothing(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    client.post(reverse("cases:start-investigation", args=[case.pk]))

    response = client.post(reverse("cases:start-investigation", args=[case.pk]), follow=True)

    assert "cannot become under investigation" in refusal_of(response)
    assert case.events.filter(kind="investigation_started").count() == 1


@pytest.mark.parametrize("persona", ["supervisor", "colleague", "cps_spoc", "other_force_officer"])
def test_only_officers_on_the_case_start_it(personas: Personas, persona: str) -> None:
    case = case_create(personas.officer)
    url = reverse("cases:start-investigation", args=[case.pk])
    # The supervisor sees the draft and is refused with the reason; to the
    # others it is hidden.
    expected = 403 if persona == "supervisor" else 404
    assert client_for(getattr(personas, persona)).post(url).status_code == expected
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_starting_needs_a_post(personas: Personas) -> None:
    case = case_create(personas.officer)
    url = reverse("cases:start-investigation", args=[case.pk])
    assert client_for(personas.officer).get(url).status_code == 405


def test_the_button_posts_with_a_csrf_token(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer)
    html = html_of(client.get(reverse("cases:detail", args=[case.pk])))
    form = re.search(r'<form method="post" action="([^"]+investigation/)".*?</form>', html, re.S)
    assert form and form.group(1) == reverse("cases:start-investigation", args=[case.pk])
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    # Without the token, nothing happens.
    assert client.post(form.group(1)).status_code == 403


# -- submitting to CPS --------------------------------------------------------


def test_submission_page_shows_the_checklist_item_by_item(personas: Personas) -> None:
    case = case_create(personas.officer)
    upload(case, personas.officer, DocumentKind.MG3)

    html = html_of(client_for(personas.officer).get(reverse("cases:submit", args=[case.pk])))

    items = dict(
        re.findall(
            r'govuk-task-list__name-and-hint"><div>(.*?)</div></div>\s*'
            r'<div class="govuk-task-list__status">(?:<strong[^>]*>)?(\w+)',
            html,
        )
    )
    assert items["MG3 report to CPS for a charging decision"] == "Done"
    assert items["Investigation started"] == "Missing"
    assert items["MG5 case summary"] == "Missing"
    assert items["At least one complainant"] == "Missing"


def test_an_incomplete_file_is_refused_with_what_is_missing(personas: Personas) -> None:
    case = case_create(personas.officer)
    services.case_start_investigation(actor=personas.officer, case=case)
    upload(case, personas.officer, DocumentKind.MG3)

    response = client_for(personas.officer).post(reverse("cases:submit", args=[case.pk]))

    html = html_of(response)
    start = html.index('class="govuk-error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert "The file is not complete" in summary
    for missing in (
        "Add at least one offence",
        "Add the MG5 case summary",
        "Add the complainant&#x27;s ABE interview record or MG11 statement",
        "Add at least one complainant",
    ):
        assert missing in summary
    assert "MG3" not in summary
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION
    assert case.submitted_at is None


def test_a_draft_cannot_be_submitted_and_the_officer_sees_every_gap(personas: Personas) -> None:
    case = case_create(personas.officer)
    response = client_for(personas.officer).post(reverse("cases:submit", args=[case.pk]))
    html = refusal_of(response)
    assert "cannot become" not in html
    assert "Start the investigation before you submit the file" in html
    assert "Add the MG3 report to CPS for a charging decision" in html
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_a_complete_file_is_submitted(personas: Personas) -> None:
    case = complete_case(personas.officer)

    response = client_for(personas.officer).post(
        reverse("cases:submit", args=[case.pk]), follow=True
    )

    assert banner(response) == "Submitted to CPS South East for a charging decision"
    case.refresh_from_db()
    assert case.status == CaseStatus.WITH_CPS
    assert case.referred_at is not None


@pytest.mark.parametrize("persona", ["supervisor", "cps_spoc"])
def test_only_officers_on_the_case_submit_it(personas: Personas, persona: str) -> None:
    case = complete_case(personas.officer)
    if persona == "cps_spoc":
        case.referred_at = case.updated_at
        CaseFile.objects.filter(pk=case.pk).update(referred_at=case.referred_at)
    client = client_for(getattr(personas, persona))
    # Both see the case: the form is refused with its reason.
    assert client.get(reverse("cases:submit", args=[case.pk])).status_code == 403
    assert client.post(reverse("cases:submit", args=[case.pk])).status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION


# -- sharing ------------------------------------------------------------------


def test_oic_shares_the_case_with_a_colleague_of_the_force(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    form = html_of(client.get(reverse("cases:share", args=[case.pk])))
    # Officers of the force only, never the OIC themself or another force.
    assert escape(personas.colleague.full_name) in form
    assert escape(personas.other_force_officer.full_name) not in form
    assert f'value="{personas.officer.pk}"' not in form

    response = client.post(
        reverse("cases:share", args=[case.pk]), {"colleague": personas.colleague.pk}, follow=True
    )

    assert banner(response) == escape(f"Case shared with {personas.colleague.full_name}")
    colleague = client_for(personas.colleague)
    assert colleague.get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_sharing_with_an_officer_of_another_force_is_refused(personas: Personas) -> None:
    case = case_create(personas.officer)
    response = client_for(personas.officer).post(
        reverse("cases:share", args=[case.pk]), {"colleague": personas.other_force_officer.pk}
    )
    assert "Choose a colleague from the list" in html_of(response)
    other = client_for(personas.other_force_officer)
    assert other.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_sharing_without_choosing_says_so(personas: Personas) -> None:
    case = case_create(personas.officer)
    response = client_for(personas.officer).post(reverse("cases:share", args=[case.pk]), {})
    assert "Choose the colleague to share the case with" in html_of(response)


# -- changing the officer in the case -----------------------------------------


def test_supervisor_changes_the_officer_in_the_case(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.supervisor)
    url = reverse("cases:reallocate-oic", args=[case.pk])
    form = html_of(client.get(url))
    assert escape(personas.colleague.full_name) in form
    # Only investigators: not the supervisor, not the current OIC.
    assert f'value="{personas.supervisor.pk}"' not in form
    assert f'value="{personas.officer.pk}"' not in form

    response = client.post(url, {"oic": personas.colleague.pk}, follow=True)

    assert banner(response) == f"{personas.colleague.full_name} is now the officer in the case"
    case.refresh_from_db()
    assert case.oic == personas.colleague
    # The complainant's identity goes with the case: the previous OIC keeps
    # no access of their own.
    assert client_for(personas.officer).get(f"/cases/{case.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["officer", "cps_spoc"])
def test_only_a_supervisor_changes_the_officer(personas: Personas, persona: str) -> None:
    case = submitted_case(personas.officer)
    url = reverse("cases:reallocate-oic", args=[case.pk])
    client = client_for(getattr(personas, persona))
    # Both see the case: the form is refused with its reason.
    assert client.get(url).status_code == 403
    assert client.post(url, {"oic": personas.colleague.pk}).status_code == 403


# -- allocating a prosecutor --------------------------------------------------


def test_cps_spoc_allocates_a_prosecutor_of_the_area(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    client = client_for(personas.cps_spoc)
    url = reverse("cases:allocate-prosecutor", args=[case.pk])
    form = html_of(client.get(url))
    assert escape(personas.prosecutor.full_name) in form
    assert escape(personas.other_area_prosecutor.full_name) not in form

    response = client.post(url, {"prosecutor": personas.prosecutor.pk}, follow=True)

    assert banner(response) == f"Case allocated to {personas.prosecutor.full_name}"
    case.refresh_from_db()
    assert case.prosecutor == personas.prosecutor
    mine = html_of(client_for(personas.prosecutor).get(reverse("cases:allocated")))
    assert case.urn in mine
    queue = html_of(client.get(reverse("cases:queue")))
    assert case.urn not in queue


def test_a_prosecutor_of_another_area_cannot_be_chosen(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    response = client_for(personas.cps_spoc).post(
        reverse("cases:allocate-prosecutor", args=[case.pk]),
        {"prosecutor": personas.other_area_prosecutor.pk},
    )
    assert "Choose a prosecutor from the list" in html_of(response)
    case.refresh_from_db()
    assert case.prosecutor is None


@pytest.mark.parametrize("persona", ["prosecutor", "supervisor", "officer"])
def test_only_the_areas_cps_spoc_allocates(personas: Personas, persona: str) -> None:
    case = submitted_case(personas.officer)
    url = reverse("cases:allocate-prosecutor", args=[case.pk])
    client = client_for(getattr(personas, persona))
    # An unallocated prosecutor does not see the case (404); the others see
    # it and are refused with the reason (403).
    expected = 404 if persona == "prosecutor" else 403
    assert client.get(url).status_code == expected
    assert client.post(url, {"prosecutor": personas.prosecutor.pk}).status_code == expected


def test_a_spoc_of_another_area_does_not_see_the_case(personas: Personas) -> None:
    other_spoc: User = UserFactory.create()
    MembershipFactory.create(user=other_spoc, organisation=org("North East"), role=Role.CPS_SPOC)
    case = submitted_case(personas.officer)
    client = client_for(other_spoc)
    assert client.get(reverse("cases:allocate-prosecutor", args=[case.pk])).status_code == 404
    assert case.urn not in html_of(client.get(reverse("cases:queue")))
