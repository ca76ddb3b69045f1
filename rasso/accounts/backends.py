"""The sign-in backend: Django's own, with the signed-in user loaded together
with what every page's header shows of them.

Other apps add to that one SELECT by registration (``user_annotation_register``
in their ``AppConfig.ready``), so accounts names none of them: notifications
adds the unread count as a subquery, which costs no query of its own (the
partial index of unread notifications answers it) and is always current, with
no cache to invalidate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Expression

from rasso.accounts.models import User

# name -> a function giving the expression, evaluated for each request's user (an
# expression holds an OuterRef, so it is made afresh, not shared).
USER_ANNOTATIONS: dict[str, Callable[[], Expression]] = {}


def user_annotation_register(name: str, expression: Callable[[], Expression]) -> None:
    """Load ``name`` with every request's user: ``request.user.<name>``."""
    USER_ANNOTATIONS[name] = expression


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        annotations = {name: make() for name, make in USER_ANNOTATIONS.items()}
        try:
            user = User._default_manager.annotate(**annotations).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
