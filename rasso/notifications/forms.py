"""The notification settings form."""

from __future__ import annotations

from django import forms

from rasso.notifications.models import EmailFrequency


class EmailFrequencyForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label="How do you want to get notifications by e-mail?",
        help_text=(
            "E-mails never name a complainant: they give the case reference, what is due "
            "and when, and a link to sign in."
        ),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how often you want e-mails",
            "invalid_choice": "Choose how often you want e-mails",
        },
    )
