"""The page on which the officer answers an action plan: each item's answer
is GOV.UK radios (done, not possible), a document is chosen by its title and
number or uploaded in place with the answer, the item reads cleanly, and a
bad answer changes nothing (no answer saved, no document, no file)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Document, DocumentKind
from charging.action_plans import services
from charging.action_plans.forms import document_label
from charging.action_plans.models import ActionPlan, ActionPlanItemStatus, ActionPlanStatus
from tests.cases.factories import PDF_BYTES, upload
from tests.charging.action_plans.test_services import allocated_case, drafted, in_a_fortnight
from tests.conftest import Personas
from tests.support import client_for, html_of

pytestmark = pytest.mark.django_db


def answer_url(plan: ActionPlan) -> str:
    return reverse("charging:plan-answer", args=[plan.case_id, plan.pk])


def stored_files() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "documents"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def plan_of(personas: Personas, *whats: str) -> ActionPlan:
    case = allocated_case(personas)
    plan = services.action_plan_draft(
        actor=personas.prosecutor,
        case=case,
        required_by=in_a_fortnight(),
        items=[{"what": w, "why": "It shows the route.", "evidential_issue": "ID"} for w in whats],
    )
    return services.action_plan_issue(actor=personas.prosecutor, plan=plan)


def pdf(name: str = "cctv.pdf", data: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_each_item_is_answered_with_radios_and_reads_cleanly(personas: Personas) -> None:
    plan = plan_of(personas, "Obtain the CCTV.", "Trace the driver")
    page = html_of(client_for(personas.officer).get(answer_url(plan)))
    for item in plan.items.all():
        name = f"item-{item.pk}-status"
        radios = re.findall(rf'type="radio" name="{name}"[^>]*value="(\w+)"', page)
        assert radios == ["done", "not_possible"]
        assert f'<select name="{name}"' not in page
        assert f'type="file" name="item-{item.pk}-upload"' in page
    assert "Obtain the CCTV." in page
    assert ".." not in page
    assert "It shows the route." in page
    assert 'enctype="multipart/form-data"' in page


def test_documents_are_offered_by_title_and_number(personas: Personas) -> None:
    plan = plan_of(personas, "Obtain the CCTV")
    case = plan.case
    statement = upload(case, personas.officer, DocumentKind.MG11)
    Document.objects.filter(pk=statement.pk).update(title="Statement of the bus driver")
    nameless = upload(case, personas.officer, DocumentKind.EXHIBIT, name="stills.pdf")

    page = html_of(client_for(personas.officer).get(answer_url(plan)))

    assert f"Statement of the bus driver (document {statement.pk}, MG11 witness statement)" in page
    assert f"stills.pdf (document {nameless.pk}, Exhibit)" in page
    assert ", added " not in page


def test_someone_not_entitled_to_titles_sees_the_number_kind_and_date(
    personas: Personas,
) -> None:
    plan = plan_of(personas, "Obtain the CCTV")
    document = upload(plan.case, personas.officer, DocumentKind.MG11)
    Document.objects.filter(pk=document.pk).update(title="Jane's statement")
    document.refresh_from_db()
    label = document_label(document, titles_visible=False)
    assert label.startswith(f"Document {document.pk}: MG11 witness statement, added ")
    assert "Jane" not in label


def test_an_answer_uploads_its_document_in_place(personas: Personas) -> None:
    plan = plan_of(personas, "Obtain the CCTV", "Trace the driver")
    first, second = plan.items.order_by("number")
    client = client_for(personas.officer)
    data = {
        f"item-{first.pk}-status": "done",
        f"item-{first.pk}-answer": "CCTV obtained from the bus company",
        f"item-{first.pk}-kind": DocumentKind.EXHIBIT,
        f"item-{first.pk}-upload": pdf(),
    }

    response = client.post(answer_url(plan), data)

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ActionPlanItemStatus.DONE
    assert first.document is not None
    assert first.document.case_id == plan.case_id
    assert first.document.kind == DocumentKind.EXHIBIT
    assert first.document.original_name == "cctv.pdf"
    assert first.document.title == "Answer to action plan item 1"
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.IN_PROGRESS

    # The same post again (a double click) points at the same document.
    data[f"item-{first.pk}-upload"] = pdf()
    data[f"item-{first.pk}-answer"] = "CCTV obtained from the bus company (3 clips)"
    assert client.post(answer_url(plan), data).status_code == 302
    assert Document.objects.filter(case=plan.case, kind=DocumentKind.EXHIBIT).count() == 1
    second.refresh_from_db()
    assert second.status == ActionPlanItemStatus.OPEN


@pytest.mark.parametrize(
    "bad",
    [
        # The answer to the other item is missing its explanation.
        {"other_answer": ""},
        # The file is not what it says it is.
        {"data": b"MZ this is not a PDF at all"},
        # A new file needs its kind.
        {"kind": ""},
        # A document of the case and a new one at once.
        {"both": True},
        # A document that is not in the list.
        {"document": "999999"},
        # A status that is not offered.
        {"status": "maybe"},
    ],
)
def test_bad_input_changes_nothing(personas: Personas, bad: dict[str, object]) -> None:
    plan = plan_of(personas, "Obtain the CCTV", "Trace the driver")
    first, second = plan.items.order_by("number")
    existing = upload(plan.case, personas.officer, DocumentKind.MG11)
    before = stored_files()
    documents = set(Document.objects.filter(case=plan.case))
    data: dict[str, object] = {
        f"item-{first.pk}-status": bad.get("status", "done"),
        f"item-{first.pk}-answer": "CCTV obtained",
        f"item-{first.pk}-kind": bad.get("kind", DocumentKind.EXHIBIT),
        f"item-{first.pk}-upload": pdf(data=bad.get("data", PDF_BYTES)),  # type: ignore[arg-type]
        f"item-{first.pk}-document": bad.get(
            "document", str(existing.pk) if bad.get("both") else ""
        ),
        f"item-{second.pk}-status": "not_possible",
        f"item-{second.pk}-answer": bad.get("other_answer", "Driver emigrated"),
    }

    response = client_for(personas.officer).post(answer_url(plan), data)

    assert response.status_code in (200, 400, 403)
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert re.search(r"Item [12]: ", page)
    for item in (first, second):
        item.refresh_from_db()
        assert item.status == ActionPlanItemStatus.OPEN
        assert item.document_id is None
    assert set(Document.objects.filter(case=plan.case)) == documents
    assert stored_files() == before
    plan.refresh_from_db()
    assert plan.status == ActionPlanStatus.ISSUED


def test_a_document_without_an_answer_is_asked_for_one(personas: Personas) -> None:
    plan = drafted(personas.prosecutor, allocated_case(personas), n=1)
    plan = services.action_plan_issue(actor=personas.prosecutor, plan=plan)
    item = plan.items.get()
    response = client_for(personas.officer).post(
        answer_url(plan), {f"item-{item.pk}-upload": pdf(), f"item-{item.pk}-kind": "exhibit"}
    )
    assert "Item 1: say whether it is done or not possible" in html_of(response)
    assert not Document.objects.filter(case=plan.case, kind=DocumentKind.EXHIBIT).exists()
