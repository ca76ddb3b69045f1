"""PDFs from HTML (WeasyPrint) that fetch nothing but the service's own static files.

WeasyPrint follows every URL in the HTML it lays out: stylesheets, images,
fonts, SVG ``<image>`` links, attachments. A letter or report built from case
data must never read ``file:///etc/passwd`` into a PDF, nor make the server
call ``http://127.0.0.1:…`` or any other address for whoever wrote the text.
``pdf_render`` gives WeasyPrint a fetcher that answers only:

- our static files, by their ``{% static %}`` URL: read from the collected
  static root (production) or through the staticfiles finders (development),
  never over the network;
- the exact ``data:`` URLs the caller names (charts it drew itself).

Anything else is refused, and WeasyPrint leaves that resource out.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

logger = logging.getLogger(__name__)

# The base URL relative links resolve against. ``.invalid`` never resolves
# (RFC 2606), and nothing under it is fetched: the fetcher maps its static
# URLs to files on disk.
BASE_URL = "https://pdf.invalid/"


class FetchRefused(ValueError):
    """A URL the PDF may not load."""


def _static_file(name: str) -> Path | None:
    """The file behind a static URL's name, from the collected static root or
    the finders; ``None`` if there is none. Both refuse names that climb out
    of their folders."""
    try:
        collected = Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):
        collected = None
    if collected is not None and collected.is_file():
        return collected
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if isinstance(found, str) and Path(found).is_file():
        return Path(found)
    return None


def _url_fetcher(allowed_data_urls: frozenset[str]) -> Any:
    # WeasyPrint is imported when a PDF is rendered, not by every process
    # that imports this module.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_prefix = BASE_URL.rstrip("/") + settings.STATIC_URL

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                if url in allowed_data_urls:
                    return super().fetch(url, headers)
                raise self.refuse(url)
            if url.startswith(static_prefix):
                name = unquote(url.removeprefix(static_prefix).split("?", 1)[0].split("#", 1)[0])
                path = _static_file(name)
                if path is None:
                    raise self.refuse(url)
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, path.read_bytes(), headers={"Content-Type": content_type}
                )
            raise self.refuse(url)

        @staticmethod
        def refuse(url: str) -> FetchRefused:
            # The URL's scheme only: the rest may be case text.
            logger.warning("A PDF asked for a %s URL; refused.", url.split(":", 1)[0][:10])
            return FetchRefused("Only the service's own static files may be loaded")

    return StaticOnlyFetcher()


def pdf_render(html: str, *, allowed_data_urls: Iterable[str] = (), **options: Any) -> bytes:
    """The PDF of ``html``, which may link our static files by their
    ``{% static %}`` URL and embed the ``data:`` URLs in ``allowed_data_urls``
    (nothing else is loaded). ``options`` go to WeasyPrint's ``write_pdf``."""
    from weasyprint import HTML

    document = HTML(
        string=html, base_url=BASE_URL, url_fetcher=_url_fetcher(frozenset(allowed_data_urls))
    )
    pdf: bytes | None = document.write_pdf(**options)
    if pdf is None:  # only when given a target to write to
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
