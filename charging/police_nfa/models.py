"""Police NFA proposals: an investigator's proposal to take no further action,
with its Home Office outcome and rationale, for a police supervisor of the
force to approve or send back. Only approval moves the case (to
``police_nfa``); every change goes through ``charging.police_nfa.services``."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import CaseFile
from rasso.accounts.models import Viewer


class HomeOfficeOutcome(models.TextChoices):
    """The Home Office crime outcomes that end a police investigation without
    a charge (a charge is outcome 1)."""

    OFFENDER_DIED = "5", "5: The offender has died"
    NOT_PUBLIC_INTEREST_POLICE = "10", "10: Formal action not in the public interest (police)"
    SUSPECT_UNDER_AGE = "11", "11: Prosecution prevented: the named suspect is under age"
    SUSPECT_TOO_ILL = "12", "12: Prosecution prevented: the named suspect is too ill"
    VICTIM_UNABLE = (
        "13",
        ("13: Prosecution prevented: the complainant or a key witness is dead or too ill"),
    )
    NOT_IDENTIFIED_NO_SUPPORT = (
        "14",
        (
            "14: Evidential difficulties: suspect not identified, complainant does not "
            "support action"
        ),
    )
    EVIDENTIAL_WITH_SUPPORT = (
        "15",
        (
            "15: Named suspect, complainant supports action, evidential difficulties prevent "
            "further action"
        ),
    )
    EVIDENTIAL_NO_SUPPORT = (
        "16",
        (
            "16: Named suspect, evidential difficulties, complainant does not support or has "
            "withdrawn support"
        ),
    )
    TIME_LIMIT = "17", "17: Prosecution time limit expired"
    NO_SUSPECT = "18", "18: Investigation complete, no suspect identified"
    OTHER_BODY = "20", "20: Further action to be taken by another body or agency"
    FURTHER_INVESTIGATION_NOT_PUBLIC_INTEREST = (
        "21",
        ("21: Further investigation not in the public interest (police decision)"),
    )


class PoliceNfaStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting a supervisor"
    APPROVED = "approved", "Approved"
    SENT_BACK = "sent_back", "Sent back"


class PoliceNfaQuerySet(models.QuerySet["PoliceNfaProposal"]):
    def visible_to(self, user: Viewer) -> PoliceNfaQuerySet:
        return self.filter(case__in=CaseFile.objects.visible_to(user))


class PoliceNfaProposal(models.Model):
    """An investigator's proposal to take no further action, for a police
    supervisor of the force to approve or send back. Only approval moves the case."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="police_nfa")
    outcome_code = models.CharField(
        "Home Office outcome", max_length=4, choices=HomeOfficeOutcome.choices
    )
    rationale = models.TextField()
    status = models.CharField(
        max_length=20, choices=PoliceNfaStatus.choices, default=PoliceNfaStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    send_back_reason = models.TextField(blank=True, default="")

    objects: ClassVar[PoliceNfaQuerySet] = PoliceNfaQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = "police NFA proposal"
        # The reports count approved police NFAs by when they were decided.
        indexes = [
            models.Index(
                fields=["decided_at"], name="police_nfa_decided", condition=Q(status="approved")
            )
        ]
        constraints = [
            # One proposal awaiting a supervisor per case.
            models.UniqueConstraint(
                fields=["case"], name="police_nfa_one_proposed", condition=Q(status="proposed")
            )
        ]

    def __str__(self) -> str:
        return f"Police NFA proposal {self.pk} on {self.case_id}"
