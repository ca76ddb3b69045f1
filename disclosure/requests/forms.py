"""Browser forms for victim information requests: the request itself (the
fields of ``services.RequestDetails``, defined there once) and one small form
per step of its life. They check the shape of what was typed; the services
decide whether it may be done and whether it is complete."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from cases.forms import date_field
from disclosure.requests.models import (
    WRITTEN_CHANNELS,
    CpsDecision,
    HolderKind,
    NoticeDelay,
    VictimInformationRequest,
)
from disclosure.requests.services import RequestDetails
from victims.models import Channel, Complainant

_TEXT = forms.Textarea(attrs={"rows": 4})
_NO_CREDIBILITY = (
    "Say what the information will show about the events: a request resting on the "
    "complainant's credibility or character alone is flagged for a supervisor."
)


def _text(label: str, *, help_text: str = "", required: bool = False) -> forms.CharField:
    # The services say what is missing (every problem at once), so the form
    # takes an empty answer and passes it on.
    return forms.CharField(label=label, widget=_TEXT, required=required, help_text=help_text)


class _Pseudonym(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.pseudonym)


class RequestForm(forms.Form):
    """The request: for whom, to whom, what and why. Its fields are those of
    ``RequestDetails`` (and the complainant, when drafting)."""

    complainant = _Pseudonym(
        label="For which complainant",
        queryset=Complainant.objects.none(),
        empty_label="Choose the complainant",
        error_messages={"required": "Choose the complainant"},
    )
    holder_kind = forms.ChoiceField(
        label="Kind of holder",
        choices=[("", "Choose the kind of holder"), *HolderKind.choices],
        required=False,
    )
    holder_name = forms.CharField(label="Who holds the information", required=False)
    information_sought = _text(
        "The specific information sought",
        help_text="Not 'all records': say exactly what, so the holder sends only that.",
    )
    date_from = date_field("Records from", what="date the information sought starts from")
    date_to = date_field("Records to", what="date the information sought runs to")
    line_of_enquiry = _text("The reasonable line of enquiry it serves", help_text=_NO_CREDIBILITY)
    issue_in_case = _text("The issue in the case it bears on")
    holder_has_it = _text("Why there is reason to believe the holder has the information")
    relevance = _text(
        "Why there is reason to believe it is relevant to a reasonable line of enquiry"
    )
    necessity = _text("Why the request is necessary and proportionate")
    less_intrusive_means = _text("The less intrusive means considered first")
    probative_value = _text(
        "Counselling or therapy records only: why they are likely to have substantial "
        "probative value",
        help_text="The Code of Practice presumes such a request is not necessary or "
        "proportionate: a police supervisor approves it before it is sent.",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        complainants: QuerySet[Complainant] | None = None,
        instance: VictimInformationRequest | None = None,
    ) -> None:
        initial = (
            {f.name: getattr(instance, f.name) for f in dataclass_fields(RequestDetails)}
            if instance is not None
            else None
        )
        super().__init__(data, initial=initial)
        if complainants is None:  # a change: the complainant stays
            del self.fields["complainant"]
        else:
            self.fields["complainant"].queryset = complainants  # type: ignore[attr-defined]

    def details(self) -> RequestDetails:
        data = self.cleaned_data
        return RequestDetails(**{f.name: data[f.name] for f in dataclass_fields(RequestDetails)})


class ReasonsForm(forms.Form):
    reasons = _text("Reasons", required=True)

    def __init__(self, data: Any = None, *, label: str, required: str) -> None:
        super().__init__(data)
        self.fields["reasons"].label = label
        self.fields["reasons"].error_messages["required"] = required


class CpsDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=CpsDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree, ask for changes or reject it"},
    )
    reasons = _text(
        "Reasons", help_text="Needed to ask for changes or to reject: the officer reads them."
    )


class NoticeForm(forms.Form):
    """The written notice to the complainant: an entry of their contact log."""

    given_on = date_field("Date the notice was given", required=True)
    given_time = forms.TimeField(
        label="Time",
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time the notice was given",
            "invalid": "Enter the time as a real time, like 14:30",
        },
    )
    channel = forms.ChoiceField(
        label="How",
        choices=[(c.value, c.label) for c in Channel if c.value in WRITTEN_CHANNELS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the written notice was given"},
    )
    through_isva = forms.BooleanField(label="Through their ISVA", required=False)
    summary = _text(
        "What the notice said",
        help_text="What is sought, why, and how it will be handled.",
        required=True,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        on, at = cleaned.pop("given_on", None), cleaned.pop("given_time", None)
        cleaned["given_at"] = timezone.make_aware(datetime.combine(on, at)) if on and at else None
        return cleaned


class NoticeDelayForm(forms.Form):
    delay = forms.ChoiceField(
        label="The notice is",
        choices=[c for c in NoticeDelay.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the notice is delayed or withheld"},
    )
    reason = _text("Why", required=True)


class ViewForm(forms.Form):
    view = _text("The complainant's view of the request", required=True)


class SendForm(forms.Form):
    sent_on = date_field("Date sent to the holder", required=True)
    reply_by = date_field("Reply due by", required=True, what="date the reply is due")


class ReceiveForm(forms.Form):
    received_on = date_field("Date the material was received", required=True)
    material = _text("What was received", required=True)


class ReviewForm(forms.Form):
    relevant = forms.TypedChoiceField(
        label="Is any of it relevant?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether any of the material is relevant"},
    )
    relevant_summary = _text(
        "The relevant part",
        help_text="Only the relevant part is scheduled as unused material.",
    )
