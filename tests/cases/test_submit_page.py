"""The submission page tells the officer what to do, not what the state machine
says: a refused submission's error summary links each missing item, in GOV.UK
words, to the page where it is added (the upload form with its kind chosen);
a draft is told to start the investigation, with the button that does it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases import services
from cases.models import CaseFile, CaseStatus
from tests.cases.factories import case_create, complete_case
from tests.cases.test_checklist_by_decision import file_without_unused_material
from tests.conftest import Personas
from tests.support import client_for, html_of, refusal_of

pytestmark = pytest.mark.django_db


def summary_links(html: str) -> dict[str, str]:
    """The error summary's links: what it says to do, and where."""
    start = html.index('class="govuk-error-summary"')
    summary = html[start : html.index("</ul>", start)]
    return {
        text: href for href, text in re.findall(r'<li><a href="([^"]*)">(.*?)</a></li>', summary)
    }


def add_document(case: CaseFile, kind: str) -> str:
    return escape(f"{reverse('cases:documents', args=[case.pk])}?kind={kind}#id_upload")


def test_every_missing_item_links_to_where_it_is_added(personas: Personas) -> None:
    case = case_create(personas.officer, forensic_report_expected=True)
    services.case_start_investigation(actor=personas.officer, case=case)

    response = client_for(personas.officer).post(reverse("cases:submit", args=[case.pk]))

    html = html_of(response)
    assert "cannot become" not in html
    assert summary_links(html) == {
        "Add at least one offence": reverse("cases:offence-add", args=[case.pk]),
        "Add at least one suspect": reverse("cases:suspect-add", args=[case.pk]),
        "Add the MG3 report to CPS for a charging decision": add_document(case, "mg3"),
        "Add the complainant&#x27;s ABE interview record or MG11 statement": add_document(
            case, "abe"
        ),
        "Add the MG15 record of the suspect&#x27;s interview": add_document(case, "mg15"),
        "Add the MG5 case summary": add_document(case, "mg5"),
        "Sign the nil return or add the MG6C and MG6D": (
            f"{reverse('cases:edit', args=[case.pk])}#id_unused_material_nil_return"
        ),
        "Add the forensic or medical report": add_document(case, "forensic"),
        "Add at least one complainant": reverse("victims:complainant-add", args=[case.pk]),
    }
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION


def test_the_unused_material_items_by_decision_sought_link_too(personas: Personas) -> None:
    full = file_without_unused_material(personas.officer, decision_sought="full_code_test")
    links = summary_links(
        html_of(client_for(personas.officer).post(reverse("cases:submit", args=[full.pk])))
    )
    assert links["Add the MG6E disclosure officer&#x27;s report"] == add_document(full, "mg6e")
    assert "Sign the nil return or add the MG6C and MG6D" in links

    threshold = file_without_unused_material(personas.officer, decision_sought="threshold_test")
    links = summary_links(
        html_of(client_for(personas.officer).post(reverse("cases:submit", args=[threshold.pk])))
    )
    assert links == {
        "Add the list of material identified as potentially disclosable": add_document(
            threshold, "disclosable_list"
        )
    }


def test_the_upload_form_opens_with_the_kind_the_link_asks_for(personas: Personas) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    url = reverse("cases:documents", args=[case.pk])

    html = html_of(client.get(f"{url}?kind=mg5"))
    assert re.search(r'<option value="mg5" selected>', html)

    # A kind that does not exist chooses nothing, and is no error.
    html = html_of(client.get(f"{url}?kind=nonsense"))
    kinds = html.split('name="kind"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'value="([^"]*)" selected', kinds) == [""]


def test_a_draft_is_told_to_start_the_investigation_with_the_button(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)

    page = html_of(client.get(reverse("cases:submit", args=[case.pk])))
    assert 'data-testid="start-first"' in page
    assert "Start the investigation before you submit the file" in page
    start = reverse("cases:start-investigation", args=[case.pk])
    assert f'action="{start}"' in page

    refused = refusal_of(client.post(reverse("cases:submit", args=[case.pk])))
    assert "cannot become" not in refused
    links = summary_links(refused)
    assert links["Start the investigation before you submit the file"] == "#start-investigation"
    assert 'id="start-investigation"' in refused
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT

    # The button starts it and comes back to the submission page.
    response = client.post(start, {"then_submit": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:submit", args=[case.pk])
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION
    page = html_of(client.get(reverse("cases:submit", args=[case.pk])))
    assert 'data-testid="start-first"' not in page


def test_a_case_under_investigation_is_not_asked_to_start_it(personas: Personas) -> None:
    case = complete_case(personas.officer)
    page = html_of(client_for(personas.officer).get(reverse("cases:submit", args=[case.pk])))
    assert 'data-testid="start-first"' not in page
    assert "govuk-error-summary" not in page
