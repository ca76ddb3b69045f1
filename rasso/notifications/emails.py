"""The words of the e-mails: a case reference, what is due and when, a link.

An e-mail leaves the secure system, so it says less than the notification in
the application: what is due is named by the kind of deadline (a fixed list
of words written in the code), never by a deadline's description, which
may hold text a person typed (a clinic action's wording).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

STAGE_PHRASES = {
    "due_soon": "is due soon",
    "due_today": "is due today",
    "overdue": "is overdue",
}


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def message_id_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


@dataclass(frozen=True)
class ReminderLine:
    case_reference: str
    what: str  # words made only from the code, never free text
    due_on: date
    stage: str
    link: str  # a path on this site

    def sentence(self) -> str:
        if not self.case_reference:
            # About no one case (how many are due for a retention review).
            return f"{self.what} ({self.due_on:%-d %B %Y})."
        return (
            f"Case {self.case_reference}: {self.what} {STAGE_PHRASES[self.stage]} "
            f"(due {self.due_on:%-d %B %Y})."
        )


def reminder_subject(line: ReminderLine) -> str:
    return f"Case {line.case_reference}: {line.what} {STAGE_PHRASES[line.stage]}"[:200]


@cache
def _path(name: str) -> str:
    # The same on every call: a sweep writes thousands of e-mails.
    return reverse(name)


def reminder_body(line: ReminderLine) -> str:
    return (
        f"{line.sentence()}\n\n"
        f"Sign in to see the case and what is needed:\n{absolute_url(line.link)}\n\n"
        "You can choose one e-mail a day instead of one for each reminder:\n"
        f"{absolute_url(_path('notifications:settings'))}\n"
    )


def digest_subject(count: int) -> str:
    return f"RASSO joint casework: {count} notification{'s' if count != 1 else ''} today"


def digest_body(lines: list[ReminderLine]) -> str:
    items = "\n".join(f"- {line.sentence()}\n  {absolute_url(line.link)}" for line in lines)
    return (
        f"Your notifications since the last e-mail:\n\n{items}\n\n"
        f"All your notifications: {absolute_url(_path('notifications:list'))}\n"
    )


def two_factor_reset_subject() -> str:
    return "Your two-factor sign-in was reset"


def two_factor_reset_body(when: datetime) -> str:
    return (
        f"An administrator reset your two-factor sign-in to RASSO joint casework on "
        f"{timezone.localtime(when):%d %B %Y at %H:%M}.\n\n"
        "The next time you sign in you will set up your authenticator app again and get "
        "new recovery codes. Your old codes no longer work.\n\n"
        "If you did not ask for this, tell your organisation's administrator or security "
        "team at once.\n\n"
        f"{absolute_url(_path('sign-in'))}\n"
    )
