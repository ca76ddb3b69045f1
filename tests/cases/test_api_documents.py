"""Documents over the API: uploaded by those on the case, checked by their
bytes, refused with a clear message and nothing left behind, and downloaded
only through a permission-checked, audited view."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import DjangoAssertNumQueries

from cases import services
from cases.models import CaseFile, Document, DocumentKind
from rasso.audit.models import AuditEvent
from tests.cases.factories import PDF_BYTES, case_create, submitted_case, upload
from tests.cases.test_api import Api, outsiders
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def documents_url(case: CaseFile) -> str:
    return f"/api/v1/cases/{case.pk}/documents/"


def send(api: Api, case: CaseFile, name: str, data: bytes, kind: str = "mg3", **extra: Any) -> Any:
    file = SimpleUploadedFile(name, data, content_type="application/pdf")
    return api.client.post(documents_url(case), {"kind": kind, "file": file, **extra})


def files_on_disk() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_officer_uploads_a_document(personas: Personas) -> None:
    case = case_create(personas.officer)
    api = Api(personas.officer)
    response = send(api, case, "statement.pdf", PDF_BYTES, title="First account")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "mg3"
    assert body["title"] == "First account"
    assert body["original_name"] == "statement.pdf"
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(PDF_BYTES)
    assert body["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert body["uploaded_by"]["id"] == personas.officer.pk
    assert response["Location"] == body["download_url"]
    # Stored under a random name, nothing taken from the user.
    [stored] = files_on_disk()
    assert stored.read_bytes() == PDF_BYTES
    assert "statement" not in stored.name
    listed = api.get(documents_url(case)).json()
    assert [d["id"] for d in listed["results"]] == [body["id"]]
    case.refresh_from_db()
    assert case.version == 2
    assert case.events.filter(kind="document_added").exists()


def test_download_is_an_audited_attachment_that_is_never_sniffed(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    document = case.documents.get(kind=DocumentKind.MG3)
    url = f"{documents_url(case)}{document.pk}/download/"
    services.case_allocate_prosecutor(
        actor=personas.cps_spoc, case=case, prosecutor=personas.prosecutor
    )
    # Those entitled to the complainant's identity: case material names them.
    for user in (personas.officer, personas.prosecutor):
        # Whatever the client says it accepts, it gets the file.
        response = Api(user).client.get(url, headers={"Accept": "application/pdf"})
        assert response.status_code == 200, response.content
        assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="doc.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
    downloads = AuditEvent.objects.filter(action="document.download")
    assert [e.actor for e in downloads.order_by("id")] == [
        personas.officer,
        personas.prosecutor,
    ]
    for user in (personas.supervisor, personas.cps_spoc):
        assert Api(user).client.get(url).status_code == 404
    assert downloads.count() == 2
    event = downloads.first()
    assert event is not None
    assert (event.object_type, event.object_id) == ("cases.document", str(document.pk))
    assert event.detail == {"case": case.pk}


def test_outsiders_can_neither_upload_nor_download(personas: Personas) -> None:
    case = submitted_case(personas.officer)
    document = case.documents.get(kind=DocumentKind.MG3)
    on_disk = sorted(files_on_disk())
    for who, user in outsiders(personas).items():
        api = Api(user)
        download = api.get(f"{documents_url(case)}{document.pk}/download/")
        assert download.status_code == 404, who
        assert send(api, case, "x.pdf", PDF_BYTES).status_code == 404, who
    assert not AuditEvent.objects.filter(action="document.download").exists()
    assert sorted(files_on_disk()) == on_disk
    assert case.documents.count() == 6


def test_a_document_of_another_case_is_404(personas: Personas) -> None:
    mine = case_create(personas.officer)
    theirs = submitted_case(personas.other_force_officer, "Durham")
    document = theirs.documents.first()
    assert document is not None
    response = Api(personas.officer).get(f"{documents_url(mine)}{document.pk}/download/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param("statement.pdf", b"", "The selected file is empty", id="empty"),
        pytest.param(
            "statement.pdf",
            PNG_BYTES,
            "The selected file is not a real PDF file",
            id="an image behind a PDF name",
        ),
        pytest.param(
            "statement.pdf",
            b"<!DOCTYPE html><html><body>Statement</body></html>",
            "The selected file is not a real PDF file",
            id="HTML disguised as a PDF",
        ),
        pytest.param(
            "statement.pdf",
            b"<script>fetch('/api/v1/cases/')</script>",
            "The selected file is not a real PDF file",
            id="a script disguised as a PDF",
        ),
        pytest.param(
            "notes.txt",
            b"Notes <script>alert(1)</script>",
            "The selected TXT file contains web page markup or script (<script)",
            id="a script disguised as text",
        ),
        pytest.param(
            "statement.docx",
            b"PK\x03\x04not really a zip",
            "The selected file is not a real DOCX file",
            id="a broken DOCX",
        ),
        pytest.param(
            "run.exe", PDF_BYTES, "The selected file must be a PDF, DOCX", id="an unknown type"
        ),
    ],
)
def test_refused_files_get_a_clear_message_and_leave_nothing(
    personas: Personas, name: str, data: bytes, message: str
) -> None:
    case = case_create(personas.officer)
    response = send(Api(personas.officer), case, name, data)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert files_on_disk() == []
    assert not Document.objects.exists()
    case.refresh_from_db()
    assert case.version == 1


def test_a_file_over_the_size_limit_is_refused(personas: Personas, settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    case = case_create(personas.officer)
    api = Api(personas.officer)
    too_big = PDF_BYTES + b"\n" * (settings.DOCUMENT_MAX_BYTES + 1 - len(PDF_BYTES))
    response = send(api, case, "statement.pdf", too_big)
    assert response.status_code == 400
    assert response.json() == {"detail": "The selected file must be smaller than 1 MB"}
    assert files_on_disk() == []
    assert not Document.objects.exists()
    just_fits = too_big[:-1]
    assert send(api, case, "statement.pdf", just_fits).status_code == 201


def test_those_who_may_see_but_not_add_are_refused_and_nothing_is_kept(
    personas: Personas,
) -> None:
    case = submitted_case(personas.officer)
    before = sorted(files_on_disk())
    response = send(Api(personas.cps_spoc), case, "advice.pdf", PDF_BYTES)
    assert response.status_code == 403
    assert response.json() == {"detail": "You cannot add documents to this case"}
    assert sorted(files_on_disk()) == before
    assert case.documents.count() == 6


def test_an_upload_needs_a_kind_and_a_file(personas: Personas) -> None:
    case = case_create(personas.officer)
    api = Api(personas.officer)
    no_file = api.client.post(documents_url(case), {"kind": "mg3"})
    assert no_file.status_code == 400
    assert "file" in no_file.json()
    bad_kind = send(api, case, "statement.pdf", PDF_BYTES, kind="novel")
    assert bad_kind.json() == {"kind": ["Choose what kind of document this is"]}
    as_json = api.post(documents_url(case), {"kind": "mg3"})
    assert as_json.status_code == 415
    assert files_on_disk() == []


def test_a_missing_file_on_disk_is_a_404_not_a_500(personas: Personas) -> None:
    case = case_create(personas.officer)
    document = upload(case, personas.officer, DocumentKind.MG3)
    for path in files_on_disk():
        path.unlink()
    response = Api(personas.officer).get(f"{documents_url(case)}{document.pk}/download/")
    assert response.status_code == 404
    assert response.json() == {"detail": "The file for this document is missing"}
    assert not AuditEvent.objects.filter(action="document.download").exists()


def test_unauthenticated_uploads_and_downloads_are_401(client: Client, personas: Personas) -> None:
    case = case_create(personas.officer)
    document = upload(case, personas.officer, DocumentKind.MG3)
    assert client.get(f"{documents_url(case)}{document.pk}/download/").status_code == 401
    file = SimpleUploadedFile("x.pdf", PDF_BYTES)
    assert client.post(documents_url(case), {"kind": "mg3", "file": file}).status_code == 401
    assert case.documents.count() == 1


def test_the_document_list_costs_the_same_queries_for_50_as_for_5(
    personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    case = case_create(personas.officer)
    for _ in range(5):
        upload(case, personas.officer, DocumentKind.EXHIBIT)
    api = Api(personas.officer)
    url = documents_url(case)
    api.get(url)
    with CaptureQueriesContext(connection) as five:
        api.get(url)
    for _ in range(45):
        upload(case, personas.officer, DocumentKind.EXHIBIT)
    # 1 token, 1 memberships, 1 case, 1 audit row (a view of the case),
    # 1 count, 1 page of documents with their uploaders.
    with django_assert_max_num_queries(7):
        response = api.get(url)
    assert len(response.json()["results"]) == 50
    with CaptureQueriesContext(connection) as fifty:
        api.get(url)
    assert len(fifty) == len(five)
