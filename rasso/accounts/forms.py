from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Sign in by e-mail address. One message for every failure, so the page
    never tells anyone whether an account exists or is disabled."""

    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. If you have forgotten your "
            "password, ask your organisation's administrator."
        ),
        "inactive": (
            "Enter a correct email address and password. If you have forgotten your "
            "password, ask your organisation's administrator."
        ),
    }

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )


class SecurityCodeForm(forms.Form):
    """A code from the authenticator app (or, at sign-in, a recovery code)."""

    code = forms.CharField(
        label="Security code",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "none",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use it, like “weekly case export”.",
        error_messages={"required": "Enter a name for the token, like the script that will use it"},
    )
