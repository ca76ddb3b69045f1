"""The models of the disclosure app, one sub-domain a package: Django finds an
app's models here, so this module imports each sub-domain's. Import a model
from its sub-domain (``disclosure.requests.models``), not from here.

Unused-material schedules, the MG6E, the disclosure management document
and the disclosure record sheet are in ``schedules/``; victim information
requests are in ``requests/``; device extraction in ``devices/``.
None of them moves the case's status.
"""

from __future__ import annotations

from disclosure.devices.models import DeviceExtraction
from disclosure.requests.models import VictimInformationRequest
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    ItemReview,
    ManagementDocument,
    RecordEntry,
    ReportEntry,
    Schedule,
    ScheduleItem,
)

__all__ = [
    "DeviceExtraction",
    "DisclosureOfficerReport",
    "ItemReview",
    "ManagementDocument",
    "RecordEntry",
    "ReportEntry",
    "Schedule",
    "ScheduleItem",
    "VictimInformationRequest",
]
