"""Uploading case material: checked by its bytes, size-limited, stored under a random name.

An officer adds material to the file. What is refused gets a clear message and
leaves nothing behind: no Document row, no file under MEDIA_ROOT, no timeline
entry, the same case version. What is accepted is stored under
MEDIA_ROOT/documents with a random name, its SHA-256 and real type recorded.
"""

from __future__ import annotations

import hashlib
import io
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from cases import filetypes, services
from cases.models import CaseFile, Document, DocumentKind
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError
from tests.cases.factories import PDF_BYTES, case_create
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n"
    b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\x0bIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x18\xdd\x8d\xb4"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
TEXT_BYTES = "Statement of the officer in the case — café, naïve, Zoë.\n".encode()


def docx_bytes() -> bytes:
    """The least a word processor calls a DOCX: the package manifest and the body."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        package.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body/></w:document>',
        )
    return buffer.getvalue()


def odt_bytes(mimetype: bytes = filetypes.ODT.encode()) -> bytes:
    """An OpenDocument text: the ``mimetype`` entry first, stored uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        package.writestr(
            "content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED
        )
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("payload/readme.txt", "not a document")
    return buffer.getvalue()


@pytest.fixture
def case(personas: Personas) -> CaseFile:
    return case_create(personas.officer)


def upload(personas: Personas, case: CaseFile, data: bytes, name: str) -> Document:
    return services.document_upload(
        actor=personas.officer,
        case=case,
        kind=DocumentKind.MG11,
        upload=io.BytesIO(data),
        name=name,
        title="Statement",
    )


def files_under_media_root() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def nothing_left_behind(case: CaseFile, version: int, audit_rows: int) -> None:
    case.refresh_from_db()
    assert not Document.objects.exists()
    assert files_under_media_root() == []
    assert case.version == version
    assert not case.events.filter(kind="document_added").exists()
    assert AuditEvent.objects.count() == audit_rows


NOT_ACCEPTED = "The selected file must be a PDF, DOCX, ODT, JPEG, PNG or plain text"


def markup(extension: str, marker: str) -> str:
    return (
        f"The selected {extension} file contains web page markup or script ({marker}), "
        f"so it could be opened as a web page. Upload a {extension} file without it"
    )


def not_real(extension: str) -> str:
    return (
        f"The selected file is not a real {extension} file. "
        "Upload a PDF, DOCX, ODT, JPEG, PNG or plain text file"
    )


REFUSED: list[Any] = [
    pytest.param(b"", "statement.pdf", "The selected file is empty", id="empty"),
    pytest.param(PNG_BYTES, "statement.pdf", not_real("PDF"), id="png-named-pdf"),
    pytest.param(JPEG_BYTES, "photo.png", not_real("PNG"), id="jpeg-named-png"),
    pytest.param(docx_bytes(), "statement.odt", not_real("ODT"), id="docx-named-odt"),
    pytest.param(odt_bytes(), "statement.docx", not_real("DOCX"), id="odt-named-docx"),
    pytest.param(zip_bytes(), "statement.docx", not_real("DOCX"), id="zip-named-docx"),
    pytest.param(zip_bytes(), "statement.odt", not_real("ODT"), id="zip-named-odt"),
    pytest.param(
        odt_bytes(b"application/x-shockwave-flash"), "s.odt", not_real("ODT"), id="odt-wrong-kind"
    ),
    pytest.param(
        b"<!DOCTYPE html><html><body>Statement</body></html>",
        "statement.pdf",
        not_real("PDF"),
        id="html-named-pdf",
    ),
    pytest.param(
        b"<html><script>fetch('/api/v1/cases/')</script></html>",
        "statement.txt",
        markup("TXT", "<html"),
        id="html-named-txt",
    ),
    pytest.param(
        b"Statement\n<script>document.location='https://evil.example/'</script>\n",
        "statement.txt",
        markup("TXT", "<script"),
        id="script-in-txt",
    ),
    pytest.param(
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "diagram.txt",
        markup("TXT", "<svg"),
        id="svg-named-txt",
    ),
    pytest.param(b"#!/bin/sh\nrm -rf /\n", "statement.pdf", not_real("PDF"), id="script-named-pdf"),
    pytest.param(b"MZ\x90\x00\x03\x00\x00\x00", "tool.exe", NOT_ACCEPTED, id="exe"),
    pytest.param(b"<html><body>hi</body></html>", "page.html", NOT_ACCEPTED, id="html"),
    pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg"/>', "x.svg", NOT_ACCEPTED, id="svg"),
    pytest.param(PDF_BYTES, "statement", NOT_ACCEPTED, id="no-extension"),
    pytest.param(PDF_BYTES, "statement.pdf.exe", NOT_ACCEPTED, id="pdf-then-exe"),
    pytest.param(b"\x00\x01\x02binary", "notes.txt", not_real("TXT"), id="binary-named-txt"),
    pytest.param(b"\xff\xfeL\x00a\x00t\x00i\x00n\x00", "notes.txt", not_real("TXT"), id="utf16"),
]


