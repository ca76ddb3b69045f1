"""The shapes of victim information requests in the API.

A request is as restricted as the complainant's identity, and the
complainant appears in it by pseudonym only (``pseudonym``, and
``complainant``, the id): no key of the answer holds their name, date of
birth, address or contact details, for anyone. Its free text (what is
sought, the line of enquiry, the statutory tests, reasons, the complainant's
view, the material received) may name the complainant: a reader not entitled
to the identity (a police supervisor deciding on a counselling or flagged
request) reads it through the identity scrubber (``ReadableTextSerializer``).

Input serializers check the shape of a request and nothing more: whether the
user may do it, whether the request's state allows it, and whether what was
written answers the statutory tests is for ``disclosure.requests.services``
to decide, with the browser's messages (a required text may be sent blank:
the service says what it needs).
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from rest_framework import serializers

from cases.serializers import PersonSerializer, ReadableTextSerializer
from disclosure.requests.models import (
    CpsDecision,
    HolderKind,
    NoticeDelay,
    RequestStatus,
    VictimInformationRequest,
)
from disclosure.requests.services import RequestDetails
from victims.models import Complainant
from victims.selectors import case_complainants

# Every text of a request that may name the complainant.
REQUEST_TEXT_FIELDS = (
    "holder_name",
    "information_sought",
    "line_of_enquiry",
    "issue_in_case",
    "holder_has_it",
    "relevance",
    "necessity",
    "less_intrusive_means",
    "probative_value",
    "approval_reasons",
    "override_reasons",
    "returned_reason",
    "cps_reasons",
    "notice_delay_reason",
    "complainant_view",
    "material_received",
    "relevant_summary",
    "withdrawal_reason",
)

# The users a request names: the list selects them all in its one query.
REQUEST_PEOPLE = (
    "created_by",
    "approved_by",
    "override_by",
    "returned_by",
    "cps_decided_by",
    "reviewed_by",
    "withdrawn_by",
)


def _person() -> PersonSerializer:
    return PersonSerializer(read_only=True, allow_null=True)


# The docstring below is the published schema's description of a request.
class VictimInformationRequestSerializer(ReadableTextSerializer):
    """A request to a third party for a complainant's information, with the
    three statutory tests answered, the supervisor's approval or override,
    the prosecutor's decision, the notice to the complainant and the reply.
    The complainant appears by pseudonym only. Free text is read through
    the identity scrubber by anyone not entitled to the complainant's
    identity."""

    readable_fields = REQUEST_TEXT_FIELDS

    pseudonym = serializers.CharField(source="complainant.pseudonym", read_only=True)
    holder_kind_display = serializers.CharField(source="get_holder_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    cps_decision_display = serializers.CharField(source="get_cps_decision_display", read_only=True)
    notice_delay_display = serializers.CharField(source="get_notice_delay_display", read_only=True)
    created_by = PersonSerializer(read_only=True)
    approved_by = _person()
    override_by = _person()
    returned_by = _person()
    cps_decided_by = _person()
    reviewed_by = _person()
    withdrawn_by = _person()

    class Meta(ReadableTextSerializer.Meta):
        model = VictimInformationRequest
        fields = [
            "id",
            "case",
            "complainant",
            "pseudonym",
            "status",
            "status_display",
            "holder_kind",
            "holder_kind_display",
            "holder_name",
            "information_sought",
            "date_from",
            "date_to",
            "line_of_enquiry",
            "issue_in_case",
            "holder_has_it",
            "relevance",
            "necessity",
            "less_intrusive_means",
            "probative_value",
            "credibility_flagged",
            "credibility_terms",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_by",
            "approved_at",
            "approval_reasons",
            "override_by",
            "override_at",
            "override_reasons",
            "returned_by",
            "returned_at",
            "returned_reason",
            "cps_decision",
            "cps_decision_display",
            "cps_decided_by",
            "cps_decided_at",
            "cps_reasons",
            "notice_contact",
            "notice_given_on",
            "notice_delay",
            "notice_delay_display",
            "notice_delay_reason",
            "complainant_view",
            "complainant_view_recorded_at",
            "sent_on",
            "reply_by",
            "reply_deadline",
            "received_on",
            "material_received",
            "reviewed_by",
            "reviewed_at",
            "relevant",
            "relevant_summary",
            "withdrawn_by",
            "withdrawn_at",
            "withdrawal_reason",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "complainant": {"help_text": "The complainant's id (shown by pseudonym only)."},
            "credibility_flagged": {
                "help_text": "The rationale rests on the complainant's credibility or "
                "character alone: a supervisor's override is needed before it goes on."
            },
            "credibility_terms": {
                "help_text": "The credibility terms the rationale uses, flagged or not."
            },
            "notice_contact": {
                "help_text": "The contact-log entry of the written notice to the complainant."
            },
            "reply_deadline": {"help_text": "The deadline of the holder's reply, once sent."},
        }


# -- what an officer writes ---------------------------------------------------------------


def _text(help_text: str = "") -> serializers.CharField:
    """A text the service checks (blank is allowed here: the service says
    what is missing, with every other problem at once)."""
    return serializers.CharField(allow_blank=True, help_text=help_text)


def _date(help_text: str) -> serializers.DateField:
    return serializers.DateField(allow_null=True, help_text=help_text)


class RequestDetailsSerializer(serializers.Serializer[Any]):
    """What a request asks and why: ``disclosure.requests.services.RequestDetails``.
    Every field but ``probative_value`` is needed (on PATCH, only those
    that change); the service checks what is written against the statutory
    tests, every problem at once, and saves nothing if any is found."""

    holder_kind = serializers.ChoiceField(
        choices=HolderKind.choices,
        error_messages={"invalid_choice": "Choose the kind of holder"},
    )
    holder_name = _text("Who holds the information (200 characters at most).")
    information_sought = _text("The specific information sought.")
    date_from = _date("The information sought starts from this date.")
    date_to = _date("The information sought runs to this date (not past today).")
    line_of_enquiry = _text("The reasonable line of enquiry the request serves.")
    issue_in_case = _text("The issue in the case the information bears on.")
    holder_has_it = _text("Reason to believe the holder has the information.")
    relevance = _text("Reason to believe it is relevant to a reasonable line of enquiry.")
    necessity = _text("Why the request is necessary and proportionate.")
    less_intrusive_means = _text("The less intrusive means considered first.")
    probative_value = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="Counselling or therapy records only (and needed for them): why they are "
        "likely to have substantial probative value.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Refuse what cannot be set here (a status, an approval) rather than
        # ignore it: the client must not believe it was saved.
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                dict.fromkeys(unknown, "This field cannot be set here")
            )
        return attrs

    def details(self, current: VictimInformationRequest | None = None) -> RequestDetails:
        """The details as sent; on PATCH, over the request's ``current`` ones."""
        given = dict(self.validated_data)
        if current is not None and self.partial:
            # (DRF applies no default on PATCH: what is not sent stays as it was.)
            values = {f.name: getattr(current, f.name) for f in dataclass_fields(RequestDetails)}
            return RequestDetails(**{**values, **given})
        return RequestDetails(**given)


