"""In-app notifications, deadline reminders and the e-mail outbox.

A reminder is one row per (deadline, stage): the unique key is what makes a
reminder exactly-once however often the sweep runs. The notifications and
the outbox rows of a reminder are written in the same transaction as that
row, so either all of them exist or none do.

Nothing here holds a complainant's identity: a notification names the case by
its URN and the deadline by its description (which uses pseudonyms), and an
e-mail carries only the URN, what kind of thing is due, when, and a link.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    DUE_TODAY = "due_today", "Due today"
    OVERDUE = "overdue", "Overdue"


class Reminder(models.Model):
    """A reminder sent for one stage of one deadline: never two for the same."""

    deadline = models.ForeignKey(
        "cases.Deadline", on_delete=models.CASCADE, related_name="reminders"
    )
    stage = models.CharField(max_length=20, choices=ReminderStage.choices)
    # The due date the reminder spoke of (a deadline may be moved later).
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            # The sweep inserts with ON CONFLICT on exactly these columns.
            models.UniqueConstraint(fields=["deadline", "stage"], name="reminder_once_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} reminder for deadline {self.deadline_id}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    # The recipient's account was closed before it could be sent.
    DROPPED = "dropped", "Not sent: account closed"


class EmailOutbox(models.Model):
    """An e-mail to send, written in the transaction that decided to send it.

    A worker claims a row with ``SELECT ... FOR UPDATE SKIP LOCKED``, hands
    it to the mail server, and marks it sent in that same transaction. A
    crash before the commit leaves the row pending, to be sent again: the
    delivery is at-least-once, and every attempt carries the same
    Message-ID (made from the row's id) so that a mail system can tell a
    repeat from a new message.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The class of the last failure (never its text: a mail server's message
    # may quote the address).
    last_error = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "e-mail in the outbox"
        verbose_name_plural = "e-mail outbox"
        indexes = [
            # The retry sweep reads only what is still to send, oldest due first.
            models.Index(
                fields=["next_attempt_at", "id"],
                name="outbox_pending_due",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        # Not the subject, which names a case: this is what the admin shows.
        return f"E-mail {self.pk} ({self.get_status_display()})"

    @property
    def message_id(self) -> str:
        """The same for every attempt at this row: a repeat is recognisable."""
        from rasso.notifications.emails import message_id_domain

        return f"<rasso-outbox-{self.pk}@{message_id_domain()}>"


class NotificationKind(models.TextChoices):
    DEADLINE_DUE_SOON = "deadline_due_soon", "Deadline due soon"
    DEADLINE_DUE_TODAY = "deadline_due_today", "Deadline due today"
    DEADLINE_OVERDUE = "deadline_overdue", "Deadline overdue"
    # In the application only: no e-mail carries it (see ``notifications_send``).
    MEMBERSHIP_CHANGED = "membership_changed", "Role changed"
    # To a force's supervisors: how many of its cases are due for a
    # retention review (a count and a link, never a case).
    RETENTION_REVIEW_DUE = "retention_review_due", "Cases due for a retention review"
    # To a decision-maker and who answers for them: a scrutiny panel's
    # feedback (fixed words: no case, no name).
    PANEL_FEEDBACK = "panel_feedback", "Scrutiny panel feedback"


STAGE_KINDS: dict[str, str] = {
    ReminderStage.DUE_SOON: NotificationKind.DEADLINE_DUE_SOON,
    ReminderStage.DUE_TODAY: NotificationKind.DEADLINE_DUE_TODAY,
    ReminderStage.OVERDUE: NotificationKind.DEADLINE_OVERDUE,
}
KIND_STAGES: dict[str, str] = {kind: stage for stage, kind in STAGE_KINDS.items()}


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    case = models.ForeignKey(
        "cases.CaseFile",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # The URN, kept as text so the list needs no join (a URN is no one's
    # personal data).
    case_reference = models.CharField(max_length=11, blank=True, default="")
    # What is due in words from the code only (the e-mails use it), and the
    # sentence shown in the application (with the deadline's description).
    what = models.CharField(max_length=200, blank=True, default="")
    text = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    # A path on this site; e-mails make it absolute with SITE_URL.
    link = models.CharField(max_length=200, blank=True, default="")
    reminder = models.ForeignKey(
        Reminder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # The e-mail that carries it: one of its own, or a daily digest's. Empty
    # until a digest picks it up.
    email = models.ForeignKey(
        EmailOutbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The notifications page: one user's, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recipient"),
            # The header's unread count on every page: the unread rows only.
            models.Index(
                fields=["recipient"], name="notification_unread", condition=Q(read_at=None)
            ),
            # The daily digest: what no e-mail has carried yet.
            models.Index(
                fields=["recipient", "id"], name="notification_not_emailed", condition=Q(email=None)
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailFrequency(models.TextChoices):
    EVERY = "every", "An e-mail for every notification"
    DAILY_DIGEST = "daily_digest", "One e-mail a day with all of them"


class NotificationPreference(models.Model):
    """How a user wants their notifications e-mailed. No row: one e-mail each."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_frequency = models.CharField(
        max_length=20, choices=EmailFrequency.choices, default=EmailFrequency.EVERY
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_frequency_display()}"
