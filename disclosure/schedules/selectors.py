"""Every read of unused material: schedules, their items and reviews, the
MG6E, the disclosure management document and the disclosure record sheet.

The schedules describe everything the investigation gathered and did not
use, the sensitive material among it: they are as restricted as the
complainant's identity (DESIGN.md §3). The case's entitled police (the OIC,
the officers granted it) and its prosecutor see them
(``cases.rules.cases_with_identity_visible``); nobody else does, not a
supervisor, a SPOC, a panel member or a manager, and fetching any of it
answers 404.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from cases import rules as case_rules
from cases import selectors as case_selectors
from cases.models import CaseFile
from disclosure.requests import selectors as request_selectors
from disclosure.requests.models import RequestStatus, VictimInformationRequest
from disclosure.schedules.models import (
    DisclosureOfficerReport,
    ItemReview,
    ManagementDocument,
    RecordEntry,
    Schedule,
    ScheduleItem,
)
from rasso.accounts.models import User, Viewer


def _entitled_case_ids(user: User) -> set[int]:
    """The cases holding a schedule whose complainants' identity ``user`` may
    see: two queries at most, whatever their number."""
    cases = (
        CaseFile.objects.visible_to(user)
        .filter(pk__in=Schedule.objects.values("case_id"))
        .only("pk", "force", "cps_area", "oic", "prosecutor")
    )
    return case_rules.cases_with_identity_visible(user, cases)


def schedules_visible_to(user: Viewer) -> QuerySet[Schedule]:
    """The one read path of schedules across cases."""
    if not isinstance(user, User) or not user.is_active:
        return Schedule.objects.none()
    return Schedule.objects.filter(case_id__in=sorted(_entitled_case_ids(user)))


def unused_material_case(user: Viewer, pk: int) -> CaseFile:
    """The case, for a page of its unused material: 404 unless ``user`` may
    see the case and its complainants' identity."""
    case = case_selectors.case_get(user, pk)
    if not isinstance(user, User) or not case_rules.may_see_complainant_identity(user, case):
        raise Http404("No such case")
    return case


def may_see_unused_material(user: User, case: CaseFile) -> bool:
    return case_rules.may_see_complainant_identity(user, case)


def schedules_of(case: CaseFile) -> QuerySet[Schedule]:
    """Every edition of the case's schedules, MG6C first, latest edition first.
    For a case already fetched through ``unused_material_case``."""
    return (
        Schedule.objects.filter(case=case)
        .select_related("nil_return_by")
        .order_by("kind", "-edition")
    )


def schedule_get(case: CaseFile, pk: int) -> Schedule:
    """One edition, with its items and each item's reviews (latest first):
    four queries whatever the number of items."""
    reviews = ItemReview.objects.select_related("reviewed_by").order_by("-reviewed_at", "-id")
    items = ScheduleItem.objects.order_by("number").prefetch_related(
        Prefetch("reviews", queryset=reviews)
    )
    try:
        return (
            Schedule.objects.filter(case=case)
            .select_related("nil_return_by", "served_by", "returned_by", "created_by")
            .prefetch_related(Prefetch("items", queryset=items))
            .get(pk=pk)
        )
    except Schedule.DoesNotExist:
        raise Http404("No such schedule") from None


def item_get(schedule: Schedule, number: int) -> ScheduleItem:
    try:
        return ScheduleItem.objects.select_related("schedule").get(schedule=schedule, number=number)
    except ScheduleItem.DoesNotExist:
        raise Http404("No such item") from None


def item_numbers_of(case: CaseFile) -> set[int]:
    """Every item number the case's schedules hold, in any edition."""
    return set(ScheduleItem.objects.filter(schedule__case=case).values_list("number", flat=True))


def reports_of(case: CaseFile) -> QuerySet[DisclosureOfficerReport]:
    return DisclosureOfficerReport.objects.filter(case=case).order_by("-edition")


def report_get(case: CaseFile, pk: int) -> DisclosureOfficerReport:
    try:
        return (
            DisclosureOfficerReport.objects.filter(case=case)
            .select_related("served_by", "created_by")
            .prefetch_related("entries")
            .get(pk=pk)
        )
    except DisclosureOfficerReport.DoesNotExist:
        raise Http404("No such report") from None


def dmds_of(case: CaseFile) -> QuerySet[ManagementDocument]:
    return ManagementDocument.objects.filter(case=case).order_by("-edition")


def dmd_get(case: CaseFile, pk: int) -> ManagementDocument:
    try:
        return (
            ManagementDocument.objects.filter(case=case)
            .select_related("served_by", "created_by", "agreed_by")
            .get(pk=pk)
        )
    except ManagementDocument.DoesNotExist:
        raise Http404("No such document") from None


def record_sheet_of(case: CaseFile) -> QuerySet[RecordEntry]:
    return RecordEntry.objects.filter(case=case).select_related("recorded_by").order_by("at", "id")


def record_sheet_latest_first(case: CaseFile) -> QuerySet[RecordEntry]:
    """The record sheet newest first, as the API pages it."""
    return (
        RecordEntry.objects.filter(case=case)
        .select_related("recorded_by", "case")
        .order_by("-at", "-id")
    )


# -- third-party material ---------------------------------------------------------


def third_party_material_of(user: User, case: CaseFile) -> QuerySet[VictimInformationRequest]:
    """The case's victim information requests whose material was received and
    reviewed for relevance, in the order received: what an officer may
    schedule the relevant part of. Read through the requests' own read path,
    for a case already fetched through ``unused_material_case``."""
    return (
        request_selectors.requests_list(user, case.pk)
        .filter(status=RequestStatus.REVIEWED)
        .order_by("received_on", "pk")
    )


def items_from_requests(case: CaseFile) -> dict[int, list[tuple[int, int]]]:
    """The case's schedule items made from third-party material, by request:
    (schedule, item number) pairs, every edition's. One query."""
    found: dict[int, list[tuple[int, int]]] = {}
    rows = (
        ScheduleItem.objects.filter(schedule__case=case, from_request__isnull=False)
        .order_by("number", "schedule_id")
        .values_list("from_request_id", "schedule_id", "number")
    )
    for request_id, schedule_id, number in rows:
        found.setdefault(request_id, []).append((schedule_id, number))
    return found


def third_party_material_get(user: User, case: CaseFile, pk: int) -> VictimInformationRequest:
    """One victim information request of the case that ``user`` may see, to
    schedule from (whether it may be is the rule's), or 404."""
    try:
        return request_selectors.requests_list(user, case.pk).get(pk=pk)
    except VictimInformationRequest.DoesNotExist:
        raise Http404("No such request") from None
