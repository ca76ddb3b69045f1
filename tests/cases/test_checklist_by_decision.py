"""The file checklist follows the decision sought.

An officer referring a case for a Full Code Test decision, with a not-guilty
plea anticipated, sends the unused material schedules (or a signed nil
return) and the MG6E with the file; for a Threshold Test, a list of the
material identified so far as potentially disclosable instead. A case whose
officer has not said keeps the checklist it always had.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cases import services
from cases.models import CaseFile, CaseStatus, DocumentKind, Offence
from cases.services import (
    SCHEDULES_OR_NIL_RETURN,
    SCHEDULES_OR_SIGNED_NIL_RETURN,
    FileIncomplete,
    case_checklist,
)
from rasso.accounts.models import User
from rasso.core.errors import DomainError
from tests.cases.factories import case_create, upload
from tests.cases.test_api import Api
from tests.conftest import Personas
from tests.support import client_for, html_of
from victims.services import complainant_add

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
MG6E = DocumentKind.MG6E.label
DISCLOSABLE_LIST = DocumentKind.DISCLOSABLE_LIST.label
UNUSED_MATERIAL_ITEMS = {
    SCHEDULES_OR_NIL_RETURN,
    SCHEDULES_OR_SIGNED_NIL_RETURN,
    MG6E,
    DISCLOSABLE_LIST,
}
SCHEDULES = (DocumentKind.MG6C, DocumentKind.MG6D)


def file_without_unused_material(oic: User, **fields: Any) -> CaseFile:
    """A case under investigation holding everything the checklist asks but
    for its unused material: what the officer sends on that is the story."""
    case = case_create(oic, reported_on=date(2026, 3, 1), **fields)
    services.offence_add(
        actor=oic,
        case=case,
        offence=Offence.objects.get(act="Sexual Offences Act 2003", section="1"),
        committed_from=date(2026, 2, 27),
    )
    services.suspect_add(actor=oic, case=case, first_names="John", last_name="Suspectson")
    complainant_add(actor=oic, case=case, first_names="Jane", last_name="Complainant")
    for kind in (DocumentKind.MG3, DocumentKind.ABE, DocumentKind.MG15, DocumentKind.MG5):
        upload(case, oic, kind)
    services.case_start_investigation(actor=oic, case=case)
    case.refresh_from_db()
    return case


def unused_material(case: CaseFile) -> dict[str, bool]:
    """The checklist's unused-material items, and whether each is done."""
    return {i.label: i.done for i in case_checklist(case) if i.label in UNUSED_MATERIAL_ITEMS}


def missing(case: CaseFile) -> list[str]:
    return [item.label for item in case_checklist(case) if not item.done]


def refresh(case: CaseFile) -> CaseFile:
    return CaseFile.objects.get(pk=case.pk)


