"""Uploads built to attack whoever opens them: refused with a clear message, nothing stored.

Each file is made here, in the test: a DOCX that unpacks to gigabytes (and
one whose package lies about its sizes), packages with too many parts or parts
that overlap, a PDF that is also a web page or a ZIP, an image with script in
it, and text whose markup or binary content starts after the first kilobytes.
The checks read the whole file, and a package's parts by streaming, never
trusting the sizes it declares.
"""

from __future__ import annotations

import functools
import io
import struct
import tracemalloc
import warnings
import zipfile
import zlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import filetypes
from cases.models import CaseFile, DocumentKind
from rasso.audit.models import AuditEvent
from rasso.core.errors import DomainError
from tests.cases.factories import PDF_BYTES, case_create
from tests.cases.test_api import Api
from tests.cases.test_documents import (
    JPEG_BYTES,
    PNG_BYTES,
    docx_bytes,
    nothing_left_behind,
    odt_bytes,
    upload,
)
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"/>'
)
BODY = (
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:body/></w:document>'
)


def docx_with(
    extra: dict[str, bytes] | None = None, *, bomb_bytes: int = 0, parts: int = 0
) -> bytes:
    """A DOCX (manifest and body) with ``extra`` parts stored uncompressed, a part of ``bomb_bytes``
    zeros written in 1 MB pieces (never held in memory whole), and ``parts``
    more tiny parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("word/document.xml", BODY)
        for name, data in (extra or {}).items():
            # Stored as they are (as Word stores images): their bytes are the file's.
            package.writestr(name, data, compress_type=zipfile.ZIP_STORED)
        if bomb_bytes:
            zeros = b"\0" * MB
            with package.open("word/media/image1.png", "w") as entry:
                for _ in range(bomb_bytes // MB):
                    entry.write(zeros)
        for number in range(parts):
            package.writestr(f"word/part{number}.xml", "<p/>")
    return buffer.getvalue()


@functools.cache
def zip_bomb_docx() -> bytes:
    """A DOCX of about a megabyte whose media part unpacks to 1 GB of zeros.

    Built from one compressed megabyte repeated: after a full flush the
    compressor starts afresh, so each further megabyte compresses to the same bytes.
    """
    zeros = b"\0" * MB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = first + again * 1023 + compressor.flush()
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(zeros, crc)
    bomb = raw_zip([*manifest_entries(), ("word/media/image1.png", 8, stream, 1024 * MB, crc)])
    assert len(bomb) < 2 * MB
    return bomb


def raw_zip(entries: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A ZIP written byte by byte, so that it can say what it likes: each entry
    is (name, method, stored bytes, declared size, declared CRC)."""
    local, central = b"", b""
    for name, method, stored, size, crc in entries:
        encoded = name.encode()
        header = struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(stored),
            size,
            len(encoded),
            0,
        )
        central += (
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(stored),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                len(local),
            )
            + encoded
        )
        local += header + encoded + stored
    end = struct.pack(
        "<4sHHHHIIH",
        b"PK\x05\x06",
        0,
        0,
        len(entries),
        len(entries),
        len(central),
        len(local),
        0,
    )
    return local + central + end


def deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def manifest_entries() -> list[tuple[str, int, bytes, int, int]]:
    return [
        (name, 8, deflated(text.encode()), len(text), zlib.crc32(text.encode()))
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", BODY))
    ]