@pytest.mark.parametrize(("data", "name", "message"), REFUSED)
def test_a_file_that_is_not_what_it_claims_is_refused(
    personas: Personas, case: CaseFile, data: bytes, name: str, message: str
) -> None:
    version, audit_rows = case.version, AuditEvent.objects.count()
    with pytest.raises(DomainError) as refusal:
        upload(personas, case, data, name)
    assert str(refusal.value) == message
    nothing_left_behind(case, version, audit_rows)


def test_a_file_over_the_limit_is_refused(
    personas: Personas, case: CaseFile, settings: Any
) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    version, audit_rows = case.version, AuditEvent.objects.count()
    too_big = PDF_BYTES + b"\0" * (1024 * 1024 + 1 - len(PDF_BYTES))
    with pytest.raises(DomainError) as refusal:
        upload(personas, case, too_big, "statement.pdf")
    assert str(refusal.value) == "The selected file must be smaller than 1 MB"
    nothing_left_behind(case, version, audit_rows)

    # Exactly at the limit is accepted.
    upload(personas, case, too_big[:-1], "statement.pdf")
    assert Document.objects.get().size == 1024 * 1024


def test_a_damaged_document_package_is_refused_not_a_server_error(
    personas: Personas, case: CaseFile
) -> None:
    """A bad checksum inside an ODT, an encrypted entry: refused like any other bad file."""
    damaged = bytearray(odt_bytes())
    at = damaged.index(filetypes.ODT.encode())
    damaged[at] ^= 0x01  # the "mimetype" entry no longer matches its CRC
    version, audit_rows = case.version, AuditEvent.objects.count()
    with pytest.raises(DomainError, match="not a real ODT file"):
        upload(personas, case, bytes(damaged), "statement.odt")

    encrypted = bytearray(odt_bytes())
    encrypted[6] |= 0x01  # the "encrypted" flag of the first local header...
    central = encrypted.index(b"PK\x01\x02")
    encrypted[central + 8] |= 0x01  # ...and of its central directory entry
    with pytest.raises(DomainError, match="not a real ODT file"):
        upload(personas, case, bytes(encrypted), "statement.odt")
    nothing_left_behind(case, version, audit_rows)


