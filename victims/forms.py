"""Complainants' browser forms. They parse what a user typed; the services in
``victims.services`` check it against the record and the case and decide
whether it may be done (their refusal is shown in the error summary).

A complainant's record is changed a section at a time, each form carrying
the version of the record it was opened at: a stale edit is refused."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from cases.forms import date_field
from cases.models import Deadline
from victims.models import (
    Channel,
    Complainant,
    Contact,
    Direction,
    InterviewerSex,
    ReviewOutcome,
    SpecialMeasure,
    WithdrawalReason,
)
from victims.services import LETTER_CHANNELS, phone_normalised, postcode_normalised

_TEXT = forms.Textarea(attrs={"rows": 4})
_YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, max_length: int, *, hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, help_text=hint)


def _choice_messages(what: str) -> dict[str, str]:
    return {"required": f"Choose {what}", "invalid_choice": f"Choose {what} from the list"}


def _yes_no_field(label: str, *, required: bool, what: str, hint: str = "") -> forms.Field:
    choices = _YES_NO if required else [*_YES_NO, ("", "Not known yet")]
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        required=required,
        choices=choices,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages=_choice_messages(what),
    )


def _as_yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


# -- adding a complainant -----------------------------------------------------------


class ComplainantForm(forms.Form):
    first_names = forms.CharField(
        label="First names", max_length=100, error_messages={"required": "Enter the first names"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    date_of_birth = date_field("Date of birth", hint="For example, 27/3/1990")
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=30)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    enhanced_rights = forms.BooleanField(
        label="Has enhanced rights under the Victims' Code",
        required=False,
        initial=True,
        help_text="Every RASSO complainant has them unless they opt out",
    )


# -- the record, a section at a time ---------------------------------------------------------


class RecordSectionForm(forms.Form):
    """One section of the record. ``FIELDS`` are the record's fields it
    changes; the hidden version is the record's when the form was opened."""

    FIELDS: ClassVar[tuple[str, ...]] = ()
    TITLE: ClassVar[str] = ""

    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_complainant(cls, complainant: Complainant, data: Any = None) -> RecordSectionForm:
        initial = {name: cls.initial_of(complainant, name) for name in cls.FIELDS}
        return cls(data, initial={**initial, "version": complainant.version})

    @classmethod
    def initial_of(cls, complainant: Complainant, name: str) -> Any:
        return getattr(complainant, name)

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class IdentityForm(RecordSectionForm):
    TITLE = "Identity and contact details"
    FIELDS = ("first_names", "last_name", "date_of_birth", "address", "postcode", "phone", "email")

    first_names = ComplainantForm.base_fields["first_names"]
    last_name = ComplainantForm.base_fields["last_name"]
    date_of_birth = date_field("Date of birth", hint="For example, 27/3/1990")
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=30,
        help_text="A UK number, like 07700 900 982 or 01632 960 001",
    )
    email = ComplainantForm.base_fields["email"]

    def clean_phone(self) -> str:
        # The service's own check, so the message is the same everywhere.
        return phone_normalised(self.cleaned_data.get("phone") or "")

    def clean_postcode(self) -> str:
        return postcode_normalised(self.cleaned_data.get("postcode") or "")


class NeedsForm(RecordSectionForm):
    TITLE = "Rights and needs"
    FIELDS = (
        "enhanced_rights",
        "vulnerable_or_intimidated",
        "interpreter_needed",
        "language",
        "accessibility_needs",
        "interviewer_sex",
        "special_measures",
    )

    enhanced_rights = forms.BooleanField(
        label="Has enhanced rights under the Victims' Code",
        required=False,
        help_text="Every RASSO complainant has them unless they opt out; an opt-out is dated",
    )
    vulnerable_or_intimidated = forms.BooleanField(
        label="Vulnerable or intimidated witness", required=False
    )
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    language = _text("Language", 60, hint="The language an interpreter is needed for")
    accessibility_needs = forms.CharField(label="Accessibility needs", required=False, widget=_TEXT)
    interviewer_sex = forms.ChoiceField(
        label="Preferred sex of interviewer",
        required=False,
        choices=InterviewerSex.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("a preferred sex of interviewer"),
    )
    special_measures = forms.MultipleChoiceField(
        label="Special measures sought",
        required=False,
        choices=SpecialMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages=_choice_messages("special measures"),
    )


