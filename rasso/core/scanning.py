"""Virus scanning of uploaded files by ClamAV's daemon, failing closed.

Every upload is streamed to clamd (its INSTREAM command, through the clamdpy
client) before anything of it is stored. A file clamd flags is refused; so is
every upload while clamd cannot give an answer (not configured, not running,
too slow, or refusing the stream): nothing unscanned is stored.

Where clamd is: ``CLAMD_SOCKET`` (a Unix socket) or ``CLAMD_HOST`` and
``CLAMD_PORT`` (TCP). The one exception to failing closed is development: with
``DEBUG`` on and neither set, uploads are stored unscanned with a warning in
the log. With ``DEBUG`` off an unset scanner refuses every upload, and
``check --deploy`` reports it.
"""

from __future__ import annotations

import hashlib
import io
import logging
from typing import Any

from clamdpy import ClamdNetworkSocket, ClamdUnixSocket
from clamdpy.exceptions import ClamdException
from django.conf import settings
from django.core import checks

logger = logging.getLogger(__name__)

# clamd reads the stream in chunks of this size (well under its StreamMaxLength).
_CHUNK = 64 * 1024

INFECTED = (
    "The selected file contains a virus or other malicious content, so it was not stored. "
    "Do not open the original: report it to your IT security team"
)
UNAVAILABLE = (
    "The selected file cannot be checked for viruses at the moment, so it was not stored. "
    "Try again later"
)


class ScanRefused(Exception):
    """An upload refused by the scan; the message is for the person uploading."""


class InfectedFile(ScanRefused):
    pass


class ScannerUnavailable(ScanRefused):
    pass


def _scanner() -> ClamdNetworkSocket | None:
    timeout = float(settings.CLAMD_TIMEOUT_SECONDS)
    if settings.CLAMD_SOCKET:
        return ClamdUnixSocket(settings.CLAMD_SOCKET, timeout=timeout, max_chunk_size=_CHUNK)
    if settings.CLAMD_HOST:
        return ClamdNetworkSocket(
            settings.CLAMD_HOST, int(settings.CLAMD_PORT), timeout=timeout, max_chunk_size=_CHUNK
        )
    return None


def scan(data: bytes) -> None:
    """Return if clamd finds ``data`` clean; raise ``InfectedFile`` if it
    flags it and ``ScannerUnavailable`` if it cannot say."""
    digest = hashlib.sha256(data).hexdigest()
    scanner = _scanner()
    if scanner is None:
        if settings.DEBUG:
            logger.warning(
                "upload %s stored but not scanned for viruses: set CLAMD_SOCKET or CLAMD_HOST",
                digest,
            )
            return
        logger.error("upload %s refused: no virus scanner (CLAMD_SOCKET, CLAMD_HOST)", digest)
        raise ScannerUnavailable(UNAVAILABLE)
    try:
        result = scanner.instream(io.BytesIO(data))
    except (ClamdException, OSError) as error:
        logger.error("upload %s refused: the virus scanner did not answer (%r)", digest, error)
        raise ScannerUnavailable(UNAVAILABLE) from None
    if result.status == "FOUND":
        logger.warning("upload %s refused: the virus scanner found %s", digest, result.reason)
        raise InfectedFile(INFECTED)
    if result.status != "OK":
        logger.error("upload %s refused: the virus scanner failed (%s)", digest, result.reason)
        raise ScannerUnavailable(UNAVAILABLE)


def check_scanner_configured(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """``check --deploy``: a deployment must say where clamd is."""
    if settings.CLAMD_SOCKET or settings.CLAMD_HOST:
        return []
    return [
        checks.Error(
            "No virus scanner is configured, so every upload will be refused.",
            hint="Set CLAMD_SOCKET (a Unix socket) or CLAMD_HOST and CLAMD_PORT to clamd.",
            id="rasso.E001",
        )
    ]


checks.register(check_scanner_configured, checks.Tags.security, deploy=True)
