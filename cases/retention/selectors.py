"""The reads of retention: the cases due for review, a case's history."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from cases.models import CaseFile
from cases.retention import rules
from cases.retention.models import LegalHold, RetentionReview
from cases.selectors import case_get
from rasso.accounts.models import Role, User
from rasso.accounts.selectors import memberships_of


def supervised_forces(user: User) -> list[int]:
    return sorted(
        {
            m.organisation_id
            for m in memberships_of(user)
            if m.role in (Role.POLICE_SUPERVISOR, Role.POLICE_SPOC)
        }
    )


def retention_due(user: User, today: date) -> QuerySet[CaseFile]:
    """The cases of the user's forces due for a retention review, the most
    overdue first. A force's cases are exactly what its supervisors see
    (``visibility_branches``' first branch), so the list filters by force
    alone and reads the review-date index in order, a page at a time."""
    forces = supervised_forces(user)
    if not forces:
        return CaseFile.objects.none()
    return (
        CaseFile.objects.filter(force__in=forces, retention_review_on__lte=today)
        .annotate(
            held=Exists(LegalHold.objects.filter(case=OuterRef("pk"), lifted_at__isnull=True))
        )
        .only("id", "urn", "status", "retention_category", "retention_review_on", "force_id")
        .order_by("retention_review_on", "id")
    )


def retention_case_get(user: User, pk: int) -> CaseFile:
    """A case whose retention the user may manage (a supervisor or SPOC of
    its force); a 404 for anyone else, as for a case they cannot see."""
    case = case_get(user, pk)
    if rules.manage_refusal(user, case):
        raise Http404("No retention review of this case for you")
    return case


def retention_reviews(case: CaseFile) -> QuerySet[RetentionReview]:
    return RetentionReview.objects.filter(case=case).select_related("reviewed_by")


def legal_holds(case: CaseFile) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(case=case).select_related("placed_by", "lifted_by")
