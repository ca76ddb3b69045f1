"""The reads behind the complainants' pages: each built on the case the user
may see (``cases.selectors.case_get``, itself on ``CaseFile.objects.visible_to``)
and shaped so that a page costs the same whatever the number of complainants,
contacts, letters or reviews.

Who may do what is decided by ``victims.rules``, which the services check;
the pages read the same rules to choose which links and buttons to offer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import IntegerField, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Cast, Substr
from django.http import Http404
from django.utils import timezone

from cases.models import CaseFile, Deadline, DeadlineStatus
from victims import rules as victims_rules
from victims import services
from victims.models import (
    Complainant,
    Contact,
    Letter,
    Review,
    ReviewStatus,
    SpecialMeasure,
    SupportWithdrawal,
)
from victims.selectors import identity_visible_to

SOURCE_PREFIX = "victims.complainant:"


# -- who may do what: victims.rules, which the services check too ---------------------

may_keep_record = victims_rules.may_keep_record
review_scheme = victims_rules.review_scheme
may_act_on_review = victims_rules.reviews
review_reasons_visible = victims_rules.review_reasons_visible
may_record_review_request = victims_rules.may_record_review_request
letter_kinds_for = victims_rules.letter_kinds_for


# -- what is owed -----------------------------------------------------------------------


@dataclass
class Owed:
    """One update owed to a complainant, as the pages show it."""

    deadline: Deadline
    today: date

    @property
    def overdue(self) -> bool:
        return self.deadline.due_on < self.today

    @property
    def due_today(self) -> bool:
        return self.deadline.due_on == self.today

    @property
    def is_tell(self) -> bool:
        return self.deadline.kind in services.TELL_KINDS


def _owed_sorted(deadlines: list[Deadline], today: date) -> list[Owed]:
    # Soonest due first is overdue first; a tell before a regular update on the same day.
    deadlines.sort(key=lambda d: (d.due_on, d.kind not in services.TELL_KINDS, d.pk))
    return [Owed(d, today) for d in deadlines]


def open_updates(case: CaseFile) -> QuerySet[Deadline]:
    """The case's open "tell the complainant" and regular-update deadlines."""
    return Deadline.objects.filter(
        case=case, status=DeadlineStatus.OPEN, kind__in=services.UPDATE_KINDS
    ).order_by("due_on", "id")


def complainant_of(deadline: Deadline) -> int | None:
    if not deadline.source.startswith(SOURCE_PREFIX):
        return None
    number = deadline.source.removeprefix(SOURCE_PREFIX)
    return int(number) if number.isdigit() else None


# -- the complainants of a case -------------------------------------------------------------


@dataclass
class ComplainantRow:
    """A complainant with what the pages show about them."""

    complainant: Complainant
    owed: list[Owed] = field(default_factory=list)

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


def _complainants(case: CaseFile) -> QuerySet[Complainant]:
    return (
        Complainant.objects.filter(case=case)
        # The date of the last contact, in the complainant's own row: a
        # complainant with 30 contacts costs what one with none does.
        .annotate(last_contact_at=Max("contacts__contacted_at"))
        .prefetch_related(
            Prefetch("withdrawals", SupportWithdrawal.objects.order_by("-withdrawn_on", "-id")),
            Prefetch("reviews", Review.objects.select_related("completed_by")),
        )
        .order_by("id")
    )


def case_complainant_rows(case: CaseFile) -> list[ComplainantRow]:
    """Every complainant of the case, each with their owed updates (overdue
    first), withdrawals and reviews; the complainants with the most overdue
    come first. Four queries: the complainants (with the date of their last
    contact), their withdrawals, their reviews, and the case's owed updates."""
    rows = {c.pk: ComplainantRow(c) for c in _complainants(case)}
    if not rows:
        return []
    today = timezone.localdate()
    by_complainant: dict[int, list[Deadline]] = {pk: [] for pk in rows}
    for deadline in open_updates(case):
        pk = complainant_of(deadline)
        if pk in by_complainant:
            by_complainant[pk].append(deadline)
    for pk, deadlines in by_complainant.items():
        rows[pk].owed = _owed_sorted(deadlines, today)
    ordered = list(rows.values())
    ordered.sort(
        key=lambda r: (
            -r.overdue,
            r.owed[0].deadline.due_on if r.owed else date.max,
            r.complainant.pk,
        )
    )
    return ordered


