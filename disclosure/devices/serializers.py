"""The shapes of device extractions in the API.

An extraction is as restricted as the complainant's identity; whose device
it is appears by pseudonym only (``owner``: C1 or W1, and ``complainant``,
the id): no key of the answer holds a name, date of birth, address or
contact details. Its free text is read through the identity scrubber by
anyone not entitled to the identity (``ReadableTextSerializer``), though
nobody else sees an extraction today.

Input serializers check the shape of a request and nothing more: whether the
user may do it, whether the extraction's state allows it, and whether what
was written is complete is for ``disclosure.devices.services`` to decide,
with the browser's messages.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from rest_framework import serializers

from cases.serializers import PersonSerializer, ReadableTextSerializer
from disclosure.devices.models import (
    DataCategory,
    DeviceExtraction,
    ExtractionStatus,
    WrittenConfirmation,
)
from disclosure.devices.services import ExtractionDetails
from victims.models import Complainant
from victims.selectors import case_complainants

# Every text of an extraction that may name the complainant.
EXTRACTION_TEXT_FIELDS = (
    "device",
    "purpose",
    "line_of_enquiry",
    "necessity",
    "less_intrusive_means",
    "categories_other",
    "applications",
    "agreement_details",
    "material_extracted",
    "material_reviewed",
    "relevant_summary",
    "withdrawal_details",
)

# The users an extraction names: the list selects them all in its one query.
EXTRACTION_PEOPLE = (
    "created_by",
    "notice_given_by",
    "agreement_recorded_by",
    "refusal_recorded_by",
    "extracted_by",
    "reviewed_by",
    "withdrawal_recorded_by",
    "returned_recorded_by",
)


def _person() -> PersonSerializer:
    return PersonSerializer(read_only=True, allow_null=True)


# The docstring below is the published schema's description of an extraction.
class DeviceExtractionSerializer(ReadableTextSerializer):
    """A request to extract information from a device its user volunteers
    (PCSC Act 2022 s.37): whose device (by pseudonym), why, the scope, the
    written notice given (and its wording's version), the user's agreement
    or refusal, the extraction, its review, a withdrawal of agreement (and
    what it marked for deletion) and the device's return."""

    readable_fields = EXTRACTION_TEXT_FIELDS

    owner = serializers.CharField(read_only=True, help_text="Whose device: C1, or a witness W1.")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    data_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices), read_only=True
    )
    created_by = PersonSerializer(read_only=True)
    notice_given_by = _person()
    agreement_recorded_by = _person()
    refusal_recorded_by = _person()
    extracted_by = _person()
    reviewed_by = _person()
    withdrawal_recorded_by = _person()
    returned_recorded_by = _person()

    class Meta(ReadableTextSerializer.Meta):
        model = DeviceExtraction
        fields = [
            "id",
            "case",
            "complainant",
            "witness",
            "owner",
            "device",
            "status",
            "status_display",
            "purpose",
            "line_of_enquiry",
            "necessity",
            "less_intrusive_means",
            "date_from",
            "date_to",
            "data_categories",
            "categories_other",
            "applications",
            "created_by",
            "created_at",
            "updated_at",
            "notice_given_on",
            "notice_version",
            "notice_given_by",
            "agreed_on",
            "agreement_confirmation",
            "agreement_details",
            "no_undue_pressure",
            "agreement_recorded_by",
            "refused_on",
            "refusal_statement",
            "refusal_recorded_by",
            "extracted_on",
            "material_extracted",
            "extracted_by",
            "reviewed_on",
            "material_reviewed",
            "all_reviewed",
            "relevant",
            "relevant_summary",
            "reviewed_by",
            "withdrawn_on",
            "withdrawal_details",
            "withdrawal_recorded_by",
            "marked_for_deletion",
            "marked_for_deletion_at",
            "returned_on",
            "returned_recorded_by",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "complainant": {
                "help_text": "The complainant's id, when it is theirs (shown by pseudonym only)."
            },
            "witness": {"help_text": "The witness's pseudonym, when it is a witness's."},
            "notice_version": {
                "help_text": "The version of the notice's wording the user was given."
            },
            "refusal_statement": {
                "help_text": "What a refusal is recorded with: without prejudice to the case."
            },
            "marked_for_deletion": {
                "help_text": "What a withdrawal of agreement marked for deletion: what was "
                "extracted and not yet reviewed."
            },
        }


# -- what an officer writes ---------------------------------------------------------------


def _text(help_text: str = "") -> serializers.CharField:
    """A text the service checks (blank is allowed here: the service says
    what is missing, with every other problem at once)."""
    return serializers.CharField(allow_blank=True, help_text=help_text)


def _date(help_text: str) -> serializers.DateField:
    return serializers.DateField(allow_null=True, help_text=help_text)


