"""gunicorn's settings for the web process: the Dockerfile's CMD and
docker-compose's web service run ``gunicorn --config gunicorn.conf.py``, with
their other options on the command line.

gunicorn names itself in a ``Server`` header on every answer and has no
setting to stop it; a banner tells a prober which server and version to aim
at, so the header is dropped here, before any worker answers.
"""

from __future__ import annotations

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self: wsgi.Response) -> list[str]:
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