def complainant_row(case: CaseFile, pk: int) -> ComplainantRow:
    """One complainant of the case, or 404."""
    try:
        complainant = _complainants(case).get(pk=pk)
    except Complainant.DoesNotExist:
        raise Http404("No such complainant") from None
    # The case is already read and checked: the complainant needs it only for display.
    complainant.case = case
    deadlines = list(open_updates(case).filter(source=services.complainant_source(complainant)))
    return ComplainantRow(complainant, _owed_sorted(deadlines, timezone.localdate()))


def complainant_get(case: CaseFile, pk: int) -> Complainant:
    try:
        complainant = Complainant.objects.get(case=case, pk=pk)
    except Complainant.DoesNotExist:
        raise Http404("No such complainant") from None
    complainant.case = case
    return complainant


def owed_tell_deadlines(complainant: Complainant) -> list[Deadline]:
    """The "tell the complainant" deadlines a contact could meet."""
    return list(
        Deadline.objects.filter(
            case_id=complainant.case_id,
            status=DeadlineStatus.OPEN,
            kind__in=services.TELL_KINDS,
            source=services.complainant_source(complainant),
        ).order_by("due_on", "id")
    )


# -- the contact log and letters: for those entitled to the identity ------------------------


def identity_or_404(user: Any, case: CaseFile) -> None:
    """Summaries and letters may identify: anyone else is answered 404."""
    if not identity_visible_to(user, case):
        raise Http404("No such page")


def complainant_contacts(complainant: Complainant) -> QuerySet[Contact]:
    """The complainant's contact log, newest first: one query a page (the
    deadlines each contact communicated come in one more)."""
    return (
        Contact.objects.filter(complainant=complainant)
        .select_related("recorded_by", "corrects")
        .prefetch_related(
            Prefetch("communicated", Deadline.objects.only("id", "description", "kind"))
        )
        .order_by("-contacted_at", "-id")
    )


def contact_get(complainant: Complainant, pk: int) -> Contact:
    try:
        return Contact.objects.get(complainant=complainant, pk=pk)
    except Contact.DoesNotExist:
        raise Http404("No such contact") from None


def complainant_letters(complainant: Complainant) -> QuerySet[Letter]:
    """The complainant's letters, newest first, without their PDFs."""
    return (
        Letter.objects.filter(complainant=complainant)
        .defer("pdf")
        .select_related("generated_by", "sent_contact")
        .order_by("-generated_at", "-id")
    )


def letter_get(complainant: Complainant, pk: int, *, with_pdf: bool = False) -> Letter:
    letters = Letter.objects.filter(complainant=complainant)
    if not with_pdf:
        letters = letters.defer("pdf")
    try:
        letter = letters.get(pk=pk)
    except Letter.DoesNotExist:
        raise Http404("No such letter") from None
    letter.complainant = complainant
    return letter


def review_get(complainant: Complainant, pk: int) -> Review:
    try:
        review = Review.objects.get(complainant=complainant, pk=pk)
    except Review.DoesNotExist:
        raise Http404("No such review") from None
    review.complainant = complainant
    return review


# -- the officer's updates owed, across their cases ------------------------------------------


def updates_owed(user: Any) -> QuerySet[Deadline]:
    """Every open "tell the complainant" and regular-update deadline the user
    owes, on cases they may see, soonest due (so overdue) first. The
    complainant's pseudonym is annotated (``pseudonym``) from the deadline's
    source: one query for a page, one for the count."""
    complainant_pk = Cast(Substr("source", len(SOURCE_PREFIX) + 1), IntegerField())
    pseudonym = Complainant.objects.filter(pk=OuterRef("complainant_pk")).values("pseudonym")
    return (
        Deadline.objects.filter(
            owner=user,
            status=DeadlineStatus.OPEN,
            kind__in=services.UPDATE_KINDS,
            source__startswith=SOURCE_PREFIX,
            case__in=CaseFile.objects.visible_to(user),
        )
        .annotate(complainant_pk=complainant_pk)
        .annotate(pseudonym=Subquery(pseudonym[:1]))
        .select_related("case", "case__force")
        .order_by("due_on", "id")
    )
