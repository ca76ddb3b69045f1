"""RASSO (triage) clinics: a CPS Area's meeting with the forces it works with,
its agenda of cases, the outcome of each discussion, and the actions agreed
(each owed by an attendee by a date, as a deadline).

A clinic is seen by the CPS SPOCs and prosecutors of its Area and the police
of an attending force (``ClinicQuerySet.visible_to``); every change goes
through ``charging.clinics.services``."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import CaseFile, Deadline
from rasso.accounts.models import Viewer


class ClinicStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


CLINIC_TRANSITIONS: dict[str, frozenset[str]] = {
    ClinicStatus.SCHEDULED: frozenset({ClinicStatus.HELD, ClinicStatus.CANCELLED}),
    ClinicStatus.HELD: frozenset(),
    ClinicStatus.CANCELLED: frozenset(),
}


class ClinicOutcome(models.TextChoices):
    ADVICE_GIVEN = "advice_given", "Advice given"
    STRATEGY_AGREED = "strategy_agreed", "Strategy agreed"
    EARLY_ADVICE_TO_FOLLOW = "early_advice_to_follow", "Early advice to follow"
    READY_FOR_CHARGING = "ready_for_charging", "Ready for charging submission"


class ClinicQuerySet(models.QuerySet["Clinic"]):
    def visible_to(self, user: Viewer) -> ClinicQuerySet:
        """The CPS SPOCs and prosecutors of the clinic's Area; police officers
        of a force attending it. Nobody else (panels, managers: none)."""
        from rasso.accounts.models import POLICE_ROLES, Role
        from rasso.accounts.selectors import memberships_of

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        memberships = memberships_of(user)
        areas = sorted(
            {m.organisation_id for m in memberships if m.role in (Role.CPS_SPOC, Role.PROSECUTOR)}
        )
        forces = sorted({m.organisation_id for m in memberships if m.role in POLICE_ROLES})
        if not areas and not forces:
            return self.none()
        attending = Clinic.forces.through.objects.filter(organisation_id__in=forces).values(
            "clinic_id"
        )
        return self.filter(Q(cps_area__in=areas) | Q(pk__in=attending))


class Clinic(models.Model):
    """A RASSO (triage) clinic of a CPS Area with the forces it works with."""

    cps_area = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="clinics"
    )
    held_on = models.DateField("date")
    status = models.CharField(
        max_length=20, choices=ClinicStatus.choices, default=ClinicStatus.SCHEDULED
    )
    forces = models.ManyToManyField("accounts.Organisation", related_name="clinics_attended")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="clinics")
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[ClinicQuerySet] = ClinicQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["cps_area", "-held_on", "-id"], name="clinic_area")]

    def __str__(self) -> str:
        return f"RASSO clinic of {self.held_on:%d %B %Y}"

    def can_move_to(self, status: str) -> bool:
        return status in CLINIC_TRANSITIONS.get(self.status, frozenset())


class ClinicAgendaItem(models.Model):
    """A case on a clinic's agenda, the question to discuss, and its outcome."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="agenda")
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="clinic_items")
    question = models.TextField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=30, choices=ClinicOutcome.choices, blank=True, default="")
    minutes = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["clinic", "case"], name="clinic_case_once")]

    def __str__(self) -> str:
        return f"Agenda item {self.pk} of clinic {self.clinic_id}"


class ClinicAction(models.Model):
    """An action agreed at a clinic: its owner owes it by a date (a deadline)."""

    item = models.ForeignKey(ClinicAgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Clinic action {self.pk}"