# -- each combination -----------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "plea", "documents", "expected"),
    [
        # Not recorded: today's checklist, whatever the plea.
        ("", "", SCHEDULES, {SCHEDULES_OR_NIL_RETURN: True}),
        ("", "not_guilty", (), {SCHEDULES_OR_NIL_RETURN: False}),
        # Full Code Test, not guilty anticipated: the schedules and the MG6E.
        (
            "full_code_test",
            "not_guilty",
            SCHEDULES,
            {SCHEDULES_OR_SIGNED_NIL_RETURN: True, MG6E: False},
        ),
        (
            "full_code_test",
            "not_guilty",
            (*SCHEDULES, DocumentKind.MG6E),
            {SCHEDULES_OR_SIGNED_NIL_RETURN: True, MG6E: True},
        ),
        # One schedule is not the schedules.
        (
            "full_code_test",
            "not_guilty",
            (DocumentKind.MG6C, DocumentKind.MG6E),
            {SCHEDULES_OR_SIGNED_NIL_RETURN: False, MG6E: True},
        ),
        # A plea not known, or not recorded, is taken as possibly not guilty.
        (
            "full_code_test",
            "unknown",
            SCHEDULES,
            {SCHEDULES_OR_SIGNED_NIL_RETURN: True, MG6E: False},
        ),
        ("full_code_test", "", SCHEDULES, {SCHEDULES_OR_SIGNED_NIL_RETURN: True, MG6E: False}),
        # Full Code Test, guilty anticipated: the schedules as today, no MG6E.
        ("full_code_test", "guilty", SCHEDULES, {SCHEDULES_OR_SIGNED_NIL_RETURN: True}),
        ("full_code_test", "guilty", (), {SCHEDULES_OR_SIGNED_NIL_RETURN: False}),
        # Threshold Test: the list instead; the schedules do not stand in for it.
        ("threshold_test", "", SCHEDULES, {DISCLOSABLE_LIST: False}),
        (
            "threshold_test",
            "not_guilty",
            (DocumentKind.DISCLOSABLE_LIST,),
            {DISCLOSABLE_LIST: True},
        ),
        ("threshold_test", "guilty", (DocumentKind.DISCLOSABLE_LIST,), {DISCLOSABLE_LIST: True}),
    ],
)
def test_the_unused_material_the_file_needs_follows_the_decision_and_the_plea(
    personas: Personas,
    decision: str,
    plea: str,
    documents: tuple[str, ...],
    expected: dict[str, bool],
) -> None:
    case = file_without_unused_material(
        personas.officer, decision_sought=decision, plea_anticipated=plea
    )
    for kind in documents:
        upload(case, personas.officer, kind)

    assert unused_material(case) == expected
    assert missing(case) == [label for label, done in expected.items() if not done]


def test_a_full_code_test_file_for_a_not_guilty_plea_is_not_submitted_without_the_mg6e(
    personas: Personas,
) -> None:
    case = file_without_unused_material(
        personas.officer, decision_sought="full_code_test", plea_anticipated="not_guilty"
    )
    for kind in SCHEDULES:
        upload(case, personas.officer, kind)

    with pytest.raises(FileIncomplete) as refused:
        services.case_submit_for_charging(actor=personas.officer, case=case)
    assert refused.value.missing == [MG6E]
    assert refresh(case).status == CaseStatus.INVESTIGATION

    upload(case, personas.officer, DocumentKind.MG6E)
    submitted = services.case_submit_for_charging(actor=personas.officer, case=case)
    assert submitted.status == CaseStatus.WITH_CPS


def test_a_full_code_test_file_for_a_guilty_plea_goes_without_the_mg6e(
    personas: Personas,
) -> None:
    case = file_without_unused_material(
        personas.officer, decision_sought="full_code_test", plea_anticipated="guilty"
    )
    for kind in SCHEDULES:
        upload(case, personas.officer, kind)

    submitted = services.case_submit_for_charging(actor=personas.officer, case=case)
    assert submitted.status == CaseStatus.WITH_CPS


def test_a_threshold_test_file_goes_with_the_list_and_without_the_schedules(
    personas: Personas,
) -> None:
    case = file_without_unused_material(personas.officer, decision_sought="threshold_test")

    with pytest.raises(FileIncomplete) as refused:
        services.case_submit_for_charging(actor=personas.officer, case=case)
    assert refused.value.missing == [DISCLOSABLE_LIST]

    upload(case, personas.officer, DocumentKind.DISCLOSABLE_LIST)
    submitted = services.case_submit_for_charging(actor=personas.officer, case=case)
    assert submitted.status == CaseStatus.WITH_CPS


def test_changing_the_decision_sought_changes_what_the_file_needs(personas: Personas) -> None:
    case = file_without_unused_material(personas.officer, decision_sought="threshold_test")
    upload(case, personas.officer, DocumentKind.DISCLOSABLE_LIST)
    assert missing(case) == []

    case = services.case_update(
        actor=personas.officer,
        case=case,
        version=refresh(case).version,
        decision_sought="full_code_test",
        plea_anticipated="not_guilty",
    )

    assert missing(case) == [SCHEDULES_OR_SIGNED_NIL_RETURN, MG6E]


