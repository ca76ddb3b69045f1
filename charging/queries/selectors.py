"""Every read of file-quality queries, built on the case's visibility
(``CaseFile.objects.visible_to``): a query on a case the user may not see does
not exist for them (404). Also the unanswered queries each user has a part in."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from charging.queries.models import QUERY_UNANSWERED, FileQualityQuery
from rasso.accounts.models import Role, User, Viewer
from rasso.accounts.selectors import memberships_of

_QUERY_RELATED = ("case", "case__force", "raised_by", "deadline", "deadline__owner", "document")


def queries_visible(user: Viewer) -> QuerySet[FileQualityQuery]:
    return FileQualityQuery.objects.visible_to(user)


def query_get(user: Viewer, pk: int, case_pk: int | None = None) -> FileQualityQuery:
    qs = queries_visible(user).select_related(*_QUERY_RELATED, "case__cps_area")
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    try:
        return qs.get(pk=pk)
    except FileQualityQuery.DoesNotExist:
        raise Http404("No such file-quality query") from None


def case_queries(case_pk: int) -> QuerySet[FileQualityQuery]:
    """A case's queries: unanswered first, then newest first."""
    return (
        FileQualityQuery.objects.filter(case_id=case_pk)
        .select_related("raised_by", "resolved_by", "deadline", "deadline__owner", "document")
        .order_by("-raised_at", "-id")
    )


def queries_to_answer(user: User) -> QuerySet[FileQualityQuery]:
    """Unanswered queries the user has a part in, soonest due first: a police
    SPOC or supervisor sees their force's; an officer the ones passed to them;
    a prosecutor the ones they raised or that are on their cases."""
    memberships = memberships_of(user)
    forces = [
        m.organisation_id
        for m in memberships
        if m.role in (Role.POLICE_SPOC, Role.POLICE_SUPERVISOR)
    ]
    mine = Q(raised_by=user) | Q(case__prosecutor=user) | Q(deadline__owner=user)
    if forces:
        mine |= Q(case__force_id__in=forces)
    return (
        queries_visible(user)
        .filter(mine, status__in=QUERY_UNANSWERED)
        .select_related(*_QUERY_RELATED)
        .order_by("deadline__due_on", "id")
    )
