"""Browser forms for RASSO clinics: scheduling, an agenda item, an outcome and an
action. They check the shape of what was typed; ``charging.clinics.services``
decides whether it may be done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms import date_field
from charging.clinics.models import ClinicOutcome
from rasso.accounts.models import Organisation, User

_TEXT = forms.Textarea(attrs={"rows": 4})


class UserChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class ClinicForm(forms.Form):
    held_on = date_field("Date of the clinic", required=True, what="date of the clinic")
    forces = forms.ModelMultipleChoiceField(
        label="Forces attending",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one force attending the clinic"},
    )
    attendees = UserChoiceField(
        label="Attendees",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Police of the attending forces and CPS of the Area.",
        error_messages={"required": "Choose who attends the clinic"},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        forces: QuerySet[Organisation],
        attendees: QuerySet[User],
    ) -> None:
        super().__init__(data)
        self.fields["forces"].queryset = forces  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = attendees  # type: ignore[attr-defined]


class AgendaItemForm(forms.Form):
    urn = forms.CharField(
        label="URN of the case",
        max_length=11,
        error_messages={"required": "Enter the URN of the case"},
    )
    question = forms.CharField(
        label="Question to discuss",
        widget=_TEXT,
        help_text="Do not name the complainant: use their pseudonym (C1, C2).",
        error_messages={"required": "Say what the clinic should discuss"},
    )


class ClinicOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ClinicOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the discussion"},
    )
    minutes = forms.CharField(
        label="Minutes",
        widget=_TEXT,
        help_text="Do not name the complainant: use their pseudonym (C1, C2).",
        error_messages={"required": "Write the minutes of the discussion"},
    )


class OwnerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class ClinicActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        max_length=180,
        help_text="Do not name the complainant: use their pseudonym (C1, C2).",
        error_messages={"required": "Say what is to be done"},
    )
    owner = OwnerChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        empty_label="Choose an attendee",
        error_messages={"required": "Choose who owns the action"},
    )
    due_on = date_field("Due by", required=True, what="date the action is due")

    def __init__(self, data: Any = None, *, attendees: QuerySet[User]) -> None:
        super().__init__(data)
        self.fields["owner"].queryset = attendees  # type: ignore[attr-defined]
