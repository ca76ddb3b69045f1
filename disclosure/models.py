"""The models of the disclosure app, one sub-domain a package: Django finds an
app's models here, so this module imports each sub-domain's. Import a model
from its sub-domain (``disclosure.requests.models``), not from here.

Unused-material schedules and device extraction are to come
(``schedules/``, ``devices/``); victim information requests are in
``requests/``. None of them moves the case's status.
"""

from __future__ import annotations

from disclosure.requests.models import VictimInformationRequest

__all__ = ["VictimInformationRequest"]
