"""Victim information requests: a request for a complainant's records held by
a third party (a GP, a counselling service, social services, a school), made
under the statutory tests of the Police, Crime, Sentencing and Courts Act 2022
ss.44A-44E and its Code of Practice.

A request is an object of its own with its own status
(``REQUEST_TRANSITIONS``): it does not move the case's status. Who may see one
is ``disclosure.requests.selectors.requests_visible_to``, as restricted as the
complainant's identity; every change goes through
``disclosure.requests.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from cases.models import CaseFile, Deadline
from victims.models import Channel, Complainant, Contact


class HolderKind(models.TextChoices):
    GP_MEDICAL = "gp_medical", "GP or medical"
    COUNSELLING = "counselling", "Counselling or therapy"
    SOCIAL_SERVICES = "social_services", "Social services"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting a supervisor's approval"
    AWAITING_CPS = "awaiting_cps", "Awaiting the prosecutor"
    AGREED = "agreed", "Agreed by the prosecutor"
    REJECTED = "rejected", "Rejected by the prosecutor"
    SENT = "sent", "Sent to the holder"
    RECEIVED = "received", "Material received"
    REVIEWED = "reviewed", "Material reviewed"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The life of a request, written once: the services check it and the pages
# read it. Who may make each move is the rule's (``rules``).
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.DRAFT: frozenset(
        {RequestStatus.AWAITING_APPROVAL, RequestStatus.AWAITING_CPS, RequestStatus.WITHDRAWN}
    ),
    # Approved (and any flag overridden): on to CPS; returned: back to the officer.
    RequestStatus.AWAITING_APPROVAL: frozenset(
        {RequestStatus.AWAITING_CPS, RequestStatus.DRAFT, RequestStatus.WITHDRAWN}
    ),
    # Changes asked for: back to the officer as a draft.
    RequestStatus.AWAITING_CPS: frozenset(
        {
            RequestStatus.AGREED,
            RequestStatus.DRAFT,
            RequestStatus.REJECTED,
            RequestStatus.WITHDRAWN,
        }
    ),
    RequestStatus.AGREED: frozenset({RequestStatus.SENT, RequestStatus.WITHDRAWN}),
    RequestStatus.SENT: frozenset({RequestStatus.RECEIVED, RequestStatus.WITHDRAWN}),
    RequestStatus.RECEIVED: frozenset({RequestStatus.REVIEWED}),
    RequestStatus.REVIEWED: frozenset(),
    RequestStatus.REJECTED: frozenset(),
    RequestStatus.WITHDRAWN: frozenset(),
}

# Once the request has gone to the holder, what it asked cannot change.
REQUEST_EDITABLE = frozenset({RequestStatus.DRAFT})
# The complainant may be told (and their view recorded) while the request is alive.
REQUEST_NOTICE_STATUSES = frozenset(
    {
        RequestStatus.DRAFT,
        RequestStatus.AWAITING_APPROVAL,
        RequestStatus.AWAITING_CPS,
        RequestStatus.AGREED,
        RequestStatus.SENT,
        RequestStatus.RECEIVED,
        RequestStatus.REVIEWED,
    }
)


class CpsDecision(models.TextChoices):
    AGREED = "agreed", "Agreed"
    CHANGES = "changes", "Changes asked for"
    REJECTED = "rejected", "Rejected"


class NoticeDelay(models.TextChoices):
    """Notice to the complainant is given before or on the day of the request,
    unless it is delayed or withheld for a reason recorded on the request."""

    NONE = "", "Notice given before the request"
    DELAYED = "delayed", "Notice delayed"
    WITHHELD = "withheld", "Notice withheld"


# A written notice: what the Code of Practice asks for.
WRITTEN_CHANNELS = frozenset({Channel.LETTER, Channel.EMAIL})


class VictimInformationRequest(models.Model):
    """One request to one holder for one complainant's information."""

    case = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="victim_information_requests"
    )
    # Shown by pseudonym only (C1); the identity stays on the complainant's record.
    complainant = models.ForeignKey(
        Complainant, on_delete=models.PROTECT, related_name="information_requests"
    )

    # What is asked of whom.
    holder_kind = models.CharField("kind of holder", max_length=20, choices=HolderKind.choices)
    holder_name = models.CharField("holder", max_length=200)
    information_sought = models.TextField("the specific information sought")
    date_from = models.DateField("records from")
    date_to = models.DateField("records to")
    line_of_enquiry = models.TextField("the reasonable line of enquiry it serves")
    issue_in_case = models.TextField("the issue in the case it bears on")

    # The statutory tests (s.44A), each answered in words.
    holder_has_it = models.TextField("reason to believe the holder has the information")
    relevance = models.TextField("reason to believe it is relevant to a reasonable line of enquiry")
    necessity = models.TextField("why it is necessary and proportionate")
    less_intrusive_means = models.TextField("the less intrusive means considered first")
    # A counselling request only: the Code presumes such a request neither
    # necessary nor proportionate.
    probative_value = models.TextField(
        "why it is likely to have substantial probative value", blank=True, default=""
    )

    # A rationale resting on the complainant's credibility or character alone
    # (``disclosure.requests.credibility``), worked out whenever the wording changes.
    credibility_flagged = models.BooleanField(default=False)
    credibility_terms = ArrayField(models.CharField(max_length=60), default=list, blank=True)

    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    # A senior officer's approval of a counselling request, before it goes on.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_reasons = models.TextField(blank=True, default="")
    # A supervisor's override of the credibility flag.
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    override_reasons = models.TextField(blank=True, default="")
    # The last time it came back to the officer (a supervisor's return or the
    # prosecutor's changes), and why.
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True, default="")

    # The prosecutor's last decision.
    cps_decision = models.CharField(
        max_length=10, choices=CpsDecision.choices, blank=True, default=""
    )
    cps_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cps_decided_at = models.DateTimeField(null=True, blank=True)
    cps_reasons = models.TextField(blank=True, default="")

    # Written notice to the complainant: an entry of the contact log, or a
    # recorded reason for delaying or withholding it.
    notice_contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notice_given_on = models.DateField(null=True, blank=True)
    notice_delay = models.CharField(
        max_length=10, choices=NoticeDelay.choices, blank=True, default=NoticeDelay.NONE
    )
    notice_delay_reason = models.TextField(blank=True, default="")
    complainant_view = models.TextField("the complainant's view", blank=True, default="")
    complainant_view_recorded_at = models.DateTimeField(null=True, blank=True)

    # To the holder and back.
    sent_on = models.DateField(null=True, blank=True)
    reply_by = models.DateField(null=True, blank=True)
    reply_deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(null=True, blank=True)
    material_received = models.TextField(blank=True, default="")
    # The review for relevance: only the relevant part is to be scheduled.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    relevant = models.BooleanField(null=True, blank=True)
    relevant_summary = models.TextField(blank=True, default="")

    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "victim information request"
        indexes = [models.Index(fields=["case", "-created_at"], name="vir_case_created")]
        constraints = [
            # The database holds the lines the services draw, so no other
            # writer can store a request without limits.
            models.CheckConstraint(
                condition=Q(date_from__lte=models.F("date_to")), name="vir_dates"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["agreed", "sent", "received", "reviewed"])
                | ~Q(holder_kind="counselling")
                | Q(approved_by__isnull=False),
                name="vir_counselling_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["agreed", "sent", "received", "reviewed"])
                | Q(credibility_flagged=False)
                | Q(override_by__isnull=False),
                name="vir_flag_overridden",
            ),
        ]

    def __str__(self) -> str:
        # Never the holder's name or the complainant's: __str__ reaches logs.
        return f"Victim information request {self.pk} on {self.case_id}"

    def can_move_to(self, status: str) -> bool:
        return status in REQUEST_TRANSITIONS.get(self.status, frozenset())

    @property
    def is_counselling(self) -> bool:
        return self.holder_kind == HolderKind.COUNSELLING

    @property
    def approval_outstanding(self) -> bool:
        """A counselling request not yet approved by a senior officer."""
        return self.is_counselling and self.approved_by_id is None

    @property
    def override_outstanding(self) -> bool:
        """A flagged request whose flag no supervisor has overridden."""
        return self.credibility_flagged and self.override_by_id is None

    @property
    def needs_supervisor(self) -> bool:
        return self.approval_outstanding or self.override_outstanding

    @property
    def notice_settled(self) -> bool:
        """Notice given, or its delay or withholding recorded with a reason."""
        return self.notice_given_on is not None or bool(self.notice_delay)
