"""How the complainants' pages show a complainant: a ``ComplainantRow`` wraps
one read by ``victims.selectors.complainants_in_full`` with what the
templates ask of it (what is owed and how much is overdue, their record in
words, their support and their reviews), computed from what was read,
without another query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from victims import services
from victims.models import Complainant, Review, ReviewStatus, SpecialMeasure, SupportWithdrawal
from victims.selectors import Owed, owed_of


@dataclass
class ComplainantRow:
    """A complainant with what the pages show about them."""

    complainant: Complainant
    owed: list[Owed] = field(init=False)

    def __post_init__(self) -> None:
        self.owed = owed_of(self.complainant)

    @property
    def phone_display(self) -> str:
        return services.phone_for_display(self.complainant.phone)

    @property
    def measures(self) -> list[str]:
        labels = dict(SpecialMeasure.choices)
        return [str(labels.get(m, m)) for m in self.complainant.special_measures]

    @property
    def overdue(self) -> int:
        return sum(1 for o in self.owed if o.overdue)

    @property
    def withdrawal(self) -> SupportWithdrawal | None:
        """The withdrawal of support in force, if any."""
        in_force = [w for w in self.complainant.withdrawals.all() if w.reinstated_on is None]
        return in_force[0] if in_force else None

    @property
    def withdrawals(self) -> list[SupportWithdrawal]:
        return list(self.complainant.withdrawals.all())

    @property
    def reviews(self) -> list[Review]:
        return list(self.complainant.reviews.all())

    @property
    def open_review(self) -> Review | None:
        open_ = [r for r in self.reviews if r.status != ReviewStatus.COMPLETED]
        return open_[0] if open_ else None

    @property
    def latest_review(self) -> Review | None:
        """The review in progress, else the latest completed one."""
        reviews = self.reviews
        return self.open_review or (reviews[0] if reviews else None)


def rows_most_overdue_first(complainants: QuerySet[Complainant]) -> list[ComplainantRow]:
    """The complainants with the most overdue first, then the soonest due."""
    rows = [ComplainantRow(c) for c in complainants]
    rows.sort(
        key=lambda r: (-r.overdue, r.owed[0].due_on if r.owed else date.max, r.complainant.pk)
    )
    return rows