class RequestCreateSerializer(RequestDetailsSerializer):
    complainant = serializers.PrimaryKeyRelatedField(
        queryset=Complainant.objects.none(),
        help_text="The complainant whose information is sought (a complainant of this case).",
        error_messages={"does_not_exist": "Choose a complainant of this case"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the complainants of the case the view read.
        case = self.context.get("case")
        field = self.fields["complainant"]
        if case is not None and isinstance(field, serializers.PrimaryKeyRelatedField):
            field.queryset = case_complainants(case)

    def details(self, current: VictimInformationRequest | None = None) -> RequestDetails:
        given = dict(self.validated_data)
        given.pop("complainant")
        return RequestDetails(**given)


# -- the moves ------------------------------------------------------------------------------


class RequestReasonsSerializer(serializers.Serializer[Any]):
    """A supervisor's approval or override, with reasons."""

    reasons = _text("Why.")


class RequestReasonSerializer(serializers.Serializer[Any]):
    """A return to the officer, or a withdrawal, saying why."""

    reason = _text("Why.")


class RequestCpsDecisionSerializer(serializers.Serializer[Any]):
    # Named as in the answer (the service's ``decision``): one name, one enum.
    cps_decision = serializers.ChoiceField(
        choices=CpsDecision.choices,
        error_messages={
            "invalid_choice": "Choose whether you agree, ask for changes or reject the request"
        },
    )
    reasons = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="What should change (needed for changes), or why it is rejected (needed "
        "for a rejection).",
    )


class RequestNoticeSerializer(serializers.Serializer[Any]):
    """Written notice given to the complainant: logged as a contact."""

    given_at = serializers.DateTimeField(allow_null=True, help_text="When it was given.")
    channel = serializers.CharField(
        allow_blank=True, help_text="letter or email: written notice only."
    )
    summary = _text("What the complainant was told: what is sought, why, how it is handled.")
    through_isva = serializers.BooleanField(required=False, default=False)


_DELAYS = [(value, label) for value, label in NoticeDelay.choices if value]


class RequestNoticeDelaySerializer(serializers.Serializer[Any]):
    # Named as in the answer (the service's ``delay``): one name, one enum.
    notice_delay = serializers.ChoiceField(
        choices=_DELAYS,
        error_messages={"invalid_choice": "Choose whether notice is delayed or withheld"},
    )
    reason = _text("Why notice is delayed or withheld.")


class RequestViewSerializer(serializers.Serializer[Any]):
    view = _text("The complainant's view of the request (replaces any earlier one).")


class RequestSendSerializer(serializers.Serializer[Any]):
    sent_on = _date("The date the request is sent to the holder.")
    reply_by = _date("The date the holder is to reply by: a deadline owed by the OIC.")


class RequestReceiveSerializer(serializers.Serializer[Any]):
    received_on = _date("The date the material was received.")
    material = _text("The material received.")


class RequestReviewSerializer(serializers.Serializer[Any]):
    relevant = serializers.BooleanField(
        allow_null=True, help_text="Whether any of the material is relevant."
    )
    relevant_summary = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="Which part is relevant (needed when it is): only that part is scheduled.",
    )


_STATUSES = ", ".join(RequestStatus.values)


class RequestFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=RequestStatus.choices,
        required=False,
        help_text="Only requests in this status.",
        error_messages={"invalid_choice": f"Choose a status from: {_STATUSES}"},
    )
