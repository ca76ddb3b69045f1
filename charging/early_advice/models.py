"""Early advice: an investigator's questions to CPS before a charging
decision, and the prosecutor's structured advice.

A request is an object of its own with its own status (``EARLY_ADVICE_TRANSITIONS``):
it does not move the case's status. Who may see one follows the case it
belongs to (``CaseFile.objects.visible_to``); every change goes through
``charging.early_advice.services``."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import CaseFile, Deadline
from rasso.accounts.models import Viewer


class EarlyAdviceStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ALLOCATED = "allocated", "Allocated to a prosecutor"
    ADVISED = "advised", "Advice given"
    ACKNOWLEDGED = "acknowledged", "Advice acknowledged"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The life of a request, written once: the services check it and the pages
# read it. Allocated -> allocated is a re-allocation to another prosecutor.
EARLY_ADVICE_TRANSITIONS: dict[str, frozenset[str]] = {
    EarlyAdviceStatus.REQUESTED: frozenset(
        {EarlyAdviceStatus.ALLOCATED, EarlyAdviceStatus.WITHDRAWN}
    ),
    EarlyAdviceStatus.ALLOCATED: frozenset(
        {EarlyAdviceStatus.ALLOCATED, EarlyAdviceStatus.ADVISED, EarlyAdviceStatus.WITHDRAWN}
    ),
    EarlyAdviceStatus.ADVISED: frozenset({EarlyAdviceStatus.ACKNOWLEDGED}),
    EarlyAdviceStatus.ACKNOWLEDGED: frozenset(),
    EarlyAdviceStatus.WITHDRAWN: frozenset(),
}


# The questions an investigator may ask (at least one is needed), and the
# parts of the advice (every one is needed), as the pages label them.
QUESTION_LABELS: dict[str, str] = {
    "lines_of_enquiry": "Lines of enquiry",
    "likely_charges": "Likely charges",
    "evidential_requirements": "Evidential requirements",
    "disclosure_strategy": "Disclosure strategy",
    "third_party_material": "Third-party material",
}


EARLY_ADVICE_QUESTIONS = tuple(QUESTION_LABELS)


ADVICE_LABELS: dict[str, str] = {
    "investigation_strategy": "Investigation strategy",
    "reasonable_lines_of_enquiry": "Reasonable lines of enquiry",
    "evidential_requirements": "Evidential requirements",
    "disclosure_decisions": "Disclosure decisions",
    "third_party_material_decisions": "Third-party material decisions",
}


class EarlyAdviceQuerySet(models.QuerySet["EarlyAdviceRequest"]):
    def visible_to(self, user: Viewer) -> EarlyAdviceQuerySet:
        """Requests on the cases ``user`` may see."""
        return self.filter(case__in=CaseFile.objects.visible_to(user))


class EarlyAdviceRequest(models.Model):
    """An investigator's questions to CPS before a charging decision."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="early_advice")
    # A follow-up names the request whose advice it follows up.
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    status = models.CharField(
        max_length=20, choices=EarlyAdviceStatus.choices, default=EarlyAdviceStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    lines_of_enquiry = models.TextField("lines of enquiry", blank=True, default="")
    likely_charges = models.TextField("likely charges", blank=True, default="")
    evidential_requirements = models.TextField("evidential requirements", blank=True, default="")
    disclosure_strategy = models.TextField("disclosure strategy", blank=True, default="")
    third_party_material = models.TextField("third-party material", blank=True, default="")
    prosecutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="early_advice_allocated",
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    # The 21-day obligation, owed by the prosecutor once allocated.
    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[EarlyAdviceQuerySet] = EarlyAdviceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["case", "-requested_at", "-id"], name="early_advice_case"),
            # The CPS SPOC's queue: requests waiting for a prosecutor, oldest first.
            models.Index(
                fields=["requested_at", "id"],
                name="early_advice_to_allocate",
                condition=Q(status="requested"),
            ),
            # The prosecutor's "early advice due".
            models.Index(
                fields=["prosecutor"],
                name="early_advice_due",
                condition=Q(status="allocated"),
            ),
        ]

    def __str__(self) -> str:
        return f"Early advice request {self.pk} on {self.case_id}"

    def can_move_to(self, status: str) -> bool:
        return status in EARLY_ADVICE_TRANSITIONS.get(self.status, frozenset())

    @property
    def questions(self) -> list[tuple[str, str]]:
        """(label, text) for each question asked."""
        return [
            (label, getattr(self, name))
            for name, label in QUESTION_LABELS.items()
            if getattr(self, name)
        ]


class EarlyAdvice(models.Model):
    """The prosecutor's advice on one request. Written once and never edited
    (there is no service that changes it); the one-to-one key makes a second
    advice on the same request impossible, even from two tabs at once."""

    request = models.OneToOneField(
        EarlyAdviceRequest, on_delete=models.CASCADE, related_name="advice"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)
    investigation_strategy = models.TextField("investigation strategy")
    reasonable_lines_of_enquiry = models.TextField("reasonable lines of enquiry")
    evidential_requirements = models.TextField("evidential requirements")
    disclosure_decisions = models.TextField("disclosure decisions")
    third_party_material_decisions = models.TextField("third-party material decisions")

    class Meta:
        # The reports time early advice by when it was given.
        indexes = [models.Index(fields=["given_at"], name="early_advice_given")]

    def __str__(self) -> str:
        return f"Advice on request {self.request_id}"

    @property
    def sections(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in ADVICE_LABELS.items()]