# -- the nil return, signed ----------------------------------------------------------


def test_a_signed_nil_return_stands_in_for_the_schedules_but_not_for_the_mg6e(
    personas: Personas,
) -> None:
    case = file_without_unused_material(
        personas.officer, decision_sought="full_code_test", plea_anticipated="not_guilty"
    )
    before = refresh(case).version

    case = services.case_update(
        actor=personas.officer, case=case, version=before, unused_material_nil_return=True
    )

    case = refresh(case)
    assert case.unused_material_nil_return_by == personas.officer
    assert case.unused_material_nil_return_at is not None
    assert case.unused_material_nil_return_signed
    assert unused_material(case) == {SCHEDULES_OR_SIGNED_NIL_RETURN: True, MG6E: False}
    upload(case, personas.officer, DocumentKind.MG6E)
    assert missing(case) == []


def test_a_nil_return_ticked_when_the_case_is_opened_is_signed(personas: Personas) -> None:
    case = case_create(
        personas.officer,
        decision_sought="full_code_test",
        plea_anticipated="guilty",
        unused_material_nil_return=True,
    )

    case = refresh(case)
    assert case.unused_material_nil_return_by == personas.officer
    assert case.unused_material_nil_return_at is not None
    assert unused_material(case) == {SCHEDULES_OR_SIGNED_NIL_RETURN: True}


def test_withdrawing_the_nil_return_withdraws_its_signature(personas: Personas) -> None:
    case = case_create(
        personas.officer, decision_sought="full_code_test", unused_material_nil_return=True
    )
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)

    case = services.case_update(
        actor=personas.colleague,
        case=case,
        version=refresh(case).version,
        unused_material_nil_return=False,
    )

    case = refresh(case)
    assert case.unused_material_nil_return_by is None
    assert case.unused_material_nil_return_at is None
    assert unused_material(case)[SCHEDULES_OR_SIGNED_NIL_RETURN] is False


def test_the_one_who_ticks_it_again_signs_it(personas: Personas) -> None:
    case = case_create(personas.officer, unused_material_nil_return=True)
    services.case_share(actor=personas.officer, case=case, colleague=personas.colleague)
    services.case_update(
        actor=personas.officer,
        case=case,
        version=refresh(case).version,
        unused_material_nil_return=False,
    )

    services.case_update(
        actor=personas.colleague,
        case=case,
        version=refresh(case).version,
        unused_material_nil_return=True,
    )

    assert refresh(case).unused_material_nil_return_by == personas.colleague


def test_an_unsigned_nil_return_does_not_stand_in_once_the_decision_is_recorded(
    personas: Personas,
) -> None:
    # A row written around the service (the demo's COPY, an old import)
    # has the box ticked and nobody's signature.
    case = file_without_unused_material(personas.officer)
    CaseFile.objects.filter(pk=case.pk).update(unused_material_nil_return=True)
    case = refresh(case)
    # Not recorded: as today, the box alone does.
    assert unused_material(case) == {SCHEDULES_OR_NIL_RETURN: True}

    CaseFile.objects.filter(pk=case.pk).update(
        decision_sought="full_code_test", plea_anticipated="guilty"
    )

    assert unused_material(refresh(case)) == {SCHEDULES_OR_SIGNED_NIL_RETURN: False}


# -- the pages ----------------------------------------------------------------------


def checklist_on_page(html: str) -> dict[str, str]:
    return dict(
        re.findall(
            r'govuk-task-list__name-and-hint"><div>(.*?)</div></div>\s*'
            r'<div class="govuk-task-list__status">(?:<strong[^>]*>)?(\w+)',
            html,
        )
    )


def test_the_submission_page_asks_a_not_guilty_full_code_test_file_for_the_mg6e(
    personas: Personas,
) -> None:
    case = file_without_unused_material(
        personas.officer, decision_sought="full_code_test", plea_anticipated="not_guilty"
    )
    for kind in SCHEDULES:
        upload(case, personas.officer, kind)

    html = html_of(client_for(personas.officer).get(reverse("cases:submit", args=[case.pk])))

    items = checklist_on_page(html)
    assert items[SCHEDULES_OR_SIGNED_NIL_RETURN] == "Done"
    assert items["MG6E disclosure officer&#x27;s report"] == "Missing"
    assert DISCLOSABLE_LIST not in items


