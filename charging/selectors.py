"""Every read of early advice and file-quality queries, built on the case's
visibility (``CaseFile.objects.visible_to``): a request or query on a case the
user may not see does not exist for them (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from charging.models import (
    QUERY_UNANSWERED,
    EarlyAdvice,
    EarlyAdviceRequest,
    EarlyAdviceStatus,
    FileQualityQuery,
)
from rasso.accounts.models import Role
from rasso.accounts.selectors import memberships_of

_ADVICE_RELATED = ("case", "case__force", "requested_by", "prosecutor", "deadline")
_QUERY_RELATED = ("case", "case__force", "raised_by", "deadline", "deadline__owner", "document")


def advice_requests_visible(user: Any) -> QuerySet[EarlyAdviceRequest]:
    return EarlyAdviceRequest.objects.visible_to(user)


def queries_visible(user: Any) -> QuerySet[FileQualityQuery]:
    return FileQualityQuery.objects.visible_to(user)


def advice_request_get(user: Any, pk: int, case_pk: int | None = None) -> EarlyAdviceRequest:
    """One request the user may see (on ``case_pk`` when given), or 404."""
    qs = advice_requests_visible(user).select_related(*_ADVICE_RELATED, "case__cps_area")
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    try:
        return qs.get(pk=pk)
    except EarlyAdviceRequest.DoesNotExist:
        raise Http404("No such early-advice request") from None


def query_get(user: Any, pk: int, case_pk: int | None = None) -> FileQualityQuery:
    qs = queries_visible(user).select_related(*_QUERY_RELATED, "case__cps_area")
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    try:
        return qs.get(pk=pk)
    except FileQualityQuery.DoesNotExist:
        raise Http404("No such file-quality query") from None


def advice_of(request: EarlyAdviceRequest) -> EarlyAdvice | None:
    try:
        return request.advice
    except EarlyAdvice.DoesNotExist:
        return None


def case_advice_requests(case_pk: int) -> QuerySet[EarlyAdviceRequest]:
    """A case's requests, newest first, with their advice (one join)."""
    return (
        EarlyAdviceRequest.objects.filter(case_id=case_pk)
        .select_related("requested_by", "prosecutor", "deadline", "advice", "advice__given_by")
        .order_by("-requested_at", "-id")
    )


def case_queries(case_pk: int) -> QuerySet[FileQualityQuery]:
    """A case's queries: unanswered first, then newest first."""
    return (
        FileQualityQuery.objects.filter(case_id=case_pk)
        .select_related("raised_by", "resolved_by", "deadline", "deadline__owner", "document")
        .order_by("-raised_at", "-id")
    )


def advice_to_allocate(user: Any) -> QuerySet[EarlyAdviceRequest]:
    """The CPS SPOC's queue: requests to their Areas with no prosecutor yet,
    oldest first."""
    areas = [m.organisation_id for m in memberships_of(user) if m.role == Role.CPS_SPOC]
    return (
        advice_requests_visible(user)
        .filter(status=EarlyAdviceStatus.REQUESTED, case__cps_area_id__in=areas)
        .select_related(*_ADVICE_RELATED)
        .order_by("requested_at", "id")
    )


def advice_due(user: Any) -> QuerySet[EarlyAdviceRequest]:
    """The prosecutor's early advice to give, soonest due first (so overdue first)."""
    return (
        advice_requests_visible(user)
        .filter(status=EarlyAdviceStatus.ALLOCATED, prosecutor=user)
        .select_related(*_ADVICE_RELATED)
        .order_by("deadline__due_on", "id")
    )


def queries_to_answer(user: Any) -> QuerySet[FileQualityQuery]:
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
