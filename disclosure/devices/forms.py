"""Browser forms for device extractions: the request itself (the fields of
``services.ExtractionDetails``, defined there once) and one small form per
step of its life. They check the shape of what was typed; the services
decide whether it may be done and whether it is complete."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms import date_field
from disclosure.devices.models import DataCategory, DeviceExtraction, WrittenConfirmation
from disclosure.devices.services import ExtractionDetails
from victims.models import Complainant

_TEXT = forms.Textarea(attrs={"rows": 4})


def _text(label: str, *, help_text: str = "", required: bool = False) -> forms.CharField:
    # The services say what is missing (every problem at once), so the form
    # takes an empty answer and passes it on.
    return forms.CharField(label=label, widget=_TEXT, required=required, help_text=help_text)


class _Pseudonym(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.pseudonym)


_YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, required: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=_YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


class ExtractionForm(forms.Form):
    """The request: whose device, why, and the scope. Its fields are those of
    ``ExtractionDetails``."""

    complainant = _Pseudonym(
        label="Whose device: a complainant",
        queryset=Complainant.objects.none(),
        required=False,
        empty_label="Not a complainant's: a witness's",
    )
    witness = forms.CharField(
        label="Or a witness, by their pseudonym on the case",
        help_text="For example, W1. Leave it empty for a complainant's device.",
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    device = forms.CharField(
        label="The device", help_text="Its kind, make and model.", required=False
    )
    purpose = _text("What the extraction is for")
    line_of_enquiry = _text("The reasonable line of enquiry it serves")
    necessity = _text("Why it is necessary and proportionate")
    less_intrusive_means = _text(
        "The less intrusive means considered",
        help_text="Screenshots the user sends, a look at one conversation with them, "
        "the other party's device: why they are not enough.",
    )
    date_from = date_field("Information from", what="date the information sought starts from")
    date_to = date_field("Information to", what="date the information sought runs to")
    data_categories = forms.MultipleChoiceField(
        label="The kinds of data sought",
        help_text="Only these are extracted: not the whole device.",
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    categories_other = forms.CharField(label="Other data sought", required=False)
    applications = _text(
        "The applications", help_text="For example: WhatsApp, the messages with one contact."
    )

    def __init__(
        self,
        data: Any = None,
        *,
        complainants: QuerySet[Complainant],
        instance: DeviceExtraction | None = None,
    ) -> None:
        initial = (
            {f.name: getattr(instance, f.name) for f in dataclass_fields(ExtractionDetails)}
            if instance is not None
            else None
        )
        super().__init__(data, initial=initial)
        self.fields["complainant"].queryset = complainants  # type: ignore[attr-defined]

    def details(self) -> ExtractionDetails:
        data = self.cleaned_data
        return ExtractionDetails(
            **{f.name: data[f.name] for f in dataclass_fields(ExtractionDetails)}
        )


class NoticeForm(forms.Form):
    """The written notice given to the device's user."""

    given_on = date_field("Date the notice was given", required=True)
    in_writing = forms.BooleanField(
        label="I gave the user the written notice in the words above, with what is sought and why",
        required=False,
    )


class AgreeForm(forms.Form):
    agreed_on = date_field("Date the user agreed", required=True)
    agreement_confirmation = forms.ChoiceField(
        label="How they confirmed it in writing",
        choices=WrittenConfirmation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the user confirmed their agreement in writing"},
    )
    agreement_details = _text("Details", help_text="Needed for another written means.")
    no_undue_pressure = forms.BooleanField(
        label="No undue pressure was applied to the user to agree", required=False
    )


class RefuseForm(forms.Form):
    refused_on = date_field("Date the user refused", required=True)


class ExtractForm(forms.Form):
    extracted_on = date_field("Date the information was extracted", required=True)
    material = _text("What was extracted", required=True)


class ReviewForm(forms.Form):
    reviewed_on = date_field("Date of the review", required=True)
    material_reviewed = _text("What was reviewed", required=True)
    all_reviewed = _yes_no(
        "Was everything extracted reviewed?", "Say whether everything extracted was reviewed"
    )
    relevant = _yes_no("Is any of it relevant?", "Say whether any of it is relevant")
    relevant_summary = _text(
        "What was relevant", help_text="Only the relevant part is kept with the case."
    )


class WithdrawForm(forms.Form):
    withdrawn_on = date_field("Date the user withdrew their agreement", required=True)
    details = _text("How they told you", required=True)


class ReturnForm(forms.Form):
    returned_on = date_field("Date the device was returned", required=True)
