"""The form a manager asks for a report with."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone

from cases.forms import date_field
from rasso.accounts.models import Organisation, OrganisationKind
from reports.metrics import Period, day_out_of_range

CUSTOM = "custom"
NATIONAL = "national"


def recent_halves(today: date, count: int = 6) -> list[Period]:
    """The half under way and the ones before it, newest first."""
    return list(reversed(Period.half_containing(today).trend(count)))


def scope_choices(organisations: list[Organisation]) -> list[tuple[str, str]]:
    """What a manager may report on: for a national manager the nation, every
    Area and every force; for anyone else their own organisations."""
    if any(o.kind == OrganisationKind.NATIONAL for o in organisations):
        others = Organisation.objects.filter(
            kind__in=[OrganisationKind.CPS_AREA, OrganisationKind.POLICE_FORCE]
        ).order_by("kind", "name")
        return [(NATIONAL, "England and Wales (national)")] + [
            (str(o.pk), f"{o.name} ({o.get_kind_display()})") for o in others
        ]
    return [(str(o.pk), o.name) for o in organisations]


class ReportRequestForm(forms.Form):
    scope = forms.ChoiceField(
        label="Report on", error_messages={"required": "Choose what the report covers"}
    )
    period = forms.ChoiceField(
        label="Period",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the period"},
    )
    start = date_field("From", what="first day of the period")
    end = date_field("To", what="last day of the period")

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["scope"]).choices = scope_choices(organisations)
        halves = recent_halves(timezone.localdate())
        cast(forms.ChoiceField, self.fields["period"]).choices = [
            (p.half_name or p.name, f"{p.label} ({p.half_name})") for p in halves
        ] + [(CUSTOM, "Other dates")]
        self.fields["period"].initial = halves[1].half_name
        self.fields["start"].help_text = "Only for other dates. For example, 1/4/2026"
        self.fields["end"].help_text = "Only for other dates. For example, 30/9/2026"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("period")
        if choice == CUSTOM:
            start, end = data.get("start"), data.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", "Enter the first day of the period")
            if end is None and "end" not in self.errors:
                self.add_error("end", "Enter the last day of the period")
            for name, day in (("start", start), ("end", end)):
                problem = day and day_out_of_range(day)
                if problem:
                    self.add_error(name, problem)
            if start and end and not self.has_error("start") and not self.has_error("end"):
                try:
                    data["report_period"] = Period.of_dates(start, end)
                except ValueError as error:
                    self.add_error("end", str(error))
        elif choice:
            data["report_period"] = Period.parse(choice)
        return data

    def organisation(self) -> Organisation | None:
        value = self.cleaned_data["scope"]
        if value == NATIONAL:
            return None
        return Organisation.objects.get(pk=int(value))
