"""Every upload is scanned by a real ClamAV daemon before anything is stored.

The suite's own clamd (tests/conftest.py) loads a signature database of ours
that detects the EICAR test file, since signatures cannot be downloaded here.
A file it flags is refused; when the scanner cannot answer, the upload is
refused too (fail closed), and either way nothing is stored.
"""

from __future__ import annotations

import io
import logging
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CaseFile, Document, DocumentKind
from rasso.audit.models import AuditEvent
from rasso.core import clamd_local, scanning
from rasso.core.errors import DomainError
from tests.cases.factories import PDF_BYTES, case_create
from tests.cases.test_api import Api
from tests.cases.test_documents import docx_bytes, nothing_left_behind, upload
from tests.conftest import ClamdDaemon, Personas, start_clamd
from tests.support import client_for, html_of

pytestmark = pytest.mark.django_db

EICAR = clamd_local.EICAR
INFECTED = (
    "The selected file contains a virus or other malicious content, so it was not stored. "
    "Do not open the original: report it to your IT security team"
)
UNAVAILABLE = (
    "The selected file cannot be checked for viruses at the moment, so it was not stored. "
    "Try again later"
)


@pytest.fixture
def case(personas: Personas) -> CaseFile:
    return case_create(personas.officer)


def refused(personas: Personas, case: CaseFile, data: bytes, name: str, message: str) -> None:
    version, audit_rows = case.version, AuditEvent.objects.count()
    with pytest.raises(DomainError) as refusal:
        upload(personas, case, data, name)
    assert str(refusal.value) == message
    nothing_left_behind(case, version, audit_rows)


def eicar_docx() -> bytes:
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/embeddings/readme.txt", EICAR)
    return buffer.getvalue()


def test_the_eicar_test_file_is_refused(personas: Personas, case: CaseFile) -> None:
    # EICAR is printable ASCII without markup: only the scanner stops it.
    refused(personas, case, EICAR, "notes.txt", INFECTED)


def test_eicar_inside_a_document_package_is_refused(personas: Personas, case: CaseFile) -> None:
    refused(personas, case, eicar_docx(), "statement.docx", INFECTED)


def test_a_clean_file_is_scanned_and_stored(
    personas: Personas, case: CaseFile, clamd_daemon: ClamdDaemon
) -> None:
    scanned_before = clamd_daemon.scans()
    document = upload(personas, case, PDF_BYTES, "statement.pdf")
    assert Document.objects.get() == document
    assert clamd_daemon.scans() == scanned_before + 1


def test_the_scanner_over_tcp_refuses_eicar_too(
    personas: Personas, case: CaseFile, clamd_daemon: ClamdDaemon, settings: Any
) -> None:
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", clamd_daemon.port
    refused(personas, case, EICAR, "notes.txt", INFECTED)
    assert upload(personas, case, PDF_BYTES, "statement.pdf").pk


def test_a_stopped_scanner_refuses_the_upload(
    personas: Personas, case: CaseFile, settings: Any, tmp_path_factory: Any
) -> None:
    """A clamd of this test's own answers, then is stopped: uploads are refused."""
    daemon = start_clamd(tmp_path_factory.mktemp("clamd-stopped"))
    settings.CLAMD_SOCKET = str(daemon.socket)
    try:
        earlier = case_create(personas.officer)
        assert upload(personas, earlier, PDF_BYTES, "first.pdf").case == earlier
    finally:
        daemon.stop()
    stored = sorted(Path(settings.MEDIA_ROOT).rglob("*"))
    version, audit_rows = case.version, AuditEvent.objects.count()
    with pytest.raises(DomainError) as refusal:
        upload(personas, case, PDF_BYTES, "statement.pdf")
    assert str(refusal.value) == UNAVAILABLE
    case.refresh_from_db()
    assert (case.version, AuditEvent.objects.count()) == (version, audit_rows)
    assert not Document.objects.filter(case=case).exists()
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == stored


@pytest.mark.parametrize(
    "where",
    [
        pytest.param({"CLAMD_SOCKET": "/nonexistent/clamd.sock"}, id="no-socket"),
        pytest.param({"CLAMD_SOCKET": "", "CLAMD_HOST": "127.0.0.1", "CLAMD_PORT": 9}, id="tcp"),
    ],
)
def test_an_unreachable_scanner_refuses_the_upload(
    personas: Personas, case: CaseFile, settings: Any, where: dict[str, Any]
) -> None:
    for name, value in where.items():
        setattr(settings, name, value)
    refused(personas, case, PDF_BYTES, "statement.pdf", UNAVAILABLE)


@pytest.fixture
def silent_scanner(tmp_path: Path) -> Iterator[Path]:
    """A socket that accepts the connection and never answers."""
    path = tmp_path / "silent.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(4)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield path
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_scanner_that_does_not_answer_in_time_refuses_the_upload(
    personas: Personas, case: CaseFile, settings: Any, silent_scanner: Path
) -> None:
    settings.CLAMD_SOCKET, settings.CLAMD_TIMEOUT_SECONDS = str(silent_scanner), 0.5
    refused(personas, case, PDF_BYTES, "statement.pdf", UNAVAILABLE)


def test_a_file_longer_than_the_scanner_takes_is_refused(
    personas: Personas, case: CaseFile, settings: Any, tmp_path_factory: Any
) -> None:
    daemon = start_clamd(tmp_path_factory.mktemp("clamd-short"), stream_max_length="1K")
    try:
        settings.CLAMD_SOCKET = str(daemon.socket)
        refused(personas, case, PDF_BYTES + b"\n" * 4096, "statement.pdf", UNAVAILABLE)
    finally:
        daemon.stop()


def test_without_a_scanner_configured_production_refuses_every_upload(
    personas: Personas, case: CaseFile, settings: Any
) -> None:
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    settings.DEBUG = False
    refused(personas, case, PDF_BYTES, "statement.pdf", UNAVAILABLE)


def test_without_a_scanner_configured_development_stores_unscanned_with_a_warning(
    personas: Personas, case: CaseFile, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    settings.DEBUG = True
    with caplog.at_level(logging.WARNING, logger="rasso.core.scanning"):
        assert upload(personas, case, EICAR, "notes.txt").pk
    assert "not scanned for viruses" in caplog.text


def test_the_deploy_check_requires_a_scanner(settings: Any) -> None:
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    assert [error.id for error in scanning.check_scanner_configured(None)] == ["rasso.E001"]
    settings.CLAMD_HOST = "clamav"
    assert scanning.check_scanner_configured(None) == []


def test_the_browser_shows_why_an_infected_file_was_refused(personas: Personas) -> None:
    case = case_create(personas.officer)
    response = client_for(personas.officer).post(
        reverse("cases:documents", args=[case.pk]),
        {"kind": DocumentKind.MG11, "title": "", "upload": SimpleUploadedFile("notes.txt", EICAR)},
    )
    html = html_of(response)
    assert "There is a problem" in html
    assert "contains a virus or other malicious content" in html
    assert not Document.objects.exists()


def test_the_api_refuses_an_infected_file_with_the_message(personas: Personas) -> None:
    case = case_create(personas.officer)
    response = Api(personas.officer).client.post(
        f"/api/v1/cases/{case.pk}/documents/",
        {"kind": DocumentKind.MG11, "file": SimpleUploadedFile("notes.txt", EICAR)},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": INFECTED}
    assert not Document.objects.exists()