def docx_lying_about_its_size() -> bytes:
    """A DOCX whose media part says it unpacks to 1 KB (with the checksum of
    that first kilobyte) while its compressed stream unpacks to 64 MB: a check
    that trusted the declared size, or stopped reading there, would pass it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = b"".join(compressor.compress(b"\0" * MB) for _ in range(64)) + compressor.flush()
    lie = ("word/media/image1.png", 8, stream, 1024, zlib.crc32(b"\0" * 1024))
    forged = raw_zip([*manifest_entries(), lie])
    # zipfile itself, which stops at the declared size, reads it as 1 KB of zeros.
    with zipfile.ZipFile(io.BytesIO(forged)) as check:
        assert check.read("word/media/image1.png") == b"\0" * 1024
    return forged


def docx_with_overlapping_parts() -> bytes:
    """A DOCX whose central directory names the body's data twice, under two
    names: the trick that lets a small file unpack to many times its parts."""
    entries = manifest_entries()
    _, method, stored, size, crc = entries[1]
    forged = bytearray(raw_zip([*entries, ("word/documenT.xml", method, stored, size, crc)]))
    # Point the last central entry at the body's local header.
    body_offset = forged.index(b"PK\x03\x04", 1)
    last = forged.rindex(b"PK\x01\x02")
    struct.pack_into("<I", forged, last + 42, body_offset)
    return bytes(forged)


def pdf_and_html() -> bytes:
    """A PDF that a browser, given the chance, renders as a page that runs script."""
    return (
        b"%PDF-1.4\n1 0 obj<<>>endobj\n"
        b"2 0 obj<</Length 80>>stream\n"
        b"<html><body><script>fetch('/api/v1/cases/').then(r=>r.text())</script></body></html>\n"
        b"endstream endobj\ntrailer<<>>\n%%EOF\n"
    )


def plain_zip(name: str = "payload.html", data: bytes = b"hidden") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(name, data)
    return buffer.getvalue()


def text_with(tail: bytes, *, after: int) -> bytes:
    """Plain text, then ``tail`` once ``after`` bytes have gone by."""
    line = b"The complainant's account, as recorded by the officer in the case.\n"
    body = (line * (after // len(line) + 1))[:after]
    return body + tail + b"\nThe account continues.\n"


def not_real(extension: str) -> str:
    return (
        f"The selected file is not a real {extension} file. "
        "Upload a PDF, DOCX, ODT, JPEG, PNG or plain text file"
    )


def markup(extension: str, marker: str) -> str:
    return (
        f"The selected {extension} file contains web page markup or script ({marker}), "
        f"so it could be opened as a web page. Upload a {extension} file without it"
    )


def also(extension: str, other: str) -> str:
    return (
        f"The selected {extension} file is also a {other} file. "
        f"Upload a file that is only a {extension}"
    )


def unpacks_to_more_than(extension: str, megabytes: int) -> str:
    return (
        f"The selected {extension} file unpacks to more than {megabytes} MB. Upload a smaller file"
    )


PACKAGE_ATTACKS: list[Any] = [
    pytest.param(
        zip_bomb_docx, "statement.docx", unpacks_to_more_than("DOCX", 256), id="zip-bomb-docx"
    ),
    pytest.param(
        docx_lying_about_its_size, "statement.docx", not_real("DOCX"), id="lies-about-its-size"
    ),
    pytest.param(
        lambda: docx_with(parts=filetypes.MAX_PACKAGE_PARTS),
        "statement.docx",
        "The selected DOCX file has more than 5000 parts inside. Upload a smaller file",
        id="too-many-parts",
    ),
    pytest.param(
        lambda: docx_with(bomb_bytes=20 * MB),
        "statement.docx",
        "The selected DOCX file unpacks to over 100 times its size, which no real document "
        "does. Save it again from the program that made it and upload that",
        id="compression-ratio",
    ),
    pytest.param(
        docx_with_overlapping_parts, "statement.docx", not_real("DOCX"), id="overlapping-parts"
    ),
    pytest.param(
        lambda: docx_bytes() + b"trailing data a ZIP reader skips",
        "statement.docx",
        not_real("DOCX"),
        id="data-after-the-package",
    ),
    pytest.param(
        lambda: docx_with({"word/afchunk.html": b"<html><script>alert(1)</script></html>"}),
        "statement.docx",
        markup("DOCX", "<html"),
        id="docx-with-a-web-page-in-a-part",
    ),
    pytest.param(
        lambda: odt_bytes() + pdf_and_html(),
        "statement.odt",
        not_real("ODT"),
        id="odt-then-pdf",
    ),
]


POLYGLOTS: list[Any] = [
    pytest.param(pdf_and_html, "statement.pdf", markup("PDF", "<html"), id="pdf-and-html"),
    pytest.param(
        lambda: PDF_BYTES + b"<!DOCTYPE html><p>hi</p>",
        "statement.pdf",
        markup("PDF", "<!doctype"),
        id="pdf-then-doctype",
    ),
    pytest.param(
        lambda: PDF_BYTES.replace(b"trailer", b"<svg onload=alert(1)>trailer"),
        "statement.pdf",
        markup("PDF", "<svg"),
        id="pdf-with-svg",
    ),
    pytest.param(
        lambda: JPEG_BYTES[:-2] + b"<SCRIPT>alert(1)</SCRIPT>" + JPEG_BYTES[-2:],
        "injury.jpg",
        markup("JPG", "<script"),
        id="jpeg-with-script",
    ),
    pytest.param(
        lambda: PNG_BYTES + b"<html><body>hi</body></html>",
        "scene.png",
        markup("PNG", "<html"),
        id="png-then-html",
    ),
    pytest.param(
        lambda: PDF_BYTES + plain_zip(), "statement.pdf", also("PDF", "ZIP"), id="pdf-and-zip"
    ),
    pytest.param(
        lambda: JPEG_BYTES + plain_zip(), "injury.jpg", also("JPG", "ZIP"), id="jpeg-and-zip"
    ),
    pytest.param(
        lambda: JPEG_BYTES[:-2] + b"%PDF-1.4 1 0 obj<<>>endobj" + JPEG_BYTES[-2:],
        "injury.jpg",
        also("JPG", "PDF"),
        id="jpeg-and-pdf",
    ),
    pytest.param(
        lambda: docx_with({"%PDF-1.4 trailer<<>>": b"x"}),
        "statement.docx",
        also("DOCX", "PDF"),
        id="docx-and-pdf",
    ),
]


TEXT_ATTACKS: list[Any] = [
    pytest.param(
        lambda: text_with(b"<script>alert(1)</script>", after=4 * 1024),
        markup("TXT", "<script"),
        id="script-after-4kb",
    ),
    pytest.param(
        lambda: text_with(b"<script>alert(1)</script>", after=9 * 1024),
        markup("TXT", "<script"),
        id="script-after-9kb",
    ),
    pytest.param(
        lambda: text_with(b"<img src=x onerror=alert(1)>", after=MB),
        markup("TXT", "<img"),
        id="img-after-1mb",
    ),
    pytest.param(
        lambda: text_with(b"<IFRAME SRC=https://evil.example/>", after=20 * 1024),
        markup("TXT", "<iframe"),
        id="iframe-after-20kb",
    ),
    pytest.param(
        lambda: text_with(b"\x00\x01\x02\x03", after=10 * 1024),
        not_real("TXT"),
        id="binary-after-10kb",
    ),
    pytest.param(
        lambda: text_with(b"\x1b]8;;https://evil.example\x07link", after=10 * 1024),
        not_real("TXT"),
        id="terminal-escapes-after-10kb",
    ),
    pytest.param(
        lambda: text_with(b"\xff\xfe not UTF-8", after=10 * 1024),
        not_real("TXT"),
        id="bad-encoding-after-10kb",
    ),
]


def refused_and_nothing_stored(
    personas: Personas, case: CaseFile, data: bytes, name: str, message: str
) -> None:
    version, audit_rows = case.version, AuditEvent.objects.count()
    with pytest.raises(DomainError) as refusal:
        upload(personas, case, data, name)
    assert str(refusal.value) == message
    nothing_left_behind(case, version, audit_rows)


@pytest.fixture
def case(personas: Personas) -> CaseFile:
    return case_create(personas.officer)


@pytest.mark.parametrize(("make", "name", "message"), PACKAGE_ATTACKS)
def test_a_package_that_unpacks_to_too_much_or_hides_things_is_refused(
    personas: Personas, case: CaseFile, make: Any, name: str, message: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = make()
    refused_and_nothing_stored(personas, case, data, name, message)


@pytest.mark.parametrize(("make", "name", "message"), POLYGLOTS)
def test_a_file_that_is_also_another_kind_of_file_is_refused(
    personas: Personas, case: CaseFile, make: Any, name: str, message: str
) -> None:
    refused_and_nothing_stored(personas, case, make(), name, message)


@pytest.mark.parametrize(("make", "message"), TEXT_ATTACKS)
def test_text_is_checked_to_its_last_byte(
    personas: Personas, case: CaseFile, make: Any, message: str
) -> None:
    refused_and_nothing_stored(personas, case, make(), "notes.txt", message)


def test_the_zip_bomb_is_checked_by_streaming_in_little_memory() -> None:
    bomb = zip_bomb_docx()
    tracemalloc.start()
    try:
        with pytest.raises(filetypes.UnsupportedFile, match="unpacks to more than 256 MB"):
            filetypes.detect_file_type(bomb, "statement.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(bomb) + 4 * MB


def test_long_honest_files_are_accepted() -> None:
    """What the checks must not refuse: a long text with angle brackets that are
    not markup, a DOCX with many parts and ordinary compression, an ODT."""
    text = text_with("Height < 6 feet, weight > 60 kg; “quoted” — café.".encode(), after=MB)
    assert filetypes.detect_file_type(text, "notes.txt") == filetypes.TEXT
    xml = b"<w:p><w:r><w:t>" + bytes(range(32, 127)) * 20 + b"</w:t></w:r></w:p>"
    parts = {f"word/media/part{n}.xml": xml for n in range(200)}
    assert filetypes.detect_file_type(docx_with(parts), "mg5.docx") == filetypes.DOCX
    assert filetypes.detect_file_type(odt_bytes(), "mg5.odt") == filetypes.ODT


def test_a_real_pdf_is_not_mistaken_for_a_polyglot() -> None:
    """A PDF made by WeasyPrint from a page that talks about <script> tags."""
    from weasyprint import HTML

    page = "<h1>Evidence</h1><p>The message read &lt;script&gt; and &lt;html&gt;.</p>"
    pdf = HTML(string=page).write_pdf()
    assert pdf is not None
    assert filetypes.detect_file_type(pdf, "statement.pdf") == filetypes.PDF


def test_the_api_refuses_a_zip_bomb_with_the_message(personas: Personas) -> None:
    case = case_create(personas.officer)
    file = SimpleUploadedFile("statement.docx", zip_bomb_docx())
    response = Api(personas.officer).client.post(
        f"/api/v1/cases/{case.pk}/documents/", {"kind": DocumentKind.MG11, "file": file}
    )
    assert response.status_code == 400
    assert "unpacks to more than 256 MB" in response.json()["detail"]
    case.refresh_from_db()
    assert case.version == 1
