"""Device extraction by agreement: information extracted from a device that
its user (a complainant, or a witness) volunteers, under the Police, Crime,
Sentencing and Courts Act 2022 s.37 and its Code of Practice (s.39).

An extraction is an object of its own with its own status
(``EXTRACTION_TRANSITIONS``): it does not move the case's status. Who may see
one is ``disclosure.devices.selectors.extractions_visible_to``, as restricted
as the complainant's identity; every change goes through
``disclosure.devices.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from cases.models import CaseFile
from victims.models import Complainant


class DataCategory(models.TextChoices):
    MESSAGES = "messages", "Messages"
    CALL_LOGS = "call_logs", "Call logs"
    PHOTOS_VIDEOS = "photos_videos", "Photos and videos"
    LOCATION = "location", "Location"
    CONTACTS = "contacts", "Contacts"
    INTERNET_HISTORY = "internet_history", "Internet history"
    SOCIAL_MEDIA = "social_media", "Social media"
    DOCUMENTS = "documents", "Documents"
    OTHER = "other", "Other"


class ExtractionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    NOTICE_GIVEN = "notice_given", "Notice given to the user"
    AGREED = "agreed", "Agreed by the user"
    REFUSED = "refused", "Refused by the user"
    EXTRACTED = "extracted", "Information extracted"
    REVIEWED = "reviewed", "Extracted information reviewed"
    WITHDRAWN = "withdrawn", "Agreement withdrawn"
    RETURNED = "returned", "Device returned"


# The life of an extraction, written once: the services check it and the
# pages read it. Who may make each move is the rule's (``rules``).
EXTRACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ExtractionStatus.DRAFT: frozenset({ExtractionStatus.NOTICE_GIVEN}),
    # The user, told in writing, agrees or refuses: nothing is extracted
    # without agreement.
    ExtractionStatus.NOTICE_GIVEN: frozenset({ExtractionStatus.AGREED, ExtractionStatus.REFUSED}),
    # Agreement may be withdrawn at any time: from then nothing is processed.
    ExtractionStatus.AGREED: frozenset({ExtractionStatus.EXTRACTED, ExtractionStatus.WITHDRAWN}),
    ExtractionStatus.EXTRACTED: frozenset({ExtractionStatus.REVIEWED, ExtractionStatus.WITHDRAWN}),
    ExtractionStatus.REVIEWED: frozenset({ExtractionStatus.RETURNED, ExtractionStatus.WITHDRAWN}),
    # A device handed over and then refused or withdrawn still goes back.
    ExtractionStatus.REFUSED: frozenset({ExtractionStatus.RETURNED}),
    ExtractionStatus.WITHDRAWN: frozenset({ExtractionStatus.RETURNED}),
    ExtractionStatus.RETURNED: frozenset(),
}

# Only a draft's request may change: the notice told the user what it asks.
EXTRACTION_EDITABLE = frozenset({ExtractionStatus.DRAFT})


class WrittenConfirmation(models.TextChoices):
    """How the user confirmed their agreement in writing."""

    SIGNED_FORM = "signed_form", "Signed the agreement form"
    EMAIL = "email", "By email"
    LETTER = "letter", "By letter"
    OTHER = "other", "Another written means"


class DeletionMark(models.TextChoices):
    """What a withdrawal of agreement marks for deletion: what was extracted
    and not yet reviewed."""

    NONE = "", "Nothing"
    ALL_EXTRACTED = "all_extracted", "Everything extracted (none of it was reviewed)"
    UNREVIEWED = "unreviewed", "What was extracted but not reviewed"


class DeviceExtraction(models.Model):
    """One request to extract information from one device, by its user's
    agreement."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="device_extractions")
    # Whose device: a complainant of the case (shown by pseudonym only), or a
    # witness by their pseudonym on the case (W1): there is no witness record.
    complainant = models.ForeignKey(
        Complainant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="device_extractions",
    )
    witness = models.CharField("the witness's pseudonym", max_length=6, blank=True, default="")
    device = models.CharField("the device", max_length=200)

    # Why (s.37: a reasonable line of enquiry, necessary and proportionate).
    purpose = models.TextField("the purpose of the extraction")
    line_of_enquiry = models.TextField("the reasonable line of enquiry it serves")
    necessity = models.TextField("why it is necessary and proportionate")
    less_intrusive_means = models.TextField("the less intrusive means considered")

    # The scope: no extraction without limits.
    date_from = models.DateField("information from")
    date_to = models.DateField("information to")
    data_categories = ArrayField(
        models.CharField(max_length=20, choices=DataCategory.choices), default=list
    )
    categories_other = models.CharField(
        "the other data sought", max_length=200, blank=True, default=""
    )
    applications = models.TextField("the applications", blank=True, default="")

    status = models.CharField(
        max_length=20, choices=ExtractionStatus.choices, default=ExtractionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The written notice to the user, and the version of its wording
    # (``rules.NOTICE_VERSION``).
    notice_given_on = models.DateField(null=True, blank=True)
    notice_version = models.CharField(max_length=20, blank=True, default="")
    notice_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # The user's agreement, confirmed in writing, given without undue pressure.
    agreed_on = models.DateField(null=True, blank=True)
    agreement_confirmation = models.CharField(
        max_length=20, choices=WrittenConfirmation.choices, blank=True, default=""
    )
    agreement_details = models.TextField(blank=True, default="")
    no_undue_pressure = models.BooleanField(default=False)
    agreement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # A refusal, and the statement it is recorded with (``rules.WITHOUT_PREJUDICE``).
    refused_on = models.DateField(null=True, blank=True)
    refusal_statement = models.TextField(blank=True, default="")
    refusal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # The results.
    extracted_on = models.DateField(null=True, blank=True)
    material_extracted = models.TextField("what was extracted", blank=True, default="")
    extracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)
    material_reviewed = models.TextField("what was reviewed", blank=True, default="")
    # Whether all that was extracted was reviewed: what was not is marked for
    # deletion should the user withdraw.
    all_reviewed = models.BooleanField(null=True, blank=True)
    relevant = models.BooleanField(null=True, blank=True)
    relevant_summary = models.TextField("what was relevant", blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_details = models.TextField("how the user withdrew", blank=True, default="")
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    marked_for_deletion = models.CharField(
        max_length=20, choices=DeletionMark.choices, blank=True, default=DeletionMark.NONE
    )
    marked_for_deletion_at = models.DateTimeField(null=True, blank=True)

    returned_on = models.DateField("the date the device was returned", null=True, blank=True)
    returned_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "device extraction"
        indexes = [models.Index(fields=["case", "-created_at"], name="dex_case_created")]
        constraints = [
            # The database holds the lines the services draw, so no other
            # writer can store an extraction without limits or agreement.
            models.CheckConstraint(
                condition=Q(date_from__lte=models.F("date_to")), name="dex_dates"
            ),
            models.CheckConstraint(condition=~Q(data_categories=[]), name="dex_categories"),
            models.CheckConstraint(
                condition=(Q(complainant__isnull=False) & Q(witness=""))
                | (Q(complainant__isnull=True) & ~Q(witness="")),
                name="dex_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["extracted", "reviewed"])
                | (Q(agreed_on__isnull=False) & Q(no_undue_pressure=True)),
                name="dex_extracted_by_agreement",
            ),
        ]

    def __str__(self) -> str:
        # Never whose device it is: __str__ reaches logs.
        return f"Device extraction {self.pk} on {self.case_id}"

    def can_move_to(self, status: str) -> bool:
        return status in EXTRACTION_TRANSITIONS.get(self.status, frozenset())

    @property
    def owner(self) -> str:
        """Whose device, by pseudonym (C1, W1): never a name."""
        complainant = self.complainant if self.complainant_id else None
        return complainant.pseudonym if complainant is not None else self.witness

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def category_labels(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels.get(c, c)) for c in self.data_categories]
