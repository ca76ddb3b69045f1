"""What a file really is, read from its bytes.

Case material is accepted in six formats only. The type comes from the
content, and must agree with the file's extension: an HTML page or a script
named ``statement.pdf`` is refused. The checks are exact signatures (and, for
DOCX and ODT, the ZIP package's own manifest), not the guesswork of a general
"magic" library, because the list is short and a wrong "yes" is the failure
that matters.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePath

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
JPEG = "image/jpeg"
PNG = "image/png"
TEXT = "text/plain"

EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".odt": ODT,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".txt": TEXT,
}
ACCEPTED = "PDF, DOCX, ODT, JPEG, PNG or plain text"

# Markup that a browser would run or render if it ever sniffed the file.
_ACTIVE_MARKERS = (b"<script", b"<html", b"<!doctype", b"<svg", b"<iframe", b"<?php", b"<body")


# What ``zipfile`` raises on a damaged or crafted package (a bad CRC, an
# unknown compression method or version, encryption, a truncated stream, a
# negative offset): each means "not a document we accept", never a 500.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
)


class UnsupportedFile(ValueError):
    pass


def _zip_names(data: bytes) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        return None


def _zip_entry_head(package: zipfile.ZipFile, name: str, size: int = 100) -> bytes:
    """The first ``size`` bytes of one entry, or b"" if it cannot be read.

    Never the whole entry: a crafted upload can make a few kilobytes expand
    to gigabytes (a "zip bomb"), and only the first bytes are needed.
    """
    try:
        with package.open(name) as entry:
            return entry.read(size)
    except _ZIP_ERRORS:
        return b""


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        package = _zip_names(data)
        if package is None:
            return None
        names = set(package.namelist())
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
        if "mimetype" in names and _zip_entry_head(package, "mimetype").strip() == ODT.encode():
            return ODT
        return None
    head = data[:8192]
    if b"\x00" in head:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lowered = text[:8192].lower().encode()
    if any(marker in lowered for marker in _ACTIVE_MARKERS):
        return None
    return TEXT


def detect_file_type(data: bytes, name: str) -> str:
    """The content type of ``data``, if it is an accepted format matching the
    extension of ``name``; ``UnsupportedFile`` with a clear message otherwise."""
    extension = PurePath(name).suffix.lower()
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise UnsupportedFile(f"The selected file must be a {ACCEPTED}")
    actual = _sniff(data)
    if actual != expected:
        raise UnsupportedFile(
            f"The selected file is not a real {extension.lstrip('.').upper()} file. "
            f"Upload a {ACCEPTED} file"
        )
    return actual
