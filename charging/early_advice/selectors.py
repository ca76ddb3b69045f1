"""Every read of early advice, built on the case's visibility
(``CaseFile.objects.visible_to``): a request on a case the user may not see
does not exist for them (404). Also the CPS SPOC's and the prosecutor's queues."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from charging.early_advice.models import EarlyAdvice, EarlyAdviceRequest, EarlyAdviceStatus
from rasso.accounts.models import Role, User, Viewer
from rasso.accounts.selectors import memberships_of

_ADVICE_RELATED = ("case", "case__force", "requested_by", "prosecutor", "deadline")


def advice_requests_visible(user: Viewer) -> QuerySet[EarlyAdviceRequest]:
    return EarlyAdviceRequest.objects.visible_to(user)


def advice_request_get(user: Viewer, pk: int, case_pk: int | None = None) -> EarlyAdviceRequest:
    """One request the user may see (on ``case_pk`` when given), or 404."""
    qs = advice_requests_visible(user).select_related(*_ADVICE_RELATED, "case__cps_area")
    if case_pk is not None:
        qs = qs.filter(case_id=case_pk)
    try:
        return qs.get(pk=pk)
    except EarlyAdviceRequest.DoesNotExist:
        raise Http404("No such early-advice request") from None


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


def advice_to_allocate(user: User) -> QuerySet[EarlyAdviceRequest]:
    """The CPS SPOC's queue: requests to their Areas with no prosecutor yet,
    oldest first."""
    areas = [m.organisation_id for m in memberships_of(user) if m.role == Role.CPS_SPOC]
    return (
        advice_requests_visible(user)
        .filter(status=EarlyAdviceStatus.REQUESTED, case__cps_area_id__in=areas)
        .select_related(*_ADVICE_RELATED)
        .order_by("requested_at", "id")
    )


def advice_due(user: User) -> QuerySet[EarlyAdviceRequest]:
    """The prosecutor's early advice to give, soonest due first (so overdue first)."""
    return (
        advice_requests_visible(user)
        .filter(status=EarlyAdviceStatus.ALLOCATED, prosecutor=user)
        .select_related(*_ADVICE_RELATED)
        .order_by("deadline__due_on", "id")
    )