class SupportForm(RecordSectionForm):
    TITLE = "Support (ISVA)"
    FIELDS = ("isva_name", "isva_service", "isva_contact", "isva_may_be_told")

    isva_name = _text("ISVA's name", 100, hint="Their Independent Sexual Violence Adviser")
    isva_service = _text("ISVA service", 150)
    isva_contact = _text("ISVA's contact details", 200)
    isva_may_be_told = forms.BooleanField(
        label="Agrees to information being shared with the ISVA", required=False
    )


class ContactPreferencesForm(RecordSectionForm):
    TITLE = "How to contact them"
    FIELDS = (
        "preferred_channel",
        "safe_times",
        "no_voicemail",
        "no_letters_home",
        "update_every_days",
        "updates_through_isva",
    )

    preferred_channel = forms.ChoiceField(
        label="Preferred way to be contacted",
        required=False,
        choices=[("", "No preference"), *Channel.choices],
        error_messages=_choice_messages("how they prefer to be contacted"),
    )
    safe_times = _text("Safe times to contact them", 200, hint="For example, weekdays after 6pm")
    no_voicemail = forms.BooleanField(label="Do not leave voicemail", required=False)
    no_letters_home = forms.BooleanField(
        label="Do not send letters to the home address", required=False
    )
    update_every_days = forms.IntegerField(
        label="Regular updates every (days)",
        min_value=1,
        max_value=365,
        help_text="Agreed with the complainant; 28 days unless they want otherwise",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how often they want regular updates, in days",
            "invalid": "Enter how often they want regular updates as a number of days",
            "min_value": "Regular updates must be every 1 to 365 days",
            "max_value": "Regular updates must be every 1 to 365 days",
        },
    )
    updates_through_isva = forms.BooleanField(label="Send updates through the ISVA", required=False)


class VpsForm(RecordSectionForm):
    TITLE = "Victim Personal Statement"
    FIELDS = ("vps_offered_on", "vps_made_on", "vps_read_in_court")

    vps_offered_on = date_field("Date offered", what="date the statement was offered")
    vps_made_on = date_field("Date made", what="date the statement was made")
    vps_read_in_court = _yes_no_field(
        "Wishes to read it in court", required=False, what="whether they wish to read it"
    )

    @classmethod
    def initial_of(cls, complainant: Complainant, name: str) -> Any:
        value = getattr(complainant, name)
        return _as_yes_no(value) if name == "vps_read_in_court" else value


RECORD_SECTIONS: dict[str, type[RecordSectionForm]] = {
    "identity": IdentityForm,
    "needs": NeedsForm,
    "support": SupportForm,
    "contact": ContactPreferencesForm,
    "vps": VpsForm,
}


# -- withdrawal of support -------------------------------------------------------------------


class WithdrawalForm(forms.Form):
    withdrawn_on = date_field("Date support was withdrawn", required=True)
    reason = forms.ChoiceField(
        label="Reason",
        choices=WithdrawalReason.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("the reason"),
    )
    support_offered = _yes_no_field(
        "Was support offered first?",
        required=True,
        what="whether support was offered first",
        hint="An ISVA, special measures or other help, before the withdrawal",
    )


class ReinstatementForm(forms.Form):
    reinstated_on = date_field("Date support was reinstated", required=True)


# -- the contact log -----------------------------------------------------------------------


