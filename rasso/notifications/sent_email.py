"""E-mail sent in development: read back from the files Django's file
back-end writes (``EMAIL_FILE_PATH``, under ``var/``), for the "sent e-mail"
page an administrator sees with ``DJANGO_DEBUG`` on. A deployment sends by
SMTP and has no such files, and the page answers 404 there.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings

# The file back-end writes each message followed by a line of 79 dashes.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass(frozen=True)
class SentEmail:
    sent: datetime | None
    to: str
    subject: str
    body: str


def _read(raw: bytes) -> SentEmail:
    message = email.message_from_bytes(raw.lstrip(b"\n"), policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    body = part.get_content() if part is not None else ""
    try:
        sent = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        sent = None
    return SentEmail(
        sent=sent, to=str(message["To"] or ""), subject=str(message["Subject"] or ""), body=body
    )


def enabled() -> bool:
    return bool(settings.DEBUG) and settings.EMAIL_BACKEND.endswith("filebased.EmailBackend")


def folder() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def sent_emails(limit: int = 200) -> list[SentEmail]:
    """The newest ``limit`` messages, newest first."""
    folder = Path(settings.EMAIL_FILE_PATH)
    if not folder.is_dir():
        return []
    found: list[SentEmail] = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        chunks = [c for c in path.read_bytes().split(SEPARATOR) if c.strip()]
        found.extend(_read(chunk) for chunk in reversed(chunks))
        if len(found) >= limit:
            break
    return found[:limit]
