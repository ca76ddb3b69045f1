"""Every read of cases, built on ``CaseFile.objects.visible_to(user)``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate, Upper
from django.http import Http404
from django.utils import timezone

from cases import rules
from cases.deadlines import DeadlineKind
from cases.models import (
    CaseEvent,
    CaseFile,
    CaseOffence,
    CaseStatus,
    Deadline,
    DeadlineStatus,
    Document,
    Suspect,
    SuspectState,
    normalise_urn,
    visibility_branches,
)
from rasso.accounts.models import Role, User, Viewer
from rasso.accounts.selectors import memberships_of

# Sort keys a list accepts, each backed by an index (with the id to keep
# pages stable); anything else falls back to the default.
SORTS: dict[str, list[str]] = {
    "-updated": ["-updated_at", "-id"],
    "updated": ["updated_at", "id"],
    "urn": ["urn"],
    "-urn": ["-urn"],
    "submitted": ["submitted_at", "id"],
    "-submitted": ["-submitted_at", "-id"],
    # What is due next (a case with nothing open last); kept by the database.
    "due": ["next_due_on", "id"],
    "-due": ["-next_due_on", "-id"],
}
DEFAULT_SORT = "-updated"


@dataclass
class CaseFilters:
    status: str = ""
    offence: int | None = None
    force: int | None = None
    cps_area: int | None = None
    oic: int | None = None
    prosecutor: int | None = None
    reported_from: date | None = None
    reported_to: date | None = None
    overdue: bool = False
    unallocated: bool = False
    q: str = ""
    sort: str = DEFAULT_SORT


def cases_visible(user: Viewer) -> QuerySet[CaseFile]:
    return CaseFile.objects.visible_to(user)


def case_get(user: Viewer, pk: int) -> CaseFile:
    """One case the user may see, or 404 (its existence is not revealed)."""
    try:
        return (
            CaseFile.objects.visible_to(user)
            .select_related(
                "force", "cps_area", "oic", "prosecutor", "unused_material_nil_return_by"
            )
            .get(pk=pk)
        )
    except CaseFile.DoesNotExist:
        raise Http404("No such case") from None


def _apply_filters(qs: QuerySet[CaseFile], filters: CaseFilters) -> QuerySet[CaseFile]:
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.force:
        qs = qs.filter(force_id=filters.force)
    if filters.cps_area:
        qs = qs.filter(cps_area_id=filters.cps_area)
    if filters.oic:
        qs = qs.filter(oic_id=filters.oic)
    if filters.prosecutor:
        qs = qs.filter(prosecutor_id=filters.prosecutor)
    if filters.unallocated:
        qs = qs.filter(prosecutor__isnull=True)
    if filters.reported_from:
        qs = qs.filter(reported_on__gte=filters.reported_from)
    if filters.reported_to:
        qs = qs.filter(reported_on__lte=filters.reported_to)
    if filters.offence:
        qs = qs.filter(
            Exists(CaseOffence.objects.filter(case=OuterRef("pk"), offence_id=filters.offence))
        )
    if filters.overdue:
        qs = qs.filter(
            Exists(
                Deadline.objects.filter(
                    case=OuterRef("pk"),
                    status=DeadlineStatus.OPEN,
                    due_on__lt=timezone.localdate(),
                )
            )
        )
    q = filters.q.strip()
    if q:
        urn = normalise_urn(q)
        by_suspect = Suspect.objects.annotate(surname=Upper("last_name")).filter(
            case=OuterRef("pk"), surname__startswith=q.upper()
        )
        qs = qs.filter(Q(urn__startswith=urn) | Exists(by_suspect))
    return qs


def case_list(user: Viewer, filters: CaseFilters) -> QuerySet[CaseFile]:
    """The cases a user may see, filtered and sorted in SQL, as one queryset:
    for counts and small lists. Pages of a long list: ``case_listing``."""
    return (
        _apply_filters(CaseFile.objects.visible_to(user), filters)
        .select_related("force", "cps_area", "oic", "prosecutor")
        .order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))
    )


class CaseListing:
    """A user's case list, filtered and sorted, that reads its pages one
    visibility branch at a time.

    ``visible_to`` ORs its branches into one WHERE clause, and PostgreSQL
    cannot walk an index in list order through an OR: it would fetch every
    case the user may see (a supervisor: the force's tens of thousands) and
    sort them all for each page of 25. Here each branch (OIC, grants, force,
    Area, allocated prosecutor) is read through its own index, already in list
    order and stopped after the rows the page needs; the branches are merged
    with UNION (which also drops a case seen two ways) and only the page's
    rows are then loaded in full. Counting works the same way.

    It offers what Django's Paginator (and so DRF's pagination) needs:
    ``count()`` and slicing.
    """

    ordered = True

    def __init__(self, user: Viewer, filters: CaseFilters, *, what_is_due: bool = False) -> None:
        self.order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
        self.what_is_due = what_is_due
        conditions = visibility_branches(user)
        self.branches = [
            _apply_filters(CaseFile.objects.filter(condition), filters) for condition in conditions
        ]
        # For counting, each branch leaves out the cases an earlier branch
        # already counts, so the counts simply add up (UNION ALL) instead of
        # de-duplicating tens of thousands of ids. The first and largest
        # branch keeps its index-only count.
        self.disjoint = [
            branch.exclude(_any_of(conditions[:i])) if i else branch
            for i, branch in enumerate(self.branches)
        ]
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            if not self.branches:
                self._count = 0
            elif len(self.branches) == 1:
                self._count = self.branches[0].count()
            else:
                ids = [branch.order_by().values("id") for branch in self.disjoint]
                self._count = ids[0].union(*ids[1:], all=True).count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[CaseFile]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("A case listing is read a page (a slice) at a time")
        start, stop = index.start or 0, index.stop
        if not self.branches or stop is None or stop <= start:
            return []
        columns = ["id", *{field.lstrip("-") for field in self.order} - {"id"}]
        keyed = [branch.order_by(*self.order).values(*columns)[:stop] for branch in self.branches]
        merged = keyed[0].union(*keyed[1:]) if len(keyed) > 1 else keyed[0]
        if len(keyed) > 1:
            merged = merged.order_by(*self.order)
        page_ids = [row["id"] for row in merged[start:stop]]
        rows: QuerySet[CaseFile] = CaseFile.objects.filter(id__in=page_ids).select_related(
            "force", "cps_area", "oic", "prosecutor"
        )
        if self.what_is_due:
            rows = with_what_is_due(rows)
        position = {pk: i for i, pk in enumerate(page_ids)}
        return sorted(rows, key=lambda case: position[case.pk])


def _any_of(conditions: list[Q]) -> Q:
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def case_listing(user: Viewer, filters: CaseFilters, *, what_is_due: bool = False) -> CaseListing:
    return CaseListing(user, filters, what_is_due=what_is_due)


def with_what_is_due(cases: QuerySet[CaseFile]) -> QuerySet[CaseFile]:
    """A page of cases with what a case worker decides by, in the same query
    (a subquery per column over the page's rows, each on an index): the
    principal (first recorded) offence, the first suspect's surname and how
    many suspects, whether any is in custody, and the next open deadline.
    The suspect's name is for police eyes only: the page shows it by role."""
    first_offence = CaseOffence.objects.filter(case=OuterRef("pk")).order_by("id")
    first_suspect = Suspect.objects.filter(case=OuterRef("pk")).order_by("id")
    next_deadline = Deadline.objects.filter(
        case=OuterRef("pk"), status=DeadlineStatus.OPEN
    ).order_by("due_on", "id")
    return cases.annotate(
        principal_offence=Subquery(first_offence.values("offence__title")[:1]),
        suspect_surname=Subquery(first_suspect.values("last_name")[:1]),
        suspect_count=Subquery(
            Suspect.objects.filter(case=OuterRef("pk"))
            .order_by()
            .values("case")
            .annotate(n=Count("id"))
            .values("n")[:1]
        ),
        in_custody=Exists(Suspect.objects.filter(case=OuterRef("pk"), state=SuspectState.CUSTODY)),
        next_due_what=Subquery(next_deadline.values("description")[:1]),
        # The earliest bail return date of a suspect on bail.
        bail_until=Subquery(
            Suspect.objects.filter(
                case=OuterRef("pk"), state=SuspectState.BAIL, review_on__isnull=False
            )
            .order_by("review_on")
            .values("review_on")[:1]
        ),
        decision_due_on=Subquery(
            next_deadline.filter(kind=DeadlineKind.CHARGING_DECISION).values("due_on")[:1]
        ),
    )


def ready_to_allocate(user: User) -> QuerySet[CaseFile]:
    """The CPS SPOC's queue: cases with CPS in their Areas awaiting a
    prosecutor, oldest submission first."""
    areas = [m.organisation_id for m in memberships_of(user) if m.role == Role.CPS_SPOC]
    return with_what_is_due(
        CaseFile.objects.visible_to(user)
        .filter(cps_area_id__in=areas, status=CaseStatus.WITH_CPS, prosecutor__isnull=True)
        .select_related("force", "cps_area", "oic")
        .order_by("submitted_at", "id")
    )


def allocated_to(user: User) -> QuerySet[CaseFile]:
    return (
        CaseFile.objects.visible_to(user)
        .filter(prosecutor=user)
        .select_related("force", "cps_area", "oic", "prosecutor")
        .order_by("-updated_at", "-id")
    )


def case_offences(case: CaseFile) -> QuerySet[CaseOffence]:
    return case.offences.select_related("offence").order_by("id")


def case_suspects(case: CaseFile) -> QuerySet[Suspect]:
    return case.suspects.order_by("id")


def case_events(case: CaseFile) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("-at", "-id")


def case_documents(case: CaseFile) -> QuerySet[Document]:
    return case.documents.select_related("uploaded_by").order_by("-uploaded_at", "-id")


def document_content_visible(user: User, case: CaseFile) -> bool:
    """Case material names the complainant (an ABE record, a statement, the
    MG3), so opening a document, or reading its title, is for those entitled
    to the complainant's identity; everyone else who sees the
    case sees what kind of document it is and when it came."""
    return rules.may_see_complainant_identity(user, case)


def document_get(user: User, case_pk: int, document_pk: int) -> Document:
    """A document to open: only for those ``document_content_visible`` allows
    (404 for anyone else, as for a case they may not see)."""
    case = case_get(user, case_pk)
    if not document_content_visible(user, case):
        raise Http404("No such document")
    try:
        return case.documents.select_related("case").get(pk=document_pk)
    except Document.DoesNotExist:
        raise Http404("No such document") from None


def case_deadlines(case: CaseFile) -> QuerySet[Deadline]:
    """The open deadlines first, soonest due first; then the closed ones
    (met, missed, cancelled), the most recently closed first, each with the
    date it closed in the service's time zone (``closed_on``): a deadline met
    on or before its ``due_on`` was met on time."""
    return (
        case.deadlines.select_related("owner", "owner_organisation")
        .annotate(
            open_rank=Case(When(status=DeadlineStatus.OPEN, then=Value(0)), default=Value(1)),
            closed_on=TruncDate("closed_at"),
        )
        .order_by("open_rank", F("closed_at").desc(nulls_last=True), "due_on", "id")
    )


# The cases a person is still working: before a decision, or answering a plan.
CASELOAD_STATUSES = (
    CaseStatus.DRAFT,
    CaseStatus.INVESTIGATION,
    CaseStatus.WITH_CPS,
    CaseStatus.ACTION_PLAN,
)


@dataclass(frozen=True)
class Caseload:
    person: User
    cases: int  # open cases they are allocated (or are the OIC of)
    due_soon: int  # their open deadlines due in the next 14 days

    def label(self) -> str:
        """How a choice of this person reads, on the list and the check page."""
        cases = f"{self.cases} open case{'' if self.cases == 1 else 's'}"
        return f"{self.person.full_name} ({cases}, {self.due_soon} due in 14 days)"


def caseloads(role: str, organisation_ids: Iterable[int]) -> list[Caseload]:
    """The people a bulk allocation may choose, each with their current
    caseload, in one query: for a prosecutor the cases allocated to them
    and the charging decisions they owe in the next 14 days; for an
    investigator the cases they are OIC of and their deadlines due soon."""
    soon = timezone.localdate() + timedelta(days=14)
    held = "prosecutor" if role == Role.PROSECUTOR else "oic"
    cases = (
        CaseFile.objects.filter(**{held: OuterRef("pk")}, status__in=CASELOAD_STATUSES)
        .order_by()
        .values(held)
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    due = Deadline.objects.filter(
        owner=OuterRef("pk"), status=DeadlineStatus.OPEN, due_on__lte=soon
    )
    if role == Role.PROSECUTOR:
        due = due.filter(kind=DeadlineKind.CHARGING_DECISION)
    due_count = due.order_by().values("owner").annotate(n=Count("id")).values("n")[:1]
    people = (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=list(organisation_ids),
            memberships__role=role,
        )
        .distinct()
        .annotate(
            case_count=Coalesce(Subquery(cases), 0), due_count=Coalesce(Subquery(due_count), 0)
        )
        .order_by("full_name", "id")
    )
    return [Caseload(p, p.case_count, p.due_count) for p in people]


def cases_chosen(user: Viewer, chosen: Iterable[int]) -> list[CaseFile]:
    """The cases of a bulk allocation the user may see, for its check page."""
    return list(
        with_what_is_due(
            CaseFile.objects.visible_to(user)
            .filter(pk__in=list(chosen))
            .select_related("force", "cps_area", "oic", "prosecutor")
            .order_by("urn")
        )
    )
