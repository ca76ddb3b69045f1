"""CPS charging decisions: the test applied (the Full Code Test or the
Threshold Test), its stages or conditions with reasons, the outcome and the
charges; and the Full Code Test later applied to a Threshold Test charge.

A decision moves the case's status (through ``cases.services.case_set_status``)
and is never edited: a later decision is a new row. Every change goes through
``charging.decisions.services``."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from cases.models import CaseFile, CaseOffence, Deadline, Suspect
from rasso.accounts.models import Viewer

# Deadlines whose date a person sets (not a number of days from the table in
# cases.deadlines): the kinds they are filed under.
FULL_CODE_TEST_DEADLINE = "full_code_test"


class CodeTest(models.TextChoices):
    FULL = "full", "Full Code Test"
    THRESHOLD = "threshold", "Threshold Test"


class DecisionOutcome(models.TextChoices):
    CHARGE = "charge", "Charge"
    NFA_EVIDENTIAL = "nfa_evidential", "No further action: evidential stage not met"
    NFA_PUBLIC_INTEREST = "nfa_public_interest", "No further action: not in the public interest"


# The conditions of the Threshold Test (the Code for Crown Prosecutors, 5.1 to
# 5.10), each answered yes or no with reasons.
THRESHOLD_CONDITIONS: dict[str, str] = {
    "reasonable_suspicion": "There are reasonable grounds to suspect the person committed "
    "the offence",
    "further_evidence": "Further evidence can be obtained to give a realistic prospect of "
    "conviction",
    "seriousness": "The seriousness or circumstances of the case justify an immediate "
    "charging decision",
    "bail_objection": "There are continuing substantial grounds to object to bail",
    "proper": "In all the circumstances it is proper to charge",
}


class CpsDecisionQuerySet(models.QuerySet["CpsDecision"]):
    def visible_to(self, user: Viewer) -> CpsDecisionQuerySet:
        return self.filter(case__in=CaseFile.objects.visible_to(user))


class CpsDecision(models.Model):
    """A prosecutor's charging decision. Never edited once recorded (there is
    no service that changes it): a later decision, after a review or on a
    reopened case, is a new row and the history stays."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="cps_decisions")
    # The version of the case the prosecutor decided on: one decision per
    # version, whoever else decides at the same moment.
    case_version = models.PositiveIntegerField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    test = models.CharField("test applied", max_length=20, choices=CodeTest.choices)
    evidential_met = models.BooleanField("evidential stage met", null=True, blank=True)
    evidential_reasons = models.TextField(blank=True, default="")
    # Considered only when the evidential stage is met.
    public_interest_met = models.BooleanField("public-interest stage met", null=True, blank=True)
    public_interest_reasons = models.TextField(blank=True, default="")
    # Threshold Test: {condition: {"met": bool, "reasons": str}} over THRESHOLD_CONDITIONS.
    threshold_conditions = models.JSONField(default=dict, blank=True)
    full_test_by = models.DateField("full code test to be applied by", null=True, blank=True)
    full_test_deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=30, choices=DecisionOutcome.choices)
    # The Full Code Test applied to a case charged on the Threshold Test is a
    # decision of its own naming the threshold one (which stays as it was):
    # one-to-one, so the test is applied once, even from two tabs at once.
    applies_full_test_to = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="full_code_test",
        verbose_name="applies the Full Code Test to",
    )

    objects: ClassVar[CpsDecisionQuerySet] = CpsDecisionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-decided_at", "-id"]
        # The reports count decisions by when they were made.
        indexes = [models.Index(fields=["decided_at"], name="cps_decision_decided")]
        constraints = [
            models.UniqueConstraint(fields=["case", "case_version"], name="cps_decision_version")
        ]

    def __str__(self) -> str:
        return f"Charging decision {self.pk} on {self.case_id}"

    @property
    def threshold_charge(self) -> bool:
        return self.test == CodeTest.THRESHOLD and self.outcome == DecisionOutcome.CHARGE

    @property
    def full_test_owed(self) -> bool:
        """A charge on the Threshold Test whose Full Code Test is still to be
        applied: no decision applying it names this one yet. (Read with
        ``select_related("full_code_test")`` for a page of decisions.)"""
        if not self.threshold_charge:
            return False
        try:
            self.full_code_test  # noqa: B018 (the reverse one-to-one, or DoesNotExist)
        except CpsDecision.DoesNotExist:
            return True
        return False

    @property
    def conditions(self) -> list[tuple[str, bool, str]]:
        """(label, met, reasons) for each Threshold Test condition answered."""
        return [
            (label, bool(answer.get("met")), str(answer.get("reasons", "")))
            for key, label in THRESHOLD_CONDITIONS.items()
            if (answer := self.threshold_conditions.get(key)) is not None
        ]


class Charge(models.Model):
    """One charge of a decision: an offence of the case against a suspect."""

    decision = models.ForeignKey(CpsDecision, on_delete=models.CASCADE, related_name="charges")
    offence = models.ForeignKey(CaseOffence, on_delete=models.PROTECT, related_name="+")
    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "offence", "suspect"], name="charge_unique")
        ]

    def __str__(self) -> str:
        return f"{self.offence} against suspect {self.suspect_id}"
