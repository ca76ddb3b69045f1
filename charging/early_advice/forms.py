"""Browser forms for early advice. They check the shape of what was typed;
``charging.early_advice.services`` decides whether it may be done."""

from __future__ import annotations

from typing import Any

from django import forms

_TEXT = forms.Textarea(attrs={"rows": 4})


def _question(label: str, hint: str) -> forms.CharField:
    return forms.CharField(label=label, help_text=hint, required=False, widget=_TEXT)


def _advice(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=_TEXT,
        error_messages={"required": f"Enter the {label.lower()}"},
    )


class EarlyAdviceRequestForm(forms.Form):
    lines_of_enquiry = _question("Lines of enquiry", "Which lines of enquiry should we pursue?")
    likely_charges = _question("Likely charges", "What might the suspect be charged with?")
    evidential_requirements = _question(
        "Evidential requirements", "What evidence will CPS need for a decision?"
    )
    disclosure_strategy = _question("Disclosure strategy", "How should disclosure be handled?")
    third_party_material = _question(
        "Third-party material",
        "Medical, counselling, school or social services records: what to seek?",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any((value or "").strip() for value in cleaned.values()):
            raise forms.ValidationError("Ask at least one question")
        return cleaned


class EarlyAdviceForm(forms.Form):
    investigation_strategy = _advice("Investigation strategy")
    reasonable_lines_of_enquiry = _advice("Reasonable lines of enquiry")
    evidential_requirements = _advice("Evidential requirements")
    disclosure_decisions = _advice("Disclosure decisions")
    third_party_material_decisions = _advice("Third-party material decisions")
