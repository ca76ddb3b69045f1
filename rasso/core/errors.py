"""The domain error every service raises, and the refusals built on it.

A service that cannot do what it was asked raises ``DomainError`` with a
sentence saying why; the browser shows it as a GOV.UK error and the API
answers it as a 4xx (``rasso.core.api.exception_handler``). Nothing else is
shown to a user: any other exception is a fault, logged, never echoed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """Something the user asked for that cannot be done; the message says why.

    ``problems`` maps a field to its own message, for a form to show against
    the field and the API beside ``detail``; ``extra`` is data the API adds
    to its answer (a list of what is missing, say)."""

    def __init__(
        self,
        message: str = "",
        *,
        problems: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.problems: dict[str, str] = dict(problems or {})
        self.extra: dict[str, Any] = dict(extra or {})


class StaleVersion(DomainError):
    """Someone else changed the record since this user opened it: nothing was
    saved (a 409 in the API)."""


class Forbidden(DomainError):
    """A rule refused: the user may see the object but may not do this (not
    in their role, or not in the object's present state). The message is the
    rule's reason; the API answers 403 with it, and so does a page. Bad input
    stays a plain ``DomainError`` (400)."""


def refuse(reason: str | None) -> None:
    """Raise a rule's refusal (a rule returns None when the user may act)."""
    if reason:
        raise Forbidden(reason)
