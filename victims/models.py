"""Complainants: identity and anonymity, rights and needs, how to contact them,
the contact log, letters, withdrawals of support and the Victims' Right to Review.

A complainant of a sexual offence has lifelong anonymity in law. The identity
fields here are shown only to the OIC, police officers granted the case and
the allocated prosecutor (``victims.selectors.identity_visible_to``);
everywhere else a complainant is their pseudonym, C1, C2, within the case.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL

from cases.models import CaseFile, Deadline

# The fields that say who a complainant is and how to reach them: withheld
# (not blanked: absent) from everyone ``identity_visible_to`` refuses.
IDENTITY_FIELDS = (
    "first_names",
    "last_name",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
)


class InterviewerSex(models.TextChoices):
    NO_PREFERENCE = "", "No preference"
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class SpecialMeasure(models.TextChoices):
    """Special measures under the Youth Justice and Criminal Evidence Act 1999."""

    SCREENS = "screens", "Screens"
    LIVE_LINK = "live_link", "Live link"
    VIDEO_EVIDENCE_IN_CHIEF = "video_eic", "Video-recorded evidence-in-chief"
    PRE_RECORDED_CROSS = "s28", "Pre-recorded cross-examination (section 28)"
    INTERMEDIARY = "intermediary", "Intermediary"
    COMMUNICATION_AIDS = "communication_aids", "Communication aids"
    WIGS_AND_GOWNS = "wigs_gowns", "Removal of wigs and gowns"
    EVIDENCE_IN_PRIVATE = "private", "Evidence in private"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"


class Complainant(models.Model):
    # Every column a bulk load (``seed_demo``'s COPY) may leave out has a
    # default in the database too, not only in Python.
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="complainants")
    # C1, C2, ... in the order added; never reused within a case.
    pseudonym = models.CharField(max_length=6)

    # Identity: for those entitled only.
    first_names = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True, default="")
    postcode = models.CharField(max_length=8, blank=True, default="", db_default="")
    # E.164 (+447700900123), checked and normalised by the service.
    phone = models.CharField(max_length=30, blank=True, default="")
    email = models.EmailField(blank=True, default="")

    # Rights and needs.
    # Every RASSO complainant has enhanced rights under the Victims' Code
    # unless they opt out; the opt-out is dated.
    enhanced_rights = models.BooleanField(default=True)
    enhanced_rights_opted_out_on = models.DateField(null=True, blank=True)
    vulnerable_or_intimidated = models.BooleanField(default=False, db_default=False)
    interpreter_needed = models.BooleanField(default=False, db_default=False)
    language = models.CharField(max_length=60, blank=True, default="", db_default="")
    accessibility_needs = models.TextField(blank=True, default="", db_default="")
    interviewer_sex = models.CharField(
        max_length=10, choices=InterviewerSex.choices, blank=True, default="", db_default=""
    )
    special_measures = ArrayField(
        models.CharField(max_length=20, choices=SpecialMeasure.choices),
        default=list,
        db_default=RawSQL("'{}'::varchar(20)[]", []),
        blank=True,
    )

    # Support: an Independent Sexual Violence Adviser.
    isva_name = models.CharField(
        "ISVA's name", max_length=100, blank=True, default="", db_default=""
    )
    isva_service = models.CharField(
        "ISVA service", max_length=150, blank=True, default="", db_default=""
    )
    isva_contact = models.CharField(
        "ISVA's contact details", max_length=200, blank=True, default="", db_default=""
    )
    isva_may_be_told = models.BooleanField(
        "Agrees to information being shared with the ISVA", default=False, db_default=False
    )

    # How to contact them.
    preferred_channel = models.CharField(
        max_length=20, choices=Channel.choices, blank=True, default="", db_default=""
    )
    safe_times = models.CharField(max_length=200, blank=True, default="", db_default="")
    no_voicemail = models.BooleanField("No voicemail", default=False, db_default=False)
    no_letters_home = models.BooleanField(
        "No letters to the home address", default=False, db_default=False
    )
    update_every_days = models.PositiveSmallIntegerField(default=28, db_default=28)
    updates_through_isva = models.BooleanField(default=False, db_default=False)

    # Victim Personal Statement.
    vps_offered_on = models.DateField(null=True, blank=True)
    vps_made_on = models.DateField(null=True, blank=True)
    vps_read_in_court = models.BooleanField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    # Two officers editing one record at once: the second is refused.
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "pseudonym"], name="complainant_pseudonym"),
            models.CheckConstraint(
                condition=Q(update_every_days__gte=1) & Q(update_every_days__lte=365),
                name="complainant_update_frequency",
            ),
        ]

    def __str__(self) -> str:
        # The pseudonym, never the name: __str__ ends up in logs and the admin.
        return f"{self.case.urn} {self.pseudonym}" if self.case_id else self.pseudonym

    @property
    def isva_recorded(self) -> bool:
        return bool(self.isva_name or self.isva_service)


class WithdrawalReason(models.TextChoices):
    """Why a complainant no longer supports the prosecution (outcome 16)."""

    PROCESS = "process", "The length or demands of the process"
    FEAR = "fear", "Fear of the suspect or of reprisals"
    RELATIONSHIP = "relationship", "Relationship with the suspect"
    PRIVACY = "privacy", "Concern for privacy (records, digital devices)"
    WELLBEING = "wellbeing", "Health or wellbeing"
    MOVE_ON = "move_on", "Wants to move on"
    OTHER = "other", "Other"
    NOT_GIVEN = "not_given", "No reason given"


class SupportWithdrawal(models.Model):
    """A complainant withdraws support for the prosecution; perhaps later
    reinstates it. These rows feed the attrition figures."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="+")
    complainant = models.ForeignKey(
        Complainant, on_delete=models.CASCADE, related_name="withdrawals"
    )
    withdrawn_on = models.DateField()
    reason = models.CharField(max_length=20, choices=WithdrawalReason.choices)
    # Was support (an ISVA, special measures) offered before the withdrawal?
    support_offered = models.BooleanField()
    reinstated_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["withdrawn_on", "id"]
        indexes = [models.Index(fields=["withdrawn_on"])]
        constraints = [
            # At most one withdrawal still in force per complainant.
            models.UniqueConstraint(
                fields=["complainant"],
                condition=Q(reinstated_on__isnull=True),
                name="withdrawal_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"Withdrawal of support on {self.withdrawn_on:%d %b %Y}"


class Direction(models.TextChoices):
    TO_COMPLAINANT = "out", "To the complainant"
    FROM_COMPLAINANT = "in", "From the complainant"


class Contact(models.Model):
    """One entry of the contact log. Never changed after it is written (a
    database trigger refuses UPDATE and DELETE): a correction is a new entry
    that names the one it corrects."""

    case = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="+")
    complainant = models.ForeignKey(Complainant, on_delete=models.PROTECT, related_name="contacts")
    contacted_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    through_isva = models.BooleanField(default=False)
    summary = models.TextField()
    # The "tell the complainant" deadlines this contact met: the key events
    # it communicated.
    communicated = models.ManyToManyField(Deadline, blank=True, related_name="+")
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_at", "-id"]
        indexes = [models.Index(fields=["complainant", "-contacted_at"])]

    def __str__(self) -> str:
        return f"Contact on {self.contacted_at:%d %b %Y}"


class LetterKind(models.TextChoices):
    NFA = "nfa", "No further action letter"
    CHARGE = "charge", "Point-of-charge letter"
    CPS_INTRODUCTION = "cps_hello", "CPS introduction letter"


class Letter(models.Model):
    """A letter to a complainant, rendered as a PDF when generated (the PDF
    is kept: what was sent must not change when a template does). Marking it
    sent logs a contact."""

    case = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="+")
    complainant = models.ForeignKey(Complainant, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    pdf = models.BinaryField(editable=False)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField(auto_now_add=True)
    sent_contact = models.OneToOneField(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="letter"
    )

    class Meta:
        ordering = ["-generated_at", "-id"]
        indexes = [models.Index(fields=["complainant", "-generated_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.complainant.pseudonym}"


class ReviewScheme(models.TextChoices):
    POLICE = "police", "Police Victims' Right to Review"
    CPS = "cps", "CPS Victims' Right to Review"


class ReviewStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    COMPLETED = "completed", "Completed"


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", "Decision upheld"
    OVERTURNED = "overturned", "Decision overturned"


REVIEW_TRANSITIONS: dict[str, frozenset[str]] = {
    ReviewStatus.REQUESTED: frozenset({ReviewStatus.ACKNOWLEDGED, ReviewStatus.COMPLETED}),
    ReviewStatus.ACKNOWLEDGED: frozenset({ReviewStatus.COMPLETED}),
    ReviewStatus.COMPLETED: frozenset(),
}


class Review(models.Model):
    """A complainant's request for a review of a decision to take no further
    action, under the scheme of whoever decided (police or CPS)."""

    case = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="+")
    complainant = models.ForeignKey(Complainant, on_delete=models.PROTECT, related_name="reviews")
    scheme = models.CharField(max_length=10, choices=ReviewScheme.choices)
    # When the complainant was told of the decision: the request window runs from it.
    told_on = models.DateField()
    requested_on = models.DateField()
    in_time = models.BooleanField()
    late_reason = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.REQUESTED
    )
    acknowledged_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True, default="")
    outcome_reasons = models.TextField(blank=True, default="")
    completed_on = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        indexes = [
            models.Index(fields=["requested_on"]),
            models.Index(fields=["completed_on"]),
        ]
        constraints = [
            # One review in progress per complainant and case.
            models.UniqueConstraint(
                fields=["complainant"],
                condition=~Q(status="completed"),
                name="review_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} requested {self.requested_on:%d %b %Y}"
