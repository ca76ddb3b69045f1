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
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

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

# Limits for the ZIP-based formats (DOCX, ODT): real documents stay far
# inside them, a "zip bomb" does not.
MAX_PACKAGE_PARTS = 5000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed, for any part over a megabyte
_RATIO_FROM = 1024 * 1024
_CHUNK = 64 * 1024

# Markup a browser would render or run if it ever read the file as a page.
# In binary files (PDF, images, packages), only tag names long enough not to
# turn up by chance in compressed bytes, each followed by what ends a tag name.
_BINARY_MARKUP = re.compile(
    rb"<(?:script|html|svg|iframe|body|object|embed|!doctype|\?php)(?=[\s/>])", re.IGNORECASE
)
# In text, any tag a browser's sniffing takes for HTML or that runs script.
_TEXT_MARKUP = re.compile(
    r"<(?:script|html|head|body|svg|math|iframe|frame|frameset|object|embed|applet|img|image"
    r"|video|audio|source|link|meta|style|base|form|input|button|textarea|table|div|span"
    r"|font|title|a|b|p|br|h[1-6]|!doctype|\?php|\?xml)(?=[\s/>])|<!--",
    re.IGNORECASE,
)
# Control characters have no place in plain text (tab, newlines and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

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
    struct.error,
)


class UnsupportedFile(ValueError):
    pass


class _Damaged(Exception):
    """The package is not what a ZIP writer makes: refused as not a real file."""


def _label(name: str) -> str:
    return PurePath(name).suffix.lstrip(".").upper()


def _not_real(name: str) -> UnsupportedFile:
    return UnsupportedFile(
        f"The selected file is not a real {_label(name)} file. Upload a {ACCEPTED} file"
    )


def _too_big(name: str) -> UnsupportedFile:
    return UnsupportedFile(
        f"The selected {_label(name)} file unpacks to more than "
        f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB. Upload a smaller file"
    )


def _zip_names(data: bytes) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        return None


