"""The shapes of complainants, their contact log, letters and reviews in the API.

A complainant has lifelong anonymity. ``ComplainantSerializer`` writes the
identity and the rest of the record only when the view says the reader is
entitled to it (``context["identity_visible"]``, from
``victims.selectors.identity_visible_to``); for everyone else those keys are
absent from the answer — not null, not empty: absent — and the identity is
never read into it. The default is to withhold.

Input serializers check the shape of a request and nothing more: whether the
user may do it, and whether the case allows it, is for ``victims.services``
to decide (its messages are the browser's). Output serializers read rows the
views already fetched; none runs a query per row.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import CaseFile
from cases.serializers import PersonSerializer, ReadableTextSerializer
from victims.models import (
    Channel,
    Complainant,
    Contact,
    Direction,
    InterviewerSex,
    Letter,
    LetterKind,
    Review,
    ReviewOutcome,
    SpecialMeasure,
    SupportWithdrawal,
    WithdrawalReason,
)
from victims.selectors import owed_of

# What everyone who may see the case gets: the pseudonym, whether the
# complainant has enhanced rights (it sets the deadlines everyone sees),
# whether support is withdrawn, and the updates owed to them.
PSEUDONYMOUS_FIELDS = (
    "id",
    "pseudonym",
    "identity_withheld",
    "enhanced_rights",
    "support_withdrawn",
    "updates_owed",
)


# -- complainants ------------------------------------------------------------------


class OwedUpdateSerializer(serializers.Serializer[Any]):
    """An update owed to the complainant: a "tell the complainant" deadline
    opened by a key event, or the rolling regular update."""

    id = serializers.IntegerField(read_only=True, help_text="The deadline's id.")
    kind = serializers.CharField(
        read_only=True, help_text="tell_complainant_enhanced, tell_complainant or regular_update."
    )
    description = serializers.CharField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)


class WithdrawalSerializer(serializers.ModelSerializer[SupportWithdrawal]):
    class Meta:
        model = SupportWithdrawal
        fields = ["id", "withdrawn_on", "reason", "support_offered", "reinstated_on"]
        read_only_fields = fields


class ComplainantSerializer(serializers.ModelSerializer[Complainant]):
    """A complainant. Everyone who may see the case gets ``id``,
    ``pseudonym``, ``identity_withheld``, ``enhanced_rights``,
    ``support_withdrawn`` and ``updates_owed``. The identity (names, date of
    birth, address, postcode, phone, e-mail) and the rest of the record
    (needs, ISVA, how to contact them, Victim Personal Statement, withdrawals,
    ``version``) are present only for those entitled to the identity (the
    officer in the case, officers granted the case, the allocated
    prosecutor); for everyone else those keys are absent, not null."""

    identity_withheld = serializers.SerializerMethodField()
    support_withdrawn = serializers.SerializerMethodField()
    updates_owed = serializers.SerializerMethodField()
    withdrawals = WithdrawalSerializer(many=True, read_only=True)

    class Meta:
        model = Complainant
        fields = [
            *PSEUDONYMOUS_FIELDS,
            "first_names",
            "last_name",
            "date_of_birth",
            "address",
            "postcode",
            "phone",
            "email",
            "enhanced_rights_opted_out_on",
            "vulnerable_or_intimidated",
            "interpreter_needed",
            "language",
            "accessibility_needs",
            "interviewer_sex",
            "special_measures",
            "isva_name",
            "isva_service",
            "isva_contact",
            "isva_may_be_told",
            "preferred_channel",
            "safe_times",
            "no_voicemail",
            "no_letters_home",
            "update_every_days",
            "updates_through_isva",
            "vps_offered_on",
            "vps_made_on",
            "vps_read_in_court",
            "withdrawals",
            "created_at",
            "version",
        ]
        read_only_fields = fields

    def _identity_visible(self) -> bool:
        return bool(self.context.get("identity_visible", False))

    def get_identity_withheld(self, complainant: Complainant) -> bool:
        return not self._identity_visible()

    def get_support_withdrawn(self, complainant: Complainant) -> bool:
        withdrawn = getattr(complainant, "support_withdrawn", None)
        if withdrawn is None:
            # Not annotated: a row fresh from a service.
            withdrawn = complainant.withdrawals.filter(reinstated_on=None).exists()
        return bool(withdrawn)

    @extend_schema_field(OwedUpdateSerializer(many=True))
    def get_updates_owed(self, complainant: Complainant) -> Any:
        return OwedUpdateSerializer(owed_of(complainant), many=True).data

    def to_representation(self, instance: Complainant) -> dict[str, Any]:
        if self._identity_visible():
            return dict(super().to_representation(instance))
        # Only the pseudonymous fields are read at all: the identity never
        # enters the answer, so it cannot leak from it.
        answer: dict[str, Any] = {}
        for field in self._readable_fields:
            if field.field_name not in PSEUDONYMOUS_FIELDS:
                continue
            value = field.get_attribute(instance)
            answer[field.field_name] = None if value is None else field.to_representation(value)
        return answer


class ComplainantSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]
    """In the schema only the pseudonymous fields are required: the others
    are in the answer only for readers entitled to the identity."""

    target_class = ComplainantSerializer

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = list(PSEUDONYMOUS_FIELDS)
        return schema


class ComplainantInput(serializers.Serializer[Any]):
    """The record the police keep (the same list as
    ``victims.services.RECORD_FIELDS``). Phone numbers, postcodes and e-mail
    addresses are checked by the service, with the browser's messages."""

    first_names = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    address = serializers.CharField(required=False, allow_blank=True)
    postcode = serializers.CharField(
        max_length=10, required=False, allow_blank=True, help_text="A UK postcode."
    )
    phone = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        help_text="A UK number; kept in international form (+447700900123).",
    )
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    enhanced_rights = serializers.BooleanField(
        required=False, help_text="Opting out (false) is recorded with today's date."
    )
    vulnerable_or_intimidated = serializers.BooleanField(required=False)
    interpreter_needed = serializers.BooleanField(required=False)
    language = serializers.CharField(max_length=60, required=False, allow_blank=True)
    accessibility_needs = serializers.CharField(required=False, allow_blank=True)
    interviewer_sex = serializers.ChoiceField(
        choices=InterviewerSex.choices, required=False, allow_blank=True
    )
    special_measures = serializers.ListField(
        child=serializers.ChoiceField(choices=SpecialMeasure.choices), required=False
    )
    isva_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    isva_service = serializers.CharField(max_length=150, required=False, allow_blank=True)
    isva_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    isva_may_be_told = serializers.BooleanField(required=False)
    preferred_channel = serializers.ChoiceField(
        choices=Channel.choices, required=False, allow_blank=True
    )
    safe_times = serializers.CharField(max_length=200, required=False, allow_blank=True)
    no_voicemail = serializers.BooleanField(required=False)
    no_letters_home = serializers.BooleanField(required=False)
    update_every_days = serializers.IntegerField(
        min_value=1, max_value=365, required=False, help_text="Regular updates, every N days."
    )
    updates_through_isva = serializers.BooleanField(required=False)
    vps_offered_on = serializers.DateField(required=False, allow_null=True)
    vps_made_on = serializers.DateField(required=False, allow_null=True)
    vps_read_in_court = serializers.BooleanField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Refuse what cannot be set here (a pseudonym, a case) rather than
        # ignore it: the client must not believe it was saved.
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                dict.fromkeys(unknown, "This field cannot be set here")
            )
        return attrs


