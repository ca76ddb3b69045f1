"""Every read of device extractions.

An extraction says what is sought from a complainant's or a witness's phone
and why: it is as restricted as the complainant's identity (DESIGN.md §3).
``extractions_visible_to`` is the one read path: on the cases the user may
see, those whose complainants' identity they are entitled to
(``cases.rules.cases_with_identity_visible``: the OIC, the officers granted
the case, the prosecutor on it). Nobody else — a supervisor or SPOC, a CPS
SPOC, panel members and managers — sees one, and fetching one answers 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cases import rules as case_rules
from cases.models import CaseFile
from disclosure.devices.models import DeviceExtraction
from rasso.accounts.models import User, Viewer


def _entitled_case_ids(user: User) -> set[int]:
    """The cases with extractions that ``user`` may see with the complainants'
    identity: two queries at most (the cases, then the grants), whatever
    their number. Only cases that hold an extraction are read."""
    cases = (
        CaseFile.objects.visible_to(user)
        .filter(pk__in=DeviceExtraction.objects.values("case_id"))
        .only("pk", "force", "cps_area", "oic", "prosecutor")
    )
    return case_rules.cases_with_identity_visible(user, cases)


def extractions_visible_to(user: Viewer) -> QuerySet[DeviceExtraction]:
    # A visitor who is not signed in, and a disabled account (a leaver), see none.
    if not isinstance(user, User) or not user.is_active:
        return DeviceExtraction.objects.none()
    return DeviceExtraction.objects.filter(case_id__in=sorted(_entitled_case_ids(user)))


_RELATED = ("case", "case__force", "case__cps_area", "complainant", "created_by")


def extraction_get(user: Viewer, pk: int, case_pk: int | None = None) -> DeviceExtraction:
    """One extraction the user may see, or 404 (its existence is not revealed)."""
    qs = extractions_visible_to(user).select_related(*_RELATED)
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    try:
        return qs.get(pk=pk)
    except DeviceExtraction.DoesNotExist:
        raise Http404("No such device extraction") from None


def extractions_list(user: Viewer, case_pk: int | None = None) -> QuerySet[DeviceExtraction]:
    qs = extractions_visible_to(user).select_related(*_RELATED)
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    return qs.order_by("-created_at", "-id")
