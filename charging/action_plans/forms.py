"""Browser forms for action plans: the plan, one item, and every item's answer
on one form. They check the shape of what was typed;
``charging.action_plans.services`` decides whether it may be done."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.forms import date_field
from cases.models import Document
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
    ("", "Not answered yet"),
    (ActionPlanItemStatus.DONE, "Done"),
    (ActionPlanItemStatus.NOT_POSSIBLE, "Not possible"),
]


class ActionPlanAnswersForm(forms.Form):
    """One form for every item of a plan: for each, done or not possible, the
    answer, and optionally a document. The documents are read once for all
    the items (a 40-item plan costs what a 4-item one does), and shown by
    kind and date, never by title."""

    def __init__(
        self,
        *args: Any,
        items: list[ActionPlanItem],
        documents: list[Document],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self._documents = {d.pk: d for d in documents}
        document_choices = [
            ("", "No document"),
            *[
                (str(d.pk), f"{d.get_kind_display()}, added {d.uploaded_at:%d %B %Y}")
                for d in documents
            ],
        ]
        for item in items:
            self.fields[f"item-{item.pk}-status"] = forms.ChoiceField(
                label=f"Item {item.number}: done or not possible?",
                choices=ANSWER_CHOICES,
                required=False,
                initial=item.status if item.answered else "",
            )
            self.fields[f"item-{item.pk}-answer"] = forms.CharField(
                label=f"Item {item.number}: what was done, or why it is not possible",
                required=False,
                widget=_TEXT,
                initial=item.answer,
            )
            self.fields[f"item-{item.pk}-document"] = forms.ChoiceField(
                label=f"Item {item.number}: document (optional)",
                choices=document_choices,
                required=False,
                initial=str(item.document_id or ""),
            )

    def rows(self) -> list[tuple[ActionPlanItem, list[Any]]]:
        """Each item with its three bound fields, for the page."""
        return [
            (
                item,
                [self[f"item-{item.pk}-{part}"] for part in ("status", "answer", "document")],
            )
            for item in self.items
        ]

    def answers(self) -> list[ItemAnswer]:
        """The items given an answer in this post (the others are left as they are)."""
        data = self.cleaned_data
        given = []
        for item in self.items:
            status = data.get(f"item-{item.pk}-status") or ""
            text = (data.get(f"item-{item.pk}-answer") or "").strip()
            if not status and not text:
                continue
            if item.answered and status == item.status and text == item.answer:
                continue
            document_id = data.get(f"item-{item.pk}-document") or ""
            given.append(
                ItemAnswer(
                    item_id=item.pk,
                    status=status,
                    answer=text,
                    document_id=int(document_id) if document_id else None,
                )
            )
        return given