class ComplainantCreateSerializer(ComplainantInput):
    first_names = serializers.CharField(max_length=100, allow_blank=True)
    last_name = serializers.CharField(max_length=100, allow_blank=True)


class ComplainantUpdateSerializer(ComplainantInput):
    version = serializers.IntegerField(
        min_value=1,
        help_text=(
            "The version of the record you are editing, from the complainant you read. If "
            "someone changed it since, nothing is saved and the answer is 409."
        ),
    )


class ComplainantUpdateSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]
    """drf-spectacular makes every field of a PATCH body optional; the
    version is not."""

    target_class = ComplainantUpdateSerializer

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = ["version"]
        return schema


class SupportWithdrawSerializer(serializers.Serializer[Any]):
    withdrawn_on = serializers.DateField()
    reason = serializers.ChoiceField(
        choices=WithdrawalReason.choices,
        error_messages={"invalid_choice": "Choose the reason for the withdrawal"},
    )
    support_offered = serializers.BooleanField(
        help_text="Was support (an ISVA, special measures) offered before the withdrawal?"
    )


class SupportReinstateSerializer(serializers.Serializer[Any]):
    reinstated_on = serializers.DateField()


# -- the contact log --------------------------------------------------------------


class CommunicatedSerializer(serializers.Serializer[Any]):
    """A "tell the complainant" deadline a contact met."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    due_on = serializers.DateField(read_only=True)


class ContactSerializer(serializers.ModelSerializer[Contact]):
    """An entry of the contact log: never changed once written. A correction
    is a new entry naming the one it corrects (``corrects``); the original
    lists its corrections."""

    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    direction_display = serializers.CharField(source="get_direction_display", read_only=True)
    communicated = CommunicatedSerializer(many=True, read_only=True)
    corrections = serializers.PrimaryKeyRelatedField[Contact](many=True, read_only=True)
    recorded_by = PersonSerializer(read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "complainant",
            "contacted_at",
            "channel",
            "channel_display",
            "direction",
            "direction_display",
            "through_isva",
            "summary",
            "communicated",
            "corrects",
            "corrections",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class ContactCorrectSerializer(serializers.Serializer[Any]):
    """A correction: the contact as it should have been logged."""

    contacted_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        error_messages={"invalid_choice": "Choose how the contact was made"},
    )
    direction = serializers.ChoiceField(
        choices=Direction.choices,
        error_messages={"invalid_choice": "Say whether the contact was to or from the complainant"},
    )
    summary = serializers.CharField(allow_blank=True)
    through_isva = serializers.BooleanField(required=False, default=False)


class ContactLogSerializer(ContactCorrectSerializer):
    communicated = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text=(
            "The ids of the owed updates (``updates_owed``) this contact told the complainant "
            "of. Leave it out for all of them; [] for none."
        ),
    )


# -- letters -----------------------------------------------------------------------


class LetterSerializer(serializers.ModelSerializer[Letter]):
    """A letter as generated (the PDF is at ``download_url``). ``sent_at``
    is null until it is marked sent, which logs a contact."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    generated_by = PersonSerializer(read_only=True)
    sent_at = serializers.DateTimeField(
        source="sent_contact.contacted_at", read_only=True, allow_null=True
    )
    sent_contact = serializers.PrimaryKeyRelatedField[Contact](read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "complainant",
            "kind",
            "kind_display",
            "generated_by",
            "generated_at",
            "sent_at",
            "sent_contact",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, letter: Letter) -> str:
        return reverse(
            "complainant-letter-download",
            kwargs={
                "case_pk": letter.case_id,
                "complainant_pk": letter.complainant_id,
                "pk": letter.pk,
            },
        )


class LetterGenerateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=LetterKind.choices, error_messages={"invalid_choice": "Choose the letter"}
    )


class LetterMarkSentSerializer(serializers.Serializer[Any]):
    sent_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        default=Channel.LETTER,
        help_text="letter (by post, the default), email or in_person (by hand).",
    )


# -- the Victims' Right to Review ---------------------------------------------------------


# A review's free text, which may name the complainant.
REVIEW_REASON_FIELDS = ("late_reason", "outcome_reasons")


# The docstring below is the published schema's description of a review.
class ReviewSerializer(ReadableTextSerializer):
    """A request for a review of a decision to take no further action, by
    the complainant's pseudonym. Its reasons (``late_reason``,
    ``outcome_reasons``) are free text that may name the complainant: they
    are present only for those entitled to the identity and for the
    reviewers of the review's scheme (``victims.rules.review_reasons_visible``);
    for everyone else the keys are absent, not empty. The view passes
    ``context["reasons_visible"]``, the answer for each scheme; the default
    is to withhold."""

    # The reviewers of the scheme are not all entitled to the identity: they
    # read the reasons through the identity scrubber.
    readable_fields = REVIEW_REASON_FIELDS

    pseudonym = serializers.CharField(source="complainant.pseudonym", read_only=True)
    scheme_display = serializers.CharField(source="get_scheme_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = PersonSerializer(read_only=True)
    completed_by = PersonSerializer(read_only=True, allow_null=True)
    acknowledge_by = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="When the open acknowledgement is due (police scheme), else null.",
    )
    complete_by = serializers.DateField(
        read_only=True, allow_null=True, help_text="When the open review is due, else null."
    )

    class Meta(ReadableTextSerializer.Meta):
        model = Review
        fields = [
            "id",
            "complainant",
            "pseudonym",
            "scheme",
            "scheme_display",
            "told_on",
            "requested_on",
            "in_time",
            "late_reason",
            "status",
            "status_display",
            "acknowledged_on",
            "acknowledge_by",
            "complete_by",
            "outcome",
            "outcome_reasons",
            "completed_on",
            "requested_by",
            "completed_by",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "late_reason": {
                "help_text": "Why a late request was accepted. Present only for those "
                "entitled to the complainant's identity and the reviewers of the scheme."
            },
            "outcome_reasons": {
                "help_text": "Why the decision was upheld or overturned. Present only for "
                "those entitled to the complainant's identity and the reviewers of the scheme."
            },
        }

    def case_of(self, instance: Review) -> CaseFile:
        # The case the view read (every review listed is of it).
        case = self.context.get("case")
        return case if isinstance(case, CaseFile) else instance.case

    def _reasons_visible(self, review: Review) -> bool:
        visible: dict[str, bool] = self.context.get("reasons_visible") or {}
        return bool(visible.get(review.scheme, False))

    def to_representation(self, instance: Review) -> dict[str, Any]:
        answer = dict(super().to_representation(instance))
        if not self._reasons_visible(instance):
            for name in REVIEW_REASON_FIELDS:
                del answer[name]
        return answer


class ReviewSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]
    """The reasons are not required in the schema: they are in the answer
    only for those who may read them."""

    target_class = ReviewSerializer

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = [
            name for name in schema.get("required", []) if name not in REVIEW_REASON_FIELDS
        ]
        return schema


class ReviewRequestSerializer(serializers.Serializer[Any]):
    told_on = serializers.DateField(help_text="When the complainant was told of the decision.")
    requested_on = serializers.DateField()
    late_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why a late request is accepted (needed only when it is late).",
    )


class ReviewAcknowledgeSerializer(serializers.Serializer[Any]):
    acknowledged_on = serializers.DateField(required=False, help_text="Defaults to today.")


class ReviewCompleteSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(
        choices=ReviewOutcome.choices,
        error_messages={"invalid_choice": "Choose the outcome of the review"},
    )
    reasons = serializers.CharField(allow_blank=True)
    completed_on = serializers.DateField(required=False, help_text="Defaults to today.")
