"""Browser forms for unused material: an item (the fields of
``services.ItemDetails``, defined there once, first offered from third-party
material by ``item_from_request_initial``), the DMD (``services.DmdDetails``)
and one small form per step. They check the shape of what was typed; the
services decide whether it may be done and whether it is complete."""

from __future__ import annotations

import re
from dataclasses import fields as dataclass_fields
from typing import Any

from django import forms
from django.utils.dateformat import format as date_format

from cases.forms import date_field
from disclosure.requests.models import VictimInformationRequest
from disclosure.schedules.models import (
    ItemReview,
    ManagementDocument,
    ReviewDecision,
    Schedule,
    ScheduleItem,
)
from disclosure.schedules.services import DmdDetails, ItemDetails

_TEXT = forms.Textarea(attrs={"rows": 4})


def _text(label: str, *, help_text: str = "", required: bool = False) -> forms.CharField:
    # The services say what is missing (every problem at once), so the form
    # takes an empty answer and passes it on.
    return forms.CharField(label=label, widget=_TEXT, required=required, help_text=help_text)


class ItemNumbersField(forms.CharField):
    """Item numbers typed as "3, 5, 7": a list of whole numbers."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "The schedule item numbers, separated by commas")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[int]:
        text = super().clean(value) or ""
        parts = [p for p in re.split(r"[\s,]+", text) if p]
        if not all(p.isdigit() and len(p) < 7 for p in parts):
            raise forms.ValidationError("Enter item numbers as whole numbers, like 3, 5, 7")
        return sorted({int(p) for p in parts})


class ItemForm(forms.Form):
    """One item; the reason for sensitivity is asked on an MG6D only."""

    description = _text(
        "Description",
        help_text="Enough for the prosecutor to judge the item without seeing it.",
    )
    location = forms.CharField(label="Where it is kept", required=False)
    sensitivity_reason = _text("Why it is sensitive")
    may_meet_test = forms.BooleanField(
        label="It might meet the test for disclosure (undermine the prosecution or assist "
        "the defence)",
        required=False,
    )
    generic = forms.BooleanField(
        label="A generic entry for many similar items",
        help_text="Not for an item that might meet the test for disclosure.",
        required=False,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        schedule: Schedule,
        instance: ScheduleItem | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        if instance is not None:
            initial = {f.name: getattr(instance, f.name) for f in dataclass_fields(ItemDetails)}
        super().__init__(data, initial=initial)
        if not schedule.is_sensitive:
            del self.fields["sensitivity_reason"]

    def details(self) -> ItemDetails:
        data = self.cleaned_data
        return ItemDetails(
            description=data["description"],
            location=data["location"],
            sensitivity_reason=data.get("sensitivity_reason", ""),
            generic=data["generic"],
            may_meet_test=data["may_meet_test"],
        )


class NilReturnForm(forms.Form):
    statement = _text(
        "Your statement",
        help_text="What was looked for, and that there is no such material. It is signed "
        "with your name and the time.",
        required=True,
    )

    def __init__(self, data: Any = None, **_: Any) -> None:
        super().__init__(data)
        self.fields["statement"].error_messages["required"] = (
            "Say what was looked for and that there is no such material"
        )


class ConfirmForm(forms.Form):
    def __init__(self, data: Any = None, **_: Any) -> None:
        super().__init__(data)


class ItemReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your decision on the item"},
    )
    reasons = _text("Reasons", required=True)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        self.fields["reasons"].error_messages["required"] = "Give the reasons for your decision"


class SendBackForm(forms.Form):
    item_numbers = forms.TypedMultipleChoiceField(
        label="The items insufficiently described",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Name the items that are insufficiently described"},
    )
    reason = _text("Why the schedule is insufficient", required=True)
    reply_by = date_field(
        "Re-serve by", required=True, what="date the police are to re-serve the schedule by"
    )

    def __init__(self, data: Any = None, *, schedule: Schedule, **_: Any) -> None:
        items = list(schedule.items.order_by("number"))
        # Offered ticked: the items whose latest review asks for more description.
        latest = (
            ItemReview.objects.filter(item__schedule=schedule)
            .order_by("item_id", "-reviewed_at", "-id")
            .distinct("item_id")
            .select_related("item")
        )
        wanting = [r.item.number for r in latest if r.decision == ReviewDecision.MORE_DESCRIPTION]
        super().__init__(data, initial={"item_numbers": wanting})
        field = self.fields["item_numbers"]
        field.choices = [(i.number, f"Item {i.number}") for i in items]  # type: ignore[attr-defined]
        self.fields["reason"].error_messages["required"] = "Say why the schedule is insufficient"


class ReportEntryForm(forms.Form):
    item_numbers = ItemNumbersField(
        label="Schedule items", error_messages={"required": "Name the schedule items, by number"}
    )
    why = _text("Why it might undermine the prosecution or assist the defence")


class DmdForm(forms.Form):
    lines_of_enquiry = _text("Reasonable lines of enquiry")
    digital_strategy = _text("The strategy for digital material")
    examined = _text("What was examined, and how")

    def __init__(self, data: Any = None, *, instance: ManagementDocument | None = None) -> None:
        initial = (
            {f.name: getattr(instance, f.name) for f in dataclass_fields(DmdDetails)}
            if instance is not None
            else None
        )
        super().__init__(data, initial=initial)

    def details(self) -> DmdDetails:
        return DmdDetails(
            **{f.name: self.cleaned_data[f.name] for f in dataclass_fields(DmdDetails)}
        )


class DmdAgreeForm(forms.Form):
    comments = _text("Comments (optional)")

    def __init__(self, data: Any = None, **_: Any) -> None:
        super().__init__(data)


class DisclosedForm(forms.Form):
    item_numbers = ItemNumbersField(
        label="Items disclosed", error_messages={"required": "Name the items disclosed, by number"}
    )
    disclosed_on = date_field(
        "Date disclosed", required=True, what="date the material was disclosed"
    )
    how = _text("How it was disclosed", required=True)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        self.fields["how"].error_messages["required"] = "Say how the material was disclosed"


class DefenceStatementForm(forms.Form):
    received_on = date_field(
        "Date received", required=True, what="date the defence statement was received"
    )
    note = _text("Notes (optional)")


def item_from_request_initial(request: VictimInformationRequest) -> dict[str, Any]:
    """An item of third-party material as first offered: described by the
    part of the material found relevant on review (never the holder's or the
    complainant's name), sensitive for the complainant's privacy. The
    officer says where it is kept, and changes any of it."""
    holder = request.get_holder_kind_display()
    received = date_format(request.received_on, "j F Y") if request.received_on else "(no date)"
    return {
        "description": (
            f"{holder} records received on {received} in answer to victim information "
            f"request {request.pk}, the part found relevant on review: "
            f"{request.relevant_summary}"
        ),
        "sensitivity_reason": (
            f"Private information about the complainant held by a third party ({holder} "
            "records), obtained by a victim information request: disclosing it would "
            "interfere with the complainant's right to privacy"
        ),
    }
