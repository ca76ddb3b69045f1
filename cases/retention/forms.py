"""The forms of retention's pages: each parses what was typed; the service
decides whether it may be done."""

from __future__ import annotations

from django import forms

from cases.forms import date_field
from cases.models import CourtResult

_TEXT = forms.Textarea(attrs={"rows": 4})


def reason_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=2000,
        widget=_TEXT,
        help_text=help_text,
        error_messages={"required": "Enter the reason"},
    )


class RetainForm(forms.Form):
    review_on = date_field("Next review date", required=True)
    reason = reason_field("Why the case is kept")


class DeleteForm(forms.Form):
    confirm_urn = forms.CharField(
        label="Type the case's URN to confirm",
        max_length=20,
        help_text="Every record, document and letter of the case is deleted, for good. "
        "Only the audit log keeps that it existed.",
        error_messages={"required": "Enter the case's URN to confirm its deletion"},
    )


class HoldForm(forms.Form):
    reason = reason_field(
        "Why the case is held",
        "For example, litigation, an inquiry or a complaint. A hold cannot be lifted for 30 days.",
    )


class LiftForm(forms.Form):
    reason = reason_field("Why the hold is lifted")


class CreatedInErrorForm(forms.Form):
    reason = reason_field(
        "Why the case was created in error",
        "For example, a duplicate of another case, or the wrong force. "
        "The case is closed and reviewed for deletion after 6 months.",
    )


class FinaliseForm(forms.Form):
    result = forms.ChoiceField(
        label="Result at court",
        choices=[("", "Choose the result"), *CourtResult.choices],
        error_messages={"required": "Choose the result", "invalid_choice": "Choose the result"},
    )
    finalised_on = date_field("Date finalised", required=True)