def test_the_submission_page_asks_a_threshold_test_file_for_the_list_only(
    personas: Personas,
) -> None:
    case = file_without_unused_material(personas.officer, decision_sought="threshold_test")

    html = html_of(client_for(personas.officer).get(reverse("cases:submit", args=[case.pk])))

    items = checklist_on_page(html)
    assert items[DISCLOSABLE_LIST] == "Missing"
    assert not {SCHEDULES_OR_NIL_RETURN, SCHEDULES_OR_SIGNED_NIL_RETURN} & set(items)
    assert "MG6E disclosure officer&#x27;s report" not in items


def test_the_submission_page_of_an_undecided_file_is_as_it_was(personas: Personas) -> None:
    case = file_without_unused_material(personas.officer)

    html = html_of(client_for(personas.officer).get(reverse("cases:submit", args=[case.pk])))

    items = checklist_on_page(html)
    assert items[SCHEDULES_OR_NIL_RETURN] == "Missing"
    assert "MG6E disclosure officer&#x27;s report" not in items
    assert DISCLOSABLE_LIST not in items


def test_the_case_page_shows_the_decision_the_plea_and_who_signed_the_nil_return(
    personas: Personas,
) -> None:
    case = case_create(
        personas.officer,
        decision_sought="full_code_test",
        plea_anticipated="not_guilty",
        unused_material_nil_return=True,
    )
    signed = refresh(case).unused_material_nil_return_at
    assert signed is not None

    html = html_of(client_for(personas.officer).get(reverse("cases:detail", args=[case.pk])))

    details = html[html.index('data-testid="case-details"') :]
    assert re.search(r"Decision sought</dt>\s*<dd[^>]*>Full Code Test<", details)
    assert re.search(r"Plea anticipated</dt>\s*<dd[^>]*>Not guilty<", details)
    signed_on = f"{signed.day} {signed:%B %Y}"
    assert f"Nil return, signed by Dana Officer on {signed_on}" in details


def test_the_case_page_of_an_undecided_case_says_not_recorded(personas: Personas) -> None:
    case = case_create(personas.officer)

    html = html_of(client_for(personas.officer).get(reverse("cases:detail", args=[case.pk])))

    assert re.search(r"Decision sought</dt>\s*<dd[^>]*>Not recorded<", html)
    assert re.search(r"Plea anticipated</dt>\s*<dd[^>]*>Not recorded<", html)
    assert "Schedules MG6C and MG6D" in html


def test_the_officer_records_the_decision_and_the_plea_on_the_edit_form(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)
    client = client_for(personas.officer)
    url = reverse("cases:edit", args=[case.pk])
    form = html_of(client.get(url))
    assert re.search(r'type="radio" name="decision_sought" [^>]*value="threshold_test"', form)
    assert re.search(r'type="radio" name="plea_anticipated" [^>]*value="not_guilty"', form)

    response = client.post(
        url,
        {
            "version": case.version,
            "dg6_category": "green",
            "decision_sought": "full_code_test",
            "plea_anticipated": "guilty",
            "unused_material_nil_return": "on",
        },
        follow=True,
    )

    assert "Case details saved" in html_of(response)
    case = refresh(case)
    assert (case.decision_sought, case.plea_anticipated) == ("full_code_test", "guilty")
    assert case.unused_material_nil_return_by == personas.officer


def test_a_bad_answer_on_the_edit_form_is_explained_and_saves_nothing(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)

    response = client_for(personas.officer).post(
        reverse("cases:edit", args=[case.pk]),
        {
            "version": case.version,
            "dg6_category": "red",
            "decision_sought": "crown_court",
            "plea_anticipated": "guilty",
        },
    )

    assert "Choose the decision sought from the list" in html_of(response)
    after = refresh(case)
    assert (after.decision_sought, after.plea_anticipated, after.dg6_category) == (
        "",
        "",
        "green",
    )
    assert after.version == case.version


