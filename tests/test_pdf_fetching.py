"""A PDF fetches nothing but the service's own static files.

Letters and reports are laid out by WeasyPrint, which follows every URL in
their HTML. Text a user wrote must not make the server read its own files into
a PDF, nor call an address on its network: ``file://``, ``http(s)://`` and
``data:`` URLs are refused (a data: URL only when the caller drew it itself),
and our stylesheets and images still load, from disk.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.templatetags.static import static
from PIL import Image
from pypdf import PdfReader

from rasso.core.pdf import pdf_render

PNG_DATA_URL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
)


def images_in(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_width_mm(pdf: bytes) -> float:
    return float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width) * 25.4 / 72


class Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"@page { size: A5 }")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    """A server on this machine, as an attacker would aim a PDF at: it must
    receive no request."""
    Recorder.requests = []
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def own_static(settings: Any, tmp_path: Path) -> Path:
    """A static folder of the test's own: a stylesheet and an image."""
    folder = tmp_path / "static"
    (folder / "pdf").mkdir(parents=True)
    (folder / "pdf" / "a5.css").write_text("@page { size: A5 }")
    Image.new("RGB", (4, 4), "red").save(folder / "pdf" / "mark.png")
    settings.STATICFILES_DIRS = [folder]
    settings.STATIC_ROOT = tmp_path / "collected"
    return folder


def test_a_file_url_reads_nothing_into_the_pdf(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:the secret line")
    image = tmp_path / "secret.png"
    Image.new("RGB", (4, 4), "red").save(image)
    html = (
        f'<link rel="stylesheet" href="file:///etc/passwd">'
        f'<img src="{image.as_uri()}"><object data="{secret.as_uri()}"></object>'
        f'<link rel="attachment" href="{secret.as_uri()}"><p>Letter</p>'
    )
    pdf = pdf_render(html)
    assert images_in(pdf) == 0
    assert b"the secret line" not in pdf
    assert "the secret line" not in text_of(pdf)


def test_an_http_url_makes_no_request(local_server: str) -> None:
    html = (
        f'<link rel="stylesheet" href="{local_server}/style.css">'
        f'<img src="{local_server}/image.png">'
        f"<style>@import url({local_server}/imported.css);"
        f"p {{ background: url({local_server}/background.png) }}"
        f"@font-face {{ font-family: x; src: url({local_server}/font.woff) }}</style>"
        f'<svg><image href="{local_server}/svg.png" width="4" height="4"/></svg>'
        f'<p style="font-family: x">Letter</p>'
    )
    pdf = pdf_render(html)
    assert Recorder.requests == []
    assert page_width_mm(pdf) > 200  # A4, not the server's A5


def test_a_data_url_is_refused_unless_the_caller_drew_it() -> None:
    html = f'<img src="{PNG_DATA_URL}"><p>Letter</p>'
    assert images_in(pdf_render(html)) == 0
    assert images_in(pdf_render(html, allowed_data_urls=[PNG_DATA_URL])) == 1


def test_our_own_stylesheet_and_images_still_load(own_static: Path) -> None:
    html = (
        f'<link rel="stylesheet" href="{static("pdf/a5.css")}">'
        f'<img src="{static("pdf/mark.png")}"><p>Letter</p>'
    )
    pdf = pdf_render(html)
    assert round(page_width_mm(pdf)) == 148  # A5
    assert images_in(pdf) == 1


def test_a_static_url_cannot_climb_out_of_the_static_folders(own_static: Path) -> None:
    (own_static.parent / "outside.png").write_bytes((own_static / "pdf" / "mark.png").read_bytes())
    for src in ("/static/%2e%2e/outside.png", "/static/..%2Foutside.png", "/static//etc/passwd"):
        assert images_in(pdf_render(f'<img src="{src}"><p>Letter</p>')) == 0, src
