"""What a complainant is owed, as deadlines of their case: which kinds of
deadline are updates owed to a complainant, and how a deadline names the
complainant (or the review) it is for.

Written once here and read by the services that open and meet these
deadlines, the selectors that list them, the demo seeder and the reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cases.deadlines import DeadlineKind

if TYPE_CHECKING:
    from victims.models import Complainant, Review

# "Tell the complainant" of a key event: within a working day for a complainant
# with enhanced rights, five otherwise.
TELL_KINDS = (DeadlineKind.TELL_COMPLAINANT_ENHANCED, DeadlineKind.TELL_COMPLAINANT)
# Every update owed to a complainant: the news of a key event, and the rolling
# regular update.
UPDATE_KINDS = (*TELL_KINDS, DeadlineKind.REGULAR_UPDATE)

# A deadline's ``source`` names whose it is: a complainant, or a review.
COMPLAINANT_SOURCE_PREFIX = "victims.complainant:"
REVIEW_SOURCE_PREFIX = "victims.review:"


def tell_kind(complainant: Complainant) -> str:
    """The "tell the complainant" deadline a key event opens for them."""
    if complainant.enhanced_rights:
        return DeadlineKind.TELL_COMPLAINANT_ENHANCED
    return DeadlineKind.TELL_COMPLAINANT


def complainant_source(complainant: Complainant) -> str:
    """What a complainant's deadlines name as their source."""
    return f"{COMPLAINANT_SOURCE_PREFIX}{complainant.pk}"


def review_source(review: Review) -> str:
    """What a review's deadlines (acknowledge, complete) name as their source."""
    return f"{REVIEW_SOURCE_PREFIX}{review.pk}"