def test_a_bad_answer_to_the_service_is_refused_and_saves_nothing(personas: Personas) -> None:
    case = case_create(personas.officer)

    with pytest.raises(DomainError, match="not a valid choice"):
        services.case_update(
            actor=personas.officer,
            case=case,
            version=case.version,
            plea_anticipated="maybe",
            unused_material_nil_return=True,
        )

    after = refresh(case)
    assert (after.plea_anticipated, after.unused_material_nil_return) == ("", False)
    assert after.unused_material_nil_return_by is None
    assert after.version == case.version


# -- the API ---------------------------------------------------------------------


def test_the_api_sets_the_decision_and_the_plea_and_shows_the_signature(
    personas: Personas,
) -> None:
    case = case_create(personas.officer)
    api = Api(personas.officer)

    response = api.patch(
        f"{CASES}{case.pk}/",
        {
            "version": case.version,
            "decision_sought": "full_code_test",
            "plea_anticipated": "not_guilty",
            "unused_material_nil_return": True,
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["decision_sought"], body["plea_anticipated"]) == ("full_code_test", "not_guilty")
    assert body["unused_material_nil_return_by"] == {
        "id": personas.officer.pk,
        "full_name": "Dana Officer",
    }
    assert body["unused_material_nil_return_at"] is not None
    checklist = api.get(f"{CASES}{case.pk}/checklist/").json()
    labels = {item["label"]: item["done"] for item in checklist["items"]}
    assert labels[SCHEDULES_OR_SIGNED_NIL_RETURN] is True
    assert labels[MG6E] is False


def test_the_api_creates_a_threshold_test_case(personas: Personas) -> None:
    api = Api(personas.officer)

    response = api.post(CASES, {"urn": "46KA0000326", "decision_sought": "threshold_test"})

    assert response.status_code == 201, response.content
    assert response.json()["decision_sought"] == "threshold_test"
    assert response.json()["plea_anticipated"] == ""
    assert response.json()["unused_material_nil_return_by"] is None
    checklist = api.get(f"{CASES}{response.json()['id']}/checklist/").json()
    assert DISCLOSABLE_LIST in {item["label"] for item in checklist["items"]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "decision_sought",
            "crown_court",
            "Choose the decision sought from: full_code_test, threshold_test",
        ),
        (
            "plea_anticipated",
            "maybe",
            "Choose the plea anticipated from: not_guilty, guilty, unknown",
        ),
        ("decision_sought", 7, "Choose the decision sought from: full_code_test, threshold_test"),
    ],
)
def test_the_api_refuses_a_bad_value_with_a_clear_400_and_changes_nothing(
    personas: Personas, field: str, value: Any, message: str
) -> None:
    case = case_create(personas.officer)

    response = Api(personas.officer).patch(
        f"{CASES}{case.pk}/",
        # A good change alongside the bad one is not saved either.
        {"version": case.version, "dg6_category": "red", field: value},
    )

    assert response.status_code == 400
    assert message in str(response.json())
    after = refresh(case)
    assert (after.decision_sought, after.plea_anticipated, after.dg6_category) == (
        "",
        "",
        "green",
    )
    assert after.version == case.version


def test_the_api_does_not_let_a_client_sign_in_someone_elses_name(personas: Personas) -> None:
    case = case_create(personas.officer)

    response = Api(personas.officer).patch(
        f"{CASES}{case.pk}/",
        {
            "version": case.version,
            "unused_material_nil_return": True,
            "unused_material_nil_return_by": personas.colleague.pk,
        },
    )

    assert response.status_code == 400
    assert "unused_material_nil_return_by" in str(response.json())
    after = refresh(case)
    assert after.unused_material_nil_return is False
    assert after.unused_material_nil_return_by is None
