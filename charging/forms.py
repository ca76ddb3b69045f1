"""Browser forms for early advice and file-quality queries. They check the
shape of what was typed; ``charging.services`` decides whether it may be done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms import date_field
from cases.models import Document
from charging.models import ActionPlanItem, ActionPlanItemStatus, ClinicOutcome, HomeOfficeOutcome
from charging.services import ItemAnswer
from rasso.accounts.models import Organisation, User

_TEXT = forms.Textarea(attrs={"rows": 4})


# -- charging decisions ---------------------------------------------------------------


# -- action plans ---------------------------------------------------------------------


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
                    document=self._documents.get(int(document_id)) if document_id else None,
                )
            )
        return given


# -- police NFA -----------------------------------------------------------------------


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


# -- RASSO clinics ------------------------------------------------------------------


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
