"""Browser forms for police NFA: the proposal, and the reason it is sent back."""

from __future__ import annotations

from django import forms

from charging.police_nfa.models import HomeOfficeOutcome

_TEXT = forms.Textarea(attrs={"rows": 4})


class PoliceNfaForm(forms.Form):
    outcome_code = forms.ChoiceField(
        label="Home Office outcome",
        choices=[("", "Choose the outcome"), *HomeOfficeOutcome.choices],
        error_messages={"required": "Choose the Home Office outcome"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=_TEXT,
        error_messages={"required": "Give the rationale for no further action"},
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label="Why is it sent back?",
        widget=_TEXT,
        error_messages={"required": "Say why the proposal is sent back"},
    )