class ExtractionDetailsSerializer(serializers.Serializer[Any]):
    """Whose device, what is sought and why:
    ``disclosure.devices.services.ExtractionDetails``. A complainant of the
    case (``complainant``) or a witness (``witness``, their pseudonym),
    never both; the service checks what is written, every problem at once,
    and saves nothing if any is found."""

    complainant = serializers.PrimaryKeyRelatedField(
        queryset=Complainant.objects.none(),
        allow_null=True,
        required=False,
        default=None,
        help_text="The complainant whose device it is (a complainant of this case).",
        error_messages={"does_not_exist": "Choose a complainant of this case"},
    )
    witness = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=6,
        help_text="Or the witness whose device it is, by their pseudonym on the case (W1).",
    )
    device = _text("The device: its kind, make and model (200 characters at most).")
    purpose = _text("What the extraction is for.")
    line_of_enquiry = _text("The reasonable line of enquiry it serves.")
    necessity = _text("Why it is necessary and proportionate.")
    less_intrusive_means = _text("The less intrusive means considered.")
    date_from = _date("The information sought starts from this date.")
    date_to = _date("The information sought runs to this date (not past today).")
    data_categories = serializers.ListField(
        child=serializers.ChoiceField(
            choices=DataCategory.choices,
            error_messages={"invalid_choice": "Choose the kinds of data sought from the list"},
        ),
        help_text="The kinds of data sought (at least one).",
    )
    categories_other = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="What other data is sought (needed with `other`).",
    )
    applications = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="The applications, if any."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the complainants of the case the view read.
        case = self.context.get("case")
        field = self.fields["complainant"]
        if case is not None and isinstance(field, serializers.PrimaryKeyRelatedField):
            field.queryset = case_complainants(case)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Refuse what cannot be set here (a status, an agreement) rather than
        # ignore it: the client must not believe it was saved.
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                dict.fromkeys(unknown, "This field cannot be set here")
            )
        return attrs

    def details(self, current: DeviceExtraction | None = None) -> ExtractionDetails:
        """The details as sent; on PATCH, over the extraction's ``current`` ones."""
        given = dict(self.validated_data)
        if current is not None and self.partial:
            # (DRF applies no default on PATCH: what is not sent stays as it was.)
            values = {f.name: getattr(current, f.name) for f in dataclass_fields(ExtractionDetails)}
            return ExtractionDetails(**{**values, **given})
        return ExtractionDetails(**given)


# -- the moves ------------------------------------------------------------------------------


class ExtractionNoticeSerializer(serializers.Serializer[Any]):
    given_on = _date("The date the written notice was given to the device's user.")
    in_writing = serializers.BooleanField(
        help_text="That the user was given the written notice (the current version's wording)."
    )


class ExtractionAgreeSerializer(serializers.Serializer[Any]):
    agreed_on = _date("The date the user agreed.")
    # Named as in the answer: one name, one enum.
    agreement_confirmation = serializers.ChoiceField(
        choices=WrittenConfirmation.choices,
        help_text="How the user confirmed their agreement in writing.",
        error_messages={
            "invalid_choice": "Choose how the user confirmed their agreement in writing"
        },
    )
    agreement_details = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="How, in words (needed for `other`).",
    )
    no_undue_pressure = serializers.BooleanField(
        help_text="That no undue pressure was applied to the user to agree (must be true)."
    )


class ExtractionRefuseSerializer(serializers.Serializer[Any]):
    refused_on = _date("The date the user refused (recorded without prejudice to the case).")


class ExtractionExtractSerializer(serializers.Serializer[Any]):
    extracted_on = _date("The date the information was extracted.")
    material = _text("What was extracted.")


class ExtractionReviewSerializer(serializers.Serializer[Any]):
    reviewed_on = _date("The date of the review.")
    material_reviewed = _text("What was reviewed.")
    all_reviewed = serializers.BooleanField(
        allow_null=True, help_text="Whether everything extracted was reviewed."
    )
    relevant = serializers.BooleanField(allow_null=True, help_text="Whether any of it is relevant.")
    relevant_summary = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="What was relevant (needed when it is): only that part is kept.",
    )


class ExtractionWithdrawSerializer(serializers.Serializer[Any]):
    withdrawn_on = _date("The date the user withdrew their agreement.")
    details = _text("How the user withdrew it.")


class ExtractionReturnSerializer(serializers.Serializer[Any]):
    returned_on = _date("The date the device was returned to its user.")


_STATUSES = ", ".join(ExtractionStatus.values)


class ExtractionFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=ExtractionStatus.choices,
        required=False,
        help_text="Only extractions in this status.",
        error_messages={"invalid_choice": f"Choose a status from: {_STATUSES}"},
    )
