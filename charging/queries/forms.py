"""Browser forms for file-quality queries. They check the shape of what was
typed; ``charging.queries.services`` decides whether it may be done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.models import Document
from charging.queries.models import QueryCategory

_TEXT = forms.Textarea(attrs={"rows": 4})


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
