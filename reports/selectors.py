"""Every read of progress reports, filtered by who may see them."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from rasso.accounts.models import OrganisationKind, User
from reports import rules
from reports.models import ProgressReport, ReportStatus, ScopeKind


def reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    """A national manager sees every report; a manager of an Area or a force
    the reports on their organisation; anyone else none."""
    organisations = rules.manager_organisations(user)
    if not organisations:
        return ProgressReport.objects.none()
    if any(o.kind == OrganisationKind.NATIONAL for o in organisations):
        return ProgressReport.objects.all()
    return ProgressReport.objects.filter(
        ~Q(scope_kind=ScopeKind.NATIONAL), organisation__in=[o.pk for o in organisations]
    )


def reports_list(user: User) -> QuerySet[ProgressReport]:
    """Newest first, with what a list row shows (one query, never the files)."""
    return (
        reports_visible_to(user)
        .select_related("organisation", "requested_by")
        .order_by("-requested_at", "-id")
    )


def report_get(user: User, pk: int) -> ProgressReport:
    """One report the user may see, or 404."""
    report = reports_list(user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report")
    return report


def reports_published() -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(published_at__isnull=False, status=ReportStatus.DONE)
        .select_related("organisation")
        .order_by("-published_at", "-id")
    )


def report_published_get(pk: int) -> ProgressReport:
    report = reports_published().filter(pk=pk).first()
    if report is None:
        raise Http404("No such published report")
    return report
