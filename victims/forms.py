"""Complainants' browser forms."""

from __future__ import annotations

from django import forms

from cases.forms import date_field


class ComplainantForm(forms.Form):
    first_names = forms.CharField(
        label="First names", max_length=100, error_messages={"required": "Enter the first names"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    date_of_birth = date_field("Date of birth", hint="For example, 27/3/1990")
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=30)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    enhanced_rights = forms.BooleanField(
        label="Has enhanced rights under the Victims' Code",
        required=False,
        initial=True,
        help_text="Every RASSO complainant has them unless they opt out",
    )
