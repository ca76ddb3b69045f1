"""Browser forms for scrutiny panels: a member seated, a meeting, the draw, a
case added by hand, a passage accepted, a member's view, the panel's finding,
a meeting held and a referral answered. They check the shape of what was
typed; the services decide whether it may be done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms import date_field
from charging.panels.models import (
    Criterion,
    Panel,
    PanelMember,
    Reasonable,
    Recommendation,
    Standing,
    Theme,
)
from charging.panels.services import MAX_SAMPLE
from rasso.accounts.models import Organisation, User

_TEXT = forms.Textarea(attrs={"rows": 5})
_NO_NAMES = "Use roles and pseudonyms only (C1, S1, the OIC): never a name."
SCORES = [(str(n), str(n)) for n in range(1, 6)]


class _PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})"


class _Forces(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def __init__(self) -> None:
        super().__init__(
            label="Forces whose decisions it reviews",
            queryset=Organisation.objects.none(),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose at least one force"},
        )


class PanelSetupForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Panel",
        queryset=Organisation.objects.none(),
        empty_label="Choose the panel",
        help_text="Scrutiny panels an administrator has added for your Area.",
        error_messages={"required": "Choose the panel to set up"},
    )
    forces = _Forces()
    terms_of_reference = forms.CharField(label="Terms of reference", widget=_TEXT, required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        organisations: QuerySet[Organisation],
        forces: QuerySet[Organisation],
    ) -> None:
        super().__init__(data)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["forces"].queryset = forces  # type: ignore[attr-defined]


class _Seat(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}: {obj.user.full_name}"


class PanelEditForm(forms.Form):
    forces = _Forces()
    terms_of_reference = forms.CharField(label="Terms of reference", widget=_TEXT, required=False)
    chair = _Seat(
        label="Chair",
        queryset=PanelMember.objects.none(),
        required=False,
        empty_label="No chair yet",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        panel: Panel,
        forces: QuerySet[Organisation],
    ) -> None:
        chair = panel.members.filter(user_id=panel.chair_id).first() if panel.chair_id else None
        super().__init__(
            data,
            initial={
                "forces": list(panel.forces.all()),
                "terms_of_reference": panel.terms_of_reference,
                "chair": chair,
            },
        )
        self.fields["forces"].queryset = forces  # type: ignore[attr-defined]
        self.fields["chair"].queryset = panel.members.select_related(  # type: ignore[attr-defined]
            "user"
        ).order_by("pk")


class MemberAddForm(forms.Form):
    user = _PersonChoice(
        label="Person",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        help_text="People an administrator has given the panel member role.",
        error_messages={"required": "Choose who joins the panel"},
    )
    standing = forms.ChoiceField(
        label="Standing",
        choices=Standing.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the member's standing"},
    )

    def __init__(self, data: Any = None, *, people: QuerySet[User]) -> None:
        super().__init__(data)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    held_on = date_field("Date of the meeting", required=True, what="date of the meeting")
    theme = forms.CharField(
        label="Theme (optional)",
        max_length=200,
        required=False,
        help_text="For example, third-party material.",
    )


class DrawForm(forms.Form):
    date_from = date_field("Decisions made from", required=True, what="start of the period")
    date_to = date_field("Decisions made up to", required=True, what="end of the period")
    size = forms.IntegerField(
        label="How many cases",
        min_value=1,
        max_value=MAX_SAMPLE,
        initial=5,
        error_messages={
            "required": "Enter how many cases to draw",
            "invalid": "Enter how many cases to draw as a number",
            "min_value": f"Draw between 1 and {MAX_SAMPLE} cases",
            "max_value": f"Draw between 1 and {MAX_SAMPLE} cases",
        },
    )
    include_charged = forms.BooleanField(
        label="Include charged cases, for good practice", required=False
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        max_value=2**62,
        help_text="To draw again the cases of an earlier draw, give its seed. Left empty, "
        "one is chosen at random and recorded.",
        error_messages={"invalid": "Enter the seed as a whole number"},
    )


class PackAddForm(forms.Form):
    urn = forms.CharField(
        label="URN of the case",
        max_length=11,
        error_messages={"required": "Enter the URN of the case"},
    )
    reason = forms.CharField(
        label="Why the panel should review it",
        widget=_TEXT,
        help_text=_NO_NAMES,
        error_messages={"required": "Say why the case is added"},
    )


class PassageForm(forms.Form):
    text = forms.CharField(
        label="The passage as the panel will read it",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        strip=False,
        help_text="Proposed redactions are in [square brackets]. Edit anything else that "
        "could identify someone; leave it empty to leave the passage out.",
    )


class MemberViewForm(forms.Form):
    view = forms.CharField(
        label="Your view",
        widget=_TEXT,
        help_text="Only you, and the panel's record of your view, keep this.",
        error_messages={"required": "Write your view"},
    )


class FindingForm(forms.Form):
    """The panel's finding: one 1 to 5 score per criterion (``score_<name>``),
    gathered into ``scores`` for the service."""

    reasonable = forms.ChoiceField(
        label="Was the decision reasonable?",
        choices=Reasonable.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the decision was reasonable"},
    )
    themes = forms.MultipleChoiceField(
        label="Themes",
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose themes from the list"},
    )
    good_practice = forms.CharField(
        label="Good practice", widget=_TEXT, required=False, help_text=_NO_NAMES
    )
    learning_points = forms.CharField(
        label="Learning points", widget=_TEXT, required=False, help_text=_NO_NAMES
    )
    recommendation = forms.ChoiceField(
        label="Recommendation",
        choices=Recommendation.choices,
        initial=Recommendation.NONE,
        widget=forms.RadioSelect,
        help_text="A panel cannot reopen a case: a referral asks for practice to be "
        "reconsidered, and owes a written response within 20 working days.",
        error_messages={"required": "Choose a recommendation"},
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        scores = {
            f"score_{value}": forms.TypedChoiceField(
                label=f"Score: {label.lower()}",
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                help_text="1 is poor, 5 is excellent.",
                error_messages={"required": f"Score {label.lower()} from 1 to 5"},
            )
            for value, label in Criterion.choices
        }
        # The scores after whether it was reasonable, before the themes.
        self.fields = {
            "reasonable": self.fields.pop("reasonable"),
            **scores,
            **self.fields,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["scores"] = {
            value: cleaned.pop(f"score_{value}")
            for value in Criterion.values
            if f"score_{value}" in cleaned
        }
        return cleaned


class MeetingHoldForm(forms.Form):
    minutes = forms.CharField(
        label="Minutes",
        widget=_TEXT,
        help_text=_NO_NAMES,
        error_messages={"required": "Write the minutes"},
    )
    key_messages = forms.CharField(
        label="Key messages (optional)", widget=_TEXT, required=False, help_text=_NO_NAMES
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        widget=_TEXT,
        help_text="The panel reads it at its next meeting. " + _NO_NAMES,
        error_messages={"required": "Write the response"},
    )
