"""Browser forms for action plans: the plan, one item, and every item's answer
on one form. They check the shape of what was typed;
``charging.action_plans.services`` decides whether it may be done."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.forms import date_field
from cases.models import Document, DocumentKind
from charging.action_plans.models import ActionPlanItem, ActionPlanItemStatus
from charging.action_plans.services import ItemAnswer

_TEXT = forms.Textarea(attrs={"rows": 4})


class ActionPlanForm(forms.Form):
    required_by = date_field("Required by", required=True, what="date the answers are needed by")


class ActionPlanItemForm(forms.Form):
    what = forms.CharField(
        label="What is needed",
        widget=_TEXT,
        error_messages={"required": "Say what is needed"},
    )
    why = forms.CharField(
        label="Why it is needed",
        widget=_TEXT,
        error_messages={"required": "Say why it is needed"},
    )
    evidential_issue = forms.CharField(
        label="Evidential issue it addresses",
        max_length=200,
        error_messages={"required": "Say which evidential issue it addresses"},
    )


ANSWER_CHOICES = [
    (ActionPlanItemStatus.DONE, "Done"),
    (ActionPlanItemStatus.NOT_POSSIBLE, "Not possible"),
]

PARTS = ("status", "answer", "document", "upload", "kind")


def document_label(document: Document, *, titles_visible: bool) -> str:
    """A document as the answer form offers it: by its title (or file name)
    and its number, to someone who may read titles; to anyone else, by its
    number, kind and date (a title may name the complainant)."""
    if titles_visible:
        return f"{document} (document {document.pk}, {document.get_kind_display()})"
    return (
        f"Document {document.pk}: {document.get_kind_display()}, "
        f"added {document.uploaded_at:%-d %B %Y}"
    )


class ActionPlanAnswersForm(forms.Form):
    """One form for every item of a plan: for each, done or not possible
    (radios), the answer, and optionally a document: one of the case's, or
    a new one uploaded in place. The documents are read once for all the
    items (a 40-item plan costs what a 4-item one does), and offered by title
    and number (``document_label``)."""

    def __init__(
        self,
        *args: Any,
        items: list[ActionPlanItem],
        documents: list[Document],
        titles_visible: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        document_choices = [
            ("", "No document"),
            *[(str(d.pk), document_label(d, titles_visible=titles_visible)) for d in documents],
        ]
        kinds = [("", "Choose the kind of document"), *DocumentKind.choices]
        for item in items:
            n = item.number
            self.fields[f"item-{item.pk}-status"] = forms.ChoiceField(
                label=f"Item {n}: done or not possible?",
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=item.status if item.answered else None,
                error_messages={"invalid_choice": f"Item {n}: choose done or not possible"},
            )
            self.fields[f"item-{item.pk}-answer"] = forms.CharField(
                label=f"Item {n}: what was done, or why it is not possible",
                required=False,
                widget=_TEXT,
                initial=item.answer,
            )
            self.fields[f"item-{item.pk}-document"] = forms.ChoiceField(
                label=f"Item {n}: a document of the case (optional)",
                choices=document_choices,
                required=False,
                initial=str(item.document_id or ""),
                error_messages={
                    "invalid_choice": f"Item {n}: choose a document of this case from the list"
                },
            )
            self.fields[f"item-{item.pk}-upload"] = forms.FileField(
                label=f"Item {n}: or upload a new document (optional)",
                required=False,
                error_messages={
                    "empty": f"Item {n}: the selected file is empty",
                    "invalid": f"Item {n}: the selected file could not be read: try again",
                },
            )
            self.fields[f"item-{item.pk}-kind"] = forms.ChoiceField(
                label=f"Item {n}: kind of the new document",
                choices=kinds,
                required=False,
                error_messages={"invalid_choice": f"Item {n}: choose a kind of document"},
            )

    def rows(self) -> list[tuple[ActionPlanItem, list[Any]]]:
        """Each item with its bound fields, for the page."""
        return [(item, [self[f"item-{item.pk}-{part}"] for part in PARTS]) for item in self.items]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for item in self.items:
            n = item.number

            def name(part: str, pk: int = item.pk) -> str:
                return f"item-{pk}-{part}"

            upload = data.get(name("upload"))
            document = data.get(name("document"))
            if upload and document:
                self.add_error(
                    name("upload"),
                    f"Item {n}: choose a document of the case or upload one, not both",
                )
            if upload and not data.get(name("kind")):
                self.add_error(name("kind"), f"Item {n}: choose what kind of document this is")
            if (upload or document) and not data.get(name("status")):
                self.add_error(name("status"), f"Item {n}: say whether it is done or not possible")
        return data

    def answers(self) -> list[ItemAnswer]:
        """The items given an answer in this post (the others are left as they are)."""
        data = self.cleaned_data
        given = []
        for item in self.items:
            status = data.get(f"item-{item.pk}-status") or ""
            text = (data.get(f"item-{item.pk}-answer") or "").strip()
            chosen = data.get(f"item-{item.pk}-document") or ""
            document_id = int(chosen) if chosen else None
            upload = data.get(f"item-{item.pk}-upload")
            if not status and not text and not upload:
                continue
            unchanged = (
                status == item.status and text == item.answer and document_id == item.document_id
            )
            if item.answered and unchanged and not upload:
                continue
            given.append(
                ItemAnswer(
                    item_id=item.pk,
                    status=status,
                    answer=text,
                    document_id=document_id,
                    upload=upload,
                    upload_name=upload.name if upload else "",
                    upload_kind=data.get(f"item-{item.pk}-kind") or "",
                )
            )
        return given
