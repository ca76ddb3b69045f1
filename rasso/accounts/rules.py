"""Who owes what at sign-in."""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from rasso.accounts.models import User


def two_factor_enrolled(user: User) -> bool:
    """Whether ``user`` has a confirmed authenticator app. Read from the
    annotation the sign-in backend loads with every request's user (no query
    of its own), else asked."""
    loaded = getattr(user, "two_factor_enrolled", None)
    if loaded is not None:
        return bool(loaded)
    enrolled: bool = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return enrolled


def two_factor_required(user: User) -> bool:
    """Whether ``user`` must give a second factor before anything else:
    everyone when the service runs with DJANGO_DEBUG off; administrators
    always; and anyone who has enrolled (their second factor is not optional
    once they have one)."""
    return bool(
        settings.TWO_FACTOR_REQUIRED
        or user.is_staff
        or user.is_superuser
        or two_factor_enrolled(user)
    )


def second_factor_given(user: User) -> bool:
    """Whether ``user`` gave their second factor this session (django-otp's
    middleware marks the request's user)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())
