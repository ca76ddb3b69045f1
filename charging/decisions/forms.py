"""Browser forms for charging decisions and the Full Code Test after a Threshold
Test charge. They check the shape of what was typed; the service says which
parts the chosen test and outcome need."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.forms import date_field
from cases.models import CaseOffence, Suspect
from charging.decisions.models import THRESHOLD_CONDITIONS, CodeTest, DecisionOutcome
from charging.decisions.services import ChargeSpec

_TEXT = forms.Textarea(attrs={"rows": 4})


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("", "Choose"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )


def _reasons(label: str = "Reasons") -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=_TEXT)


class DecisionForm(forms.Form):
    """Every part of a decision on one page; the service says which parts the
    chosen test and outcome need, so a refusal names what is missing."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    test = forms.ChoiceField(
        label="Test applied",
        choices=[("", "Choose the test"), *CodeTest.choices],
        error_messages={"required": "Choose the test applied"},
    )
    evidential_met = _yes_no("Full Code Test: is the evidential stage met?")
    evidential_reasons = _reasons("Reasons for the evidential stage")
    public_interest_met = _yes_no(
        "Full Code Test: is the public-interest stage met? (only if the evidential stage is)"
    )
    public_interest_reasons = _reasons("Reasons for the public-interest stage")
    full_test_by = date_field(
        "Threshold Test: date by which the Full Code Test must be applied",
        what="date for the Full Code Test",
    )
    outcome = forms.ChoiceField(
        label="Decision",
        choices=[("", "Choose the decision"), *DecisionOutcome.choices],
        error_messages={"required": "Choose the decision"},
    )
    charges = forms.MultipleChoiceField(
        label="Charges",
        help_text="For a decision to charge: each offence against each suspect charged",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        offences: list[CaseOffence],
        suspects: list[Suspect],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for number, (key, label) in enumerate(THRESHOLD_CONDITIONS.items(), start=1):
            self.fields[f"{key}_met"] = _yes_no(f"Threshold Test condition {number}: {label}?")
            self.fields[f"{key}_reasons"] = _reasons(f"Reasons for condition {number}")
        # The date and the charges read best after the conditions.
        for name in ("full_test_by", "outcome", "charges"):
            self.fields[name] = self.fields.pop(name)
        self.fields["charges"].choices = [  # type: ignore[attr-defined]
            (f"{o.pk}:{s.pk}", f"{o.offence.title} against {s}") for o in offences for s in suspects
        ]

    def service_fields(self) -> dict[str, Any]:
        """What ``decision_record`` takes, from the cleaned data."""
        data = self.cleaned_data
        pairs = [choice.split(":") for choice in data["charges"]]
        return {
            "version": data["version"],
            "test": data["test"],
            "outcome": data["outcome"],
            "evidential_met": data["evidential_met"],
            "evidential_reasons": data["evidential_reasons"],
            "public_interest_met": data["public_interest_met"],
            "public_interest_reasons": data["public_interest_reasons"],
            "threshold_conditions": {
                key: {"met": data[f"{key}_met"], "reasons": data[f"{key}_reasons"]}
                for key in THRESHOLD_CONDITIONS
                if data[f"{key}_met"] is not None or data[f"{key}_reasons"]
            },
            "full_test_by": data["full_test_by"],
            "charges": [
                ChargeSpec(offence_id=int(offence), suspect_id=int(suspect))
                for offence, suspect in pairs
            ],
        }


class FullCodeTestForm(forms.Form):
    """The Full Code Test after a Threshold Test charge: the two stages decide
    the outcome, so there is no outcome to choose."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    evidential_met = _yes_no("Is the evidential stage met?")
    evidential_reasons = _reasons("Reasons for the evidential stage")
    public_interest_met = _yes_no(
        "Is the public-interest stage met? (only if the evidential stage is)"
    )
    public_interest_reasons = _reasons("Reasons for the public-interest stage")