class ContactForm(forms.Form):
    """A contact with the complainant: when, how, which way, and what was said."""

    contacted_on = date_field("Date of the contact", required=True)
    contacted_time = forms.TimeField(
        label="Time of the contact",
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H.%M", "%I:%M%p", "%I:%M %p", "%I%p", "%I %p"],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time of the contact",
            "invalid": "Enter the time of the contact as a real time, like 14:30",
        },
    )
    channel = forms.ChoiceField(
        label="How",
        choices=[("", "Choose how"), *Channel.choices],
        error_messages=_choice_messages("how the contact was made"),
    )
    direction = forms.ChoiceField(
        label="Who contacted whom",
        choices=Direction.choices,
        initial=Direction.TO_COMPLAINANT,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("whether the contact was to or from the complainant"),
    )
    through_isva = forms.BooleanField(label="Through their ISVA", required=False)
    summary = forms.CharField(
        label="Summary",
        widget=_TEXT,
        help_text="What was said. It is kept as written: a mistake is put right by a "
        "correction, never by changing it.",
        error_messages={"required": "Enter a summary of the contact"},
    )

    def __init__(self, *args: Any, owed: list[Deadline] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owed:
            # Every update owed is ticked: a contact usually tells them all.
            self.fields["communicated"] = forms.TypedMultipleChoiceField(
                label="Updates this contact gave",
                help_text="Untick any the complainant was not told of",
                required=False,
                coerce=int,
                choices=[(d.pk, d.description) for d in owed],
                initial=[d.pk for d in owed],
                widget=forms.CheckboxSelectMultiple,
                error_messages=_choice_messages("the updates from the list"),
            )

    def contacted_at(self) -> datetime:
        when: date = self.cleaned_data["contacted_on"]
        at: time = self.cleaned_data["contacted_time"]
        return timezone.make_aware(datetime.combine(when, at))

    def communicated(self) -> list[int]:
        return list(self.cleaned_data.get("communicated") or [])

    @classmethod
    def correcting(cls, original: Contact, data: Any = None) -> ContactForm:
        """The correction of ``original``, filled in with it to change."""
        at = timezone.localtime(original.contacted_at)
        return cls(
            data,
            initial={
                "contacted_on": at.date(),
                "contacted_time": at.strftime("%H:%M"),
                "channel": original.channel,
                "direction": original.direction,
                "through_isva": original.through_isva,
                "summary": original.summary,
            },
        )


# -- letters ------------------------------------------------------------------------------------


class LetterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Letter",
        widget=forms.RadioSelect,
        error_messages=_choice_messages("the letter"),
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]


class LetterSentForm(forms.Form):
    sent_on = date_field("Date sent", required=True)
    channel = forms.ChoiceField(
        label="How it was sent",
        choices=[(c.value, c.label) for c in LETTER_CHANNELS],
        initial=LETTER_CHANNELS[0].value,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("how the letter was sent"),
    )

    def sent_at(self) -> datetime:
        """Today's sending is now; an earlier day's, noon of that day."""
        sent_on: date = self.cleaned_data["sent_on"]
        if sent_on == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.combine(sent_on, time(12)))


# -- the Victims' Right to Review ---------------------------------------------------------------


class ReviewRequestForm(forms.Form):
    told_on = date_field(
        "Date they were told of the decision",
        required=True,
        what="date the complainant was told of the decision",
    )
    requested_on = date_field(
        "Date they asked for a review", required=True, what="date of the request"
    )
    late_reason = forms.CharField(
        label="Why a late request is accepted",
        required=False,
        widget=_TEXT,
        help_text="Only for a late request: police, more than 3 months after being told; "
        "CPS, more than 10 working days after (accepted up to 3 months)",
    )


class ReviewAcknowledgeForm(forms.Form):
    acknowledged_on = date_field("Date acknowledged", required=True)


class ReviewCompleteForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        help_text="An overturned decision reopens the case",
        error_messages=_choice_messages("the outcome of the review"),
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=_TEXT,
        help_text="Do not name the complainant: use their pseudonym (C1, C2).",
        error_messages={"required": "Give the reasons for the outcome"},
    )
    completed_on = date_field("Date completed", required=True)
