"""Every read of RASSO clinics, built on ``Clinic.objects.visible_to``: a clinic
the user may not see does not exist for them (404). A case on the agenda the
viewer may not see shows only as "a case of <force>" (``cases_seen_of``)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from cases.models import CaseFile
from charging.clinics.models import Clinic, ClinicAction, ClinicAgendaItem
from rasso.accounts.models import CPS_ROLES, POLICE_ROLES, Organisation, Role, User, Viewer
from rasso.accounts.selectors import memberships_of


def clinics_list(user: Viewer) -> QuerySet[Clinic]:
    """The clinics the user may see, latest first, with their Area and forces
    (one extra query for the page's forces)."""
    return (
        Clinic.objects.visible_to(user)
        .select_related("cps_area")
        .prefetch_related(Prefetch("forces", queryset=Organisation.objects.order_by("name")))
        .annotate(agenda_size=Count("agenda"))
        .order_by("-held_on", "-id")
    )


def clinic_get(user: Viewer, pk: int) -> Clinic:
    """One clinic the user may see, with its forces and attendees, or 404."""
    try:
        return (
            Clinic.objects.visible_to(user)
            .select_related("cps_area")
            .prefetch_related(
                Prefetch("forces", queryset=Organisation.objects.order_by("name")),
                Prefetch("attendees", queryset=User.objects.order_by("full_name")),
            )
            .get(pk=pk)
        )
    except Clinic.DoesNotExist:
        raise Http404("No such clinic") from None


def clinic_agenda(clinic: Clinic) -> QuerySet[ClinicAgendaItem]:
    """The clinic's agenda in the order cases were added, with each action."""
    return (
        ClinicAgendaItem.objects.filter(clinic=clinic)
        .select_related("case", "case__force", "added_by", "recorded_by")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=ClinicAction.objects.select_related("owner", "deadline").order_by(
                    "due_on", "id"
                ),
            )
        )
        .order_by("added_at", "id")
    )


def cases_seen_of(user: Viewer, case_ids: list[int]) -> set[int]:
    """Which of ``case_ids`` the user may see: one query."""
    return set(
        CaseFile.objects.visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True)
    )


def agenda_item_get(user: Viewer, clinic_pk: int, pk: int) -> ClinicAgendaItem:
    clinic = clinic_get(user, clinic_pk)
    try:
        item = ClinicAgendaItem.objects.select_related("case").get(clinic=clinic, pk=pk)
    except ClinicAgendaItem.DoesNotExist:
        raise Http404("No such agenda item") from None
    item.clinic = clinic
    return item


def clinic_action_get(user: Viewer, clinic_pk: int, pk: int) -> ClinicAction:
    clinic = clinic_get(user, clinic_pk)
    try:
        return ClinicAction.objects.select_related("deadline", "owner", "item__case").get(
            item__clinic=clinic, pk=pk
        )
    except ClinicAction.DoesNotExist:
        raise Http404("No such action") from None


def case_for_agenda(user: Viewer, urn: str) -> CaseFile | None:
    """The case of that URN if the user may see it."""
    return CaseFile.objects.visible_to(user).filter(urn=urn.strip().upper()).first()


def area_forces(area: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(cps_areas=area).order_by("name")


def clinic_attendee_choices(area: Organisation) -> QuerySet[User]:
    """Police of the Area's forces and CPS of the Area."""
    return (
        User.objects.filter(
            Q(
                memberships__organisation__cps_areas=area,
                memberships__role__in=POLICE_ROLES,
            )
            | Q(memberships__organisation=area, memberships__role__in=CPS_ROLES)
        )
        .distinct()
        .order_by("full_name")
    )


def spoc_area(user: User) -> Organisation | None:
    """The CPS Area in which the user is a SPOC (the first, for one in two),
    whose clinics they schedule; None for anyone else."""
    for membership in memberships_of(user):
        if membership.role == Role.CPS_SPOC:
            return membership.organisation
    return None
