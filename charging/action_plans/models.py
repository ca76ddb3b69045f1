"""Action plans: a prosecutor's request for further information before a
charging decision, item by item (what is needed, why, which evidential issue),
answered by the police by the required-by date.

Issuing a plan moves the case to ``action_plan``; the transitions are written
once (``ACTION_PLAN_TRANSITIONS``). Every change goes through
``charging.action_plans.services``."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import CaseFile, Deadline, Document
from rasso.accounts.models import Viewer

# The police's deadline to answer an issued plan: its date is the one the
# prosecutor sets (not a number of days from the table in cases.deadlines).
ACTION_PLAN_DEADLINE = "action_plan"


class ActionPlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


ACTION_PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionPlanStatus.DRAFT: frozenset({ActionPlanStatus.ISSUED, ActionPlanStatus.WITHDRAWN}),
    ActionPlanStatus.ISSUED: frozenset(
        {ActionPlanStatus.IN_PROGRESS, ActionPlanStatus.COMPLETED, ActionPlanStatus.WITHDRAWN}
    ),
    ActionPlanStatus.IN_PROGRESS: frozenset(
        {ActionPlanStatus.IN_PROGRESS, ActionPlanStatus.COMPLETED}
    ),
    ActionPlanStatus.COMPLETED: frozenset(),
    ActionPlanStatus.WITHDRAWN: frozenset(),
}


# A plan the case is still working through: one at a time.
ACTION_PLAN_OPEN = (ActionPlanStatus.DRAFT, ActionPlanStatus.ISSUED, ActionPlanStatus.IN_PROGRESS)


class ActionPlanQuerySet(models.QuerySet["ActionPlan"]):
    def visible_to(self, user: Viewer) -> ActionPlanQuerySet:
        return self.filter(case__in=CaseFile.objects.visible_to(user))


class ActionPlan(models.Model):
    """A prosecutor's request for further information before a decision."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="action_plans")
    status = models.CharField(
        max_length=20, choices=ActionPlanStatus.choices, default=ActionPlanStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(auto_now_add=True)
    required_by = models.DateField("required by")
    issued_at = models.DateTimeField(null=True, blank=True)
    # The police's obligation, due on the required-by date, once issued.
    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[ActionPlanQuerySet] = ActionPlanQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-drafted_at", "-id"]
        indexes = [
            models.Index(fields=["case", "-drafted_at", "-id"], name="action_plan_case"),
            # The reports count plans by when they were issued.
            models.Index(
                fields=["issued_at"],
                name="action_plan_issued",
                condition=Q(issued_at__isnull=False),
            ),
        ]
        constraints = [
            # One plan in hand per case, even from two tabs at once.
            models.UniqueConstraint(
                fields=["case"],
                name="action_plan_one_open",
                condition=Q(status__in=["draft", "issued", "in_progress"]),
            )
        ]

    def __str__(self) -> str:
        return f"Action plan {self.pk} on {self.case_id}"

    def can_move_to(self, status: str) -> bool:
        return status in ACTION_PLAN_TRANSITIONS.get(self.status, frozenset())


class ActionPlanItemStatus(models.TextChoices):
    OPEN = "open", "Awaiting an answer"
    DONE = "done", "Done"
    NOT_POSSIBLE = "not_possible", "Not possible"


class ActionPlanItem(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    what = models.TextField("what is needed")
    why = models.TextField("why it is needed")
    evidential_issue = models.CharField("evidential issue it addresses", max_length=200)
    status = models.CharField(
        max_length=20, choices=ActionPlanItemStatus.choices, default=ActionPlanItemStatus.OPEN
    )
    answer = models.TextField(blank=True, default="")
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="action_plan_item_number")
        ]

    def __str__(self) -> str:
        return f"Item {self.number} of plan {self.plan_id}"

    @property
    def answered(self) -> bool:
        return self.status != ActionPlanItemStatus.OPEN
