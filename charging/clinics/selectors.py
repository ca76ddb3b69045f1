"""Every read of RASSO clinics, built on ``Clinic.objects.visible_to``: a clinic
the user may not see does not exist for them (404). An agenda item is part of
its case: whoever may not see the case (``CaseFile.objects.visible_to``) sees
only that there is an item for its force (``clinic_agenda``), and cannot open
the item (``agenda_item_get``)."""

from __future__ import annotations

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, When
from django.http import Http404

from cases.models import CaseFile
from charging.clinics.models import Clinic, ClinicAction, ClinicAgendaItem
from rasso.accounts.models import (
    CPS_ROLES,
    POLICE_ROLES,
    Organisation,
    OrganisationKind,
    Role,
    User,
    Viewer,
)
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


def clinic_agenda(user: Viewer, clinic: Clinic) -> QuerySet[ClinicAgendaItem]:
    """The clinic's agenda in the order cases were added, each item marked
    ``case_visible`` when the user may see its case, with ``force_name``, and
    the actions of those items only.

    This is the one place that decides what of an item a reader sees: pages
    and the API show the question, minutes, outcome, actions and case of an
    item with ``case_visible``, and of any other only "an item for
    <force_name>". Deciding it in the query (an EXISTS over the cases the user
    may see) costs nothing per item, and the actions of hidden items are never
    read at all."""
    seen = CaseFile.objects.visible_to(user)
    return (
        ClinicAgendaItem.objects.filter(clinic=clinic)
        .annotate(
            case_visible=Exists(seen.filter(pk=OuterRef("case_id"))),
            force_name=F("case__force__name"),
            # The URN only of a case the user may see: not even loaded else.
            case_urn=Case(When(case_visible=True, then=F("case__urn")), default=None),
        )
        # The case itself is read for the identity scrubber (who may read its
        # free text as written), never shown of an item not visible.
        .select_related("added_by", "recorded_by", "case")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=ClinicAction.objects.filter(item__case__in=seen.values("pk"))
                .select_related("owner", "deadline", "item__case")
                .order_by("due_on", "id"),
            )
        )
        .order_by("added_at", "id")
    )


def agenda_item_get(user: Viewer, clinic_pk: int, pk: int) -> ClinicAgendaItem:
    """One item of a clinic the user may see, whose case they may see too, or
    404."""
    clinic = clinic_get(user, clinic_pk)
    try:
        item = ClinicAgendaItem.objects.select_related("case").get(
            clinic=clinic, pk=pk, case__in=CaseFile.objects.visible_to(user).values("pk")
        )
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
    """The police forces working with the Area: the only organisations that
    may attend its clinics (a scrutiny panel works with an Area too, but is
    not a force)."""
    return Organisation.objects.filter(cps_areas=area, kind=OrganisationKind.POLICE_FORCE).order_by(
        "name"
    )


def clinic_attendee_choices(area: Organisation) -> QuerySet[User]:
    """Police of the Area's forces and CPS of the Area."""
    return (
        User.objects.filter(
            Q(
                memberships__organisation__cps_areas=area,
                memberships__organisation__kind=OrganisationKind.POLICE_FORCE,
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