def test_a_zip_bomb_is_refused_without_being_expanded_in_memory() -> None:
    """An ODT whose ``mimetype`` entry expands to 64 MB: the check streams it
    (a few kilobytes of upload could otherwise exhaust memory) and refuses it
    (tests/cases/test_upload_attacks.py has the rest of the package attacks)."""
    buffer = io.BytesIO()
    chunk = b"\n" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package,
        package.open("mimetype", "w") as entry,
    ):
        entry.write(filetypes.ODT.encode())
        for _ in range(64):
            entry.write(chunk)
    bomb = buffer.getvalue()
    assert len(bomb) < 200_000

    tracemalloc.start()
    try:
        with pytest.raises(filetypes.UnsupportedFile, match="unpacks to over 100 times its size"):
            filetypes.detect_file_type(bomb, "bomb.odt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024


ACCEPTED: list[Any] = [
    pytest.param(PDF_BYTES, "statement.pdf", "application/pdf", id="pdf"),
    pytest.param(PDF_BYTES, "STATEMENT.PDF", "application/pdf", id="pdf-upper-case"),
    pytest.param(JPEG_BYTES, "injury.jpg", "image/jpeg", id="jpg"),
    pytest.param(JPEG_BYTES, "injury.jpeg", "image/jpeg", id="jpeg"),
    pytest.param(PNG_BYTES, "scene.png", "image/png", id="png"),
    pytest.param(docx_bytes(), "mg5.docx", filetypes.DOCX, id="docx"),
    pytest.param(odt_bytes(), "mg5.odt", filetypes.ODT, id="odt"),
    pytest.param(TEXT_BYTES, "notes.txt", "text/plain", id="utf8-text"),
]


@pytest.mark.parametrize(("data", "name", "content_type"), ACCEPTED)
def test_a_real_document_is_stored_under_a_random_name(
    personas: Personas, case: CaseFile, data: bytes, name: str, content_type: str
) -> None:
    version = case.version
    document = upload(personas, case, data, name)

    document.refresh_from_db()
    assert document.content_type == content_type
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.original_name == name
    assert document.uploaded_by == personas.officer
    # The stored name is random: nothing of the original name, no extension.
    stem = Path(name).stem.lower()
    assert stem not in document.stored_name.lower()
    assert "." not in document.stored_name
    assert len(document.stored_name) >= 32
    stored = Path(settings.MEDIA_ROOT) / "documents" / document.stored_name
    assert files_under_media_root() == [stored]
    assert stored.read_bytes() == data

    case.refresh_from_db()
    assert case.version == version + 1
    event = case.events.get(kind="document_added")
    assert event.description == "Document added: MG11 witness statement"
    audit = AuditEvent.objects.get(action="case.document_added")
    assert audit.detail["sha256"] == document.sha256


def test_the_same_file_twice_gets_two_different_stored_names(
    personas: Personas, case: CaseFile
) -> None:
    first = upload(personas, case, PDF_BYTES, "statement.pdf")
    second = upload(personas, case, PDF_BYTES, "statement.pdf")
    assert first.stored_name != second.stored_name
    assert first.sha256 == second.sha256
    assert len(files_under_media_root()) == 2


def test_a_name_with_a_path_cannot_place_the_file(personas: Personas, case: CaseFile) -> None:
    document = upload(personas, case, PDF_BYTES, "../../../etc/cron.d/statement.pdf")
    stored = files_under_media_root()
    assert stored == [Path(settings.MEDIA_ROOT) / "documents" / document.stored_name]


def test_if_recording_the_upload_fails_its_file_is_removed(
    personas: Personas, case: CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    def audit_is_down(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(services, "_record", audit_is_down)
    version, audit_rows = case.version, AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        upload(personas, case, PDF_BYTES, "statement.pdf")
    nothing_left_behind(case, version, audit_rows)


def test_a_document_must_say_what_kind_it_is(personas: Personas, case: CaseFile) -> None:
    version, audit_rows = case.version, AuditEvent.objects.count()
    with pytest.raises(DomainError, match="Choose what kind of document this is"):
        services.document_upload(
            actor=personas.officer,
            case=case,
            kind="love-letter",
            upload=io.BytesIO(PDF_BYTES),
            name="statement.pdf",
        )
    nothing_left_behind(case, version, audit_rows)


@pytest.mark.parametrize(
    "who", ["colleague", "supervisor", "other_force_officer", "prosecutor", "administrator"]
)
def test_only_officers_on_the_case_add_documents(
    personas: Personas, case: CaseFile, who: str
) -> None:
    version, audit_rows = case.version, AuditEvent.objects.count()
    with pytest.raises(DomainError, match="You cannot add documents to this case"):
        services.document_upload(
            actor=getattr(personas, who),
            case=case,
            kind=DocumentKind.MG3,
            upload=io.BytesIO(PDF_BYTES),
            name="mg3.pdf",
        )
    nothing_left_behind(case, version, audit_rows)
