"""Sending a document to the person who asked for it: the one way both the
pages and the API do it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.cache import patch_cache_control

from cases import services
from cases.models import Document
from rasso.audit.services import audit_record


def document_response(request: HttpRequest | Any, document: Document) -> FileResponse | None:
    """The document as an attachment the browser will neither render nor
    sniff, never cached, and the download audited; None when its file is
    missing from storage (the caller answers 404 in its own way).

    ``document`` must come from ``cases.selectors.document_get``, which has
    already checked that the user may see it.
    """
    try:
        handle = services.document_storage().open(document.stored_name, "rb")
    except FileNotFoundError:
        return None
    audit_record(
        actor=request.user,
        action="document.download",
        obj=document,
        request=request,
        detail={"case": document.case_id},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Case material must not linger in shared or browser caches.
    patch_cache_control(response, private=True, no_store=True)
    return response
