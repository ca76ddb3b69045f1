"""Start the session clocks and audit sign-ins and sign-outs.

Django's auth signals are the only place a sign-in through any door (the
sign-in page, the admin) can be seen; the receivers only record, they never
change state a service owns.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from rasso.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from rasso.accounts.models import User
from rasso.audit.services import audit_record


@receiver(user_logged_in)
def on_signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now
    audit_record(actor=user, action="auth.sign_in", obj=user, request=request)


@receiver(user_logged_out)
def on_signed_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.sign_out", obj=user, request=request)


@receiver(user_login_failed)
def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The e-mail address typed is not recorded: it may be a mistyped password.
    audit_record(actor=None, action="auth.sign_in_failed", request=request)