def _zip_entry_head(package: zipfile.ZipFile, name: str, size: int = 100) -> bytes:
    """The first ``size`` bytes of one entry, or b"" if it cannot be read.

    Only after ``_check_package`` has streamed every entry within its limits.
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
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT


# -- packages (DOCX, ODT) ----------------------------------------------------


def _unpack(data: bytes, info: zipfile.ZipInfo, start: int, budget: int, name: str) -> int:
    """Stream one entry's compressed bytes through the decompressor, counting
    what comes out (never trusting the size the package declares) and
    stopping at the first limit passed; return how many bytes it unpacked to."""
    packed = data[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        chunks: Iterator[bytes] = iter([packed])
        decompressor = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
        chunks = _inflate(decompressor, packed)
    else:
        raise _Damaged  # DOCX and ODT use only these two
    produced, crc = 0, 0
    for chunk in chunks:
        produced += len(chunk)
        crc = zlib.crc32(chunk, crc)
        if produced > info.file_size:
            raise _Damaged  # it unpacks to more than it says
        if produced > budget:
            raise _too_big(name)
        if produced > _RATIO_FROM and produced > MAX_RATIO * max(len(packed), 1):
            raise UnsupportedFile(
                f"The selected {_label(name)} file unpacks to over {MAX_RATIO} times its size, "
                "which no real document does. Save it again from the program that made it "
                "and upload that"
            )
    if decompressor is not None and not decompressor.eof:
        raise _Damaged
    if produced != info.file_size or crc != info.CRC:
        raise _Damaged
    return produced


def _inflate(decompressor: Any, packed: bytes) -> Iterator[bytes]:
    view = memoryview(packed)
    for offset in range(0, len(packed), _CHUNK):
        pending = bytes(view[offset : offset + _CHUNK])
        while pending:
            out = decompressor.decompress(pending, _CHUNK)
            yield out
            pending = decompressor.unconsumed_tail
            if decompressor.eof:
                if decompressor.unused_data or offset + _CHUNK < len(packed):
                    raise _Damaged  # bytes after the end of the stream
                return
    yield decompressor.flush()


def _check_package(data: bytes, name: str) -> None:
    """A DOCX or ODT, read from its central directory and then streamed part
    by part: within the limits on parts and unpacked size, each part unpacking
    to exactly what it declares, the parts one after another with nothing
    hidden between, beside or after them."""
    package = _zip_names(data)
    if package is None:
        raise _Damaged
    infos = package.infolist()
    if len(infos) > MAX_PACKAGE_PARTS:
        raise UnsupportedFile(
            f"The selected {_label(name)} file has more than {MAX_PACKAGE_PARTS} parts inside. "
            "Upload a smaller file"
        )
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise _too_big(name)  # as it says itself; streaming below checks it does not lie
    if len({info.filename for info in infos}) != len(infos):
        raise _Damaged  # two parts of one name: readers disagree on which is meant
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if end < 0:
        raise _Damaged
    entries, size, directory = struct.unpack("<HII", data[end + 10 : end + 20])
    (comment,) = struct.unpack("<H", data[end + 20 : end + 22])
    if end + 22 + comment != len(data) or entries != len(infos):
        raise _Damaged  # something after the package, or a ZIP64 package
    if directory + size != end:
        raise _Damaged
    position, budget = 0, MAX_UNPACKED_BYTES
    for info in sorted(infos, key=lambda info: info.header_offset):
        if info.header_offset != position or info.flag_bits & 0x1:
            raise _Damaged  # a gap, an overlap, or an encrypted part
        header = data[position : position + 30]
        if header[:4] != b"PK\x03\x04":
            raise _Damaged
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        local_name = data[position + 30 : position + 30 + name_length]
        if local_name != info.orig_filename.encode(encoding):
            raise _Damaged
        start = position + 30 + name_length + extra_length
        budget -= _unpack(data, info, start, budget, name)
        position = start + info.compress_size
        if info.flag_bits & 0x8:  # a data descriptor follows, with or without its signature
            signed = data[position : position + 4] == b"PK\x07\x08"
            position += 16 if signed else 12
    if position != directory:
        raise _Damaged


# -- polyglots ---------------------------------------------------------------


def _other_kind(data: bytes, actual: str) -> str | None:
    """Another format a reader would find in ``data``: a PDF reader looks for
    its header in the first kilobyte, a ZIP reader for its directory at the end."""
    if actual != PDF and b"%PDF-" in data[:1024]:
        return "PDF"
    if actual not in (DOCX, ODT) and zipfile.is_zipfile(io.BytesIO(data)):
        return "ZIP"
    return None


def _markup(data: bytes, actual: str) -> str | None:
    if actual == TEXT:
        found = _TEXT_MARKUP.search(data.decode("utf-8"))
        return found.group(0).lower() if found else None
    found_bytes = _BINARY_MARKUP.search(data)
    return found_bytes.group(0).decode("ascii").lower() if found_bytes else None


def detect_file_type(data: bytes, name: str) -> str:
    """The content type of ``data``, if it is an accepted format matching the
    extension of ``name``; ``UnsupportedFile`` with a clear message otherwise."""
    extension = PurePath(name).suffix.lower()
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise UnsupportedFile(f"The selected file must be a {ACCEPTED}")
    if (actual := _sniff(data)) != expected:
        raise _not_real(name)
    try:
        if actual in (DOCX, ODT):
            _check_package(data, name)
    except UnsupportedFile:
        raise  # a limit passed, with its own message (it is a ValueError too)
    except (_Damaged, *_ZIP_ERRORS):
        raise _not_real(name) from None
    if actual == TEXT and _CONTROL.search(data.decode("utf-8")):
        raise _not_real(name)
    label = _label(name)
    if other := _other_kind(data, actual):
        raise UnsupportedFile(
            f"The selected {label} file is also a {other} file. "
            f"Upload a file that is only a {label}"
        )
    if marker := _markup(data, actual):
        raise UnsupportedFile(
            f"The selected {label} file contains web page markup or script ({marker}), "
            f"so it could be opened as a web page. Upload a {label} file without it"
        )
    return actual
