"""Browser forms for early advice and file-quality queries. They check the
shape of what was typed; ``charging.services`` decides whether it may be done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.models import Document
from charging.models import QueryCategory

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


class QueryRaiseForm(forms.Form):
    category = forms.ChoiceField(
        label="What is wrong with the file",
        choices=[("", "Choose the kind of defect"), *QueryCategory.choices],
        error_messages={
            "required": "Choose the kind of defect",
            "invalid_choice": "Choose the kind of defect from the list",
        },
    )
    description = forms.CharField(
        label="Describe the defect",
        help_text="Name the document or item and what is needed to put it right",
        widget=_TEXT,
        error_messages={"required": "Describe what is wrong with the file"},
    )


class DocumentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Documents by kind and date, never by title: a title may name the
    complainant, and a SPOC is not entitled to see who they are."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}, added {obj.uploaded_at:%d %B %Y}"


class QueryResolveForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        widget=_TEXT,
        error_messages={"required": "Give the answer to the query"},
    )
    document = DocumentChoiceField(
        label="Document that answers it (optional)",
        queryset=Document.objects.none(),
        required=False,
        empty_label="No document",
        error_messages={"invalid_choice": "Choose a document of this case from the list"},
    )

    def __init__(self, *args: Any, documents: QuerySet[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]
