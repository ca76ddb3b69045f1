"""Every read of complainants and of what hangs off them (the updates owed
to them, their contact log, letters and reviews), for the pages and the API
alike.

Each read starts from a case the user may see (``cases.selectors.case_get``,
itself on ``CaseFile.objects.visible_to``), or from ``visible_to`` directly,
and costs the same number of queries whatever the number of complainants,
contacts, letters or reviews. Whether the reader may see who a complainant
is, is a second question: ``identity_visible_to``.

What a complainant is owed is defined once, ``owed_deadlines``: the open
"tell the complainant" and regular-update deadlines that name them. It is
read as ``owed`` on each complainant (one subquery, the same for every
reader) and, across cases, as the officer's ``updates_owed``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    CharField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, JSONObject, Substr
from django.http import Http404
from django.utils import timezone

from cases import rules
from cases.deadlines import DeadlineKind
from cases.models import CaseFile, Deadline, DeadlineStatus
from rasso.accounts.models import User
from victims.deadlines import (
    COMPLAINANT_SOURCE_PREFIX,
    REVIEW_SOURCE_PREFIX,
    TELL_KINDS,
    UPDATE_KINDS,
    complainant_source,
)
from victims.models import (
    IDENTITY_FIELDS,
    Complainant,
    Contact,
    Letter,
    Review,
    SupportWithdrawal,
)
from victims.scrubber import IdentityScrubber, RecordedIdentity

# -- who may see whom ---------------------------------------------------------------


def complainants_visible(user: User | AnonymousUser) -> QuerySet[Complainant]:
    """Complainants of cases the user may see. Whether their identity may be
    shown is a second question: ``identity_visible_to``."""
    return Complainant.objects.filter(case__in=CaseFile.objects.visible_to(user))


def identity_visible_to(user: User, case: CaseFile) -> bool:
    return rules.may_see_complainant_identity(user, case)


def identity_or_404(user: User, case: CaseFile) -> None:
    """Contact summaries and letters may identify: anyone else is answered 404."""
    if not identity_visible_to(user, case):
        raise Http404("No such page")


# -- what is owed -------------------------------------------------------------------

# Soonest due first, so overdue first; a tell before a regular update due the
# same day (the news is the more pressing).
OWED_ORDER = (
    "due_on",
    Case(When(kind=DeadlineKind.REGULAR_UPDATE, then=Value(1)), default=Value(0)),
    "id",
)


def owed_deadlines() -> QuerySet[Deadline]:
    """Every update owed to a complainant: the open "tell the complainant"
    and regular-update deadlines that name one."""
    return Deadline.objects.filter(
        status=DeadlineStatus.OPEN,
        kind__in=UPDATE_KINDS,
        source__startswith=COMPLAINANT_SOURCE_PREFIX,
    )


@dataclass(frozen=True)
class Owed:
    """One update owed to a complainant, as the pages and the API show it."""

    id: int
    kind: str
    description: str
    due_on: date
    today: date

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def due_today(self) -> bool:
        return self.due_on == self.today


def owed_of(complainant: Complainant) -> list[Owed]:
    """What is owed to a complainant read through ``complainants_with_owed``,
    in ``OWED_ORDER``; nothing for a row not read that way (a row fresh from
    a service)."""
    today = timezone.localdate()
    rows: list[dict[str, Any]] = getattr(complainant, "owed", None) or []
    return [
        Owed(
            id=row["id"],
            kind=row["kind"],
            description=row["description"],
            # JSON from the database: the date as ISO text.
            due_on=date.fromisoformat(row["due_on"]),
            today=today,
        )
        for row in rows
    ]


def complainants_with_owed(case: CaseFile, *, withdrawals: bool = False) -> QuerySet[Complainant]:
    """The case's complainants with what every reader is shown computed in
    the one query: whether support is withdrawn (``support_withdrawn``) and
    the updates owed (``owed``, as JSON: read it with ``owed_of``). Their
    withdrawals are fetched only when asked for (the entitled's record)."""
    owed = (
        owed_deadlines()
        .filter(
            case_id=OuterRef("case_id"),
            source=Concat(
                Value(COMPLAINANT_SOURCE_PREFIX), Cast(OuterRef("pk"), output_field=CharField())
            ),
        )
        .order_by(*OWED_ORDER)
        .values(json=JSONObject(id="id", kind="kind", description="description", due_on="due_on"))
    )
    qs = case_complainants(case).annotate(
        support_withdrawn=Exists(
            SupportWithdrawal.objects.filter(complainant=OuterRef("pk"), reinstated_on=None)
        ),
        owed=ArraySubquery(owed),
    )
    if withdrawals:
        qs = qs.prefetch_related("withdrawals")
    return qs


def complainant_with_owed(case: CaseFile, pk: int, *, withdrawals: bool = False) -> Complainant:
    """One complainant of the case read as ``complainants_with_owed``, or 404."""
    complainant = complainants_with_owed(case, withdrawals=withdrawals).filter(pk=pk).first()
    if complainant is None:
        raise Http404("No such complainant")
    return complainant


def owed_tell_deadlines(complainant: Complainant) -> list[Deadline]:
    """The "tell the complainant" deadlines a contact with them could meet."""
    return list(
        owed_deadlines()
        .filter(
            case_id=complainant.case_id,
            kind__in=TELL_KINDS,
            source=complainant_source(complainant),
        )
        .order_by(*OWED_ORDER)
    )


def updates_owed(user: User) -> QuerySet[Deadline]:
    """Every update the user owes to a complainant, on cases they may see,
    soonest due (so overdue) first. The complainant's pseudonym is annotated
    (``pseudonym``) from the deadline's source: one query for a page, one
    for the count."""
    complainant_pk = Cast(Substr("source", len(COMPLAINANT_SOURCE_PREFIX) + 1), IntegerField())
    pseudonym = Complainant.objects.filter(pk=OuterRef("complainant_pk")).values("pseudonym")
    return (
        owed_deadlines()
        .filter(owner=user, case__in=CaseFile.objects.visible_to(user))
        .annotate(complainant_pk=complainant_pk)
        .annotate(pseudonym=Subquery(pseudonym[:1]))
        .select_related("case", "case__force")
        .order_by("due_on", "id")
    )


# -- the complainants of a case -----------------------------------------------------


def case_complainants(case: CaseFile) -> QuerySet[Complainant]:
    return Complainant.objects.filter(case=case).order_by("id")


def complainants_in_full(case: CaseFile) -> QuerySet[Complainant]:
    """The case's complainants as their pages show them: with the updates
    owed, the date of their last contact, their withdrawals (newest first)
    and their reviews. Three queries however many complainants and contacts."""
    return (
        complainants_with_owed(case)
        # The date of the last contact, in the complainant's own row: a
        # complainant with 30 contacts costs what one with none does.
        .annotate(last_contact_at=Max("contacts__contacted_at"))
        .prefetch_related(
            Prefetch("withdrawals", SupportWithdrawal.objects.order_by("-withdrawn_on", "-id")),
            Prefetch("reviews", Review.objects.select_related("completed_by")),
        )
    )


def complainant_in_full(case: CaseFile, pk: int) -> Complainant:
    """One complainant of the case read as ``complainants_in_full``, or 404."""
    try:
        complainant = complainants_in_full(case).get(pk=pk)
    except Complainant.DoesNotExist:
        raise Http404("No such complainant") from None
    # The case is already read and checked: the complainant needs it only for display.
    complainant.case = case
    return complainant


def complainant_get(case: CaseFile, pk: int) -> Complainant:
    """One complainant of the case, or 404."""
    try:
        complainant = Complainant.objects.get(case=case, pk=pk)
    except Complainant.DoesNotExist:
        raise Http404("No such complainant") from None
    complainant.case = case
    return complainant


# -- the contact log and letters: for those entitled to the identity ------------------


def complainant_contacts(complainant: Complainant) -> QuerySet[Contact]:
    """The complainant's contact log, newest first: one query a page, one
    more for the deadlines each contact communicated and one for the
    corrections of each."""
    return (
        Contact.objects.filter(complainant=complainant)
        .select_related("recorded_by", "corrects")
        .prefetch_related(
            Prefetch("communicated", queryset=Deadline.objects.order_by("due_on", "id")),
            Prefetch("corrections", queryset=Contact.objects.only("id", "corrects_id")),
        )
        .order_by("-contacted_at", "-id")
    )


def contact_get(complainant: Complainant, pk: int) -> Contact:
    contact = complainant_contacts(complainant).filter(pk=pk).first()
    if contact is None:
        raise Http404("No such contact")
    return contact


def complainant_letters(complainant: Complainant, *, with_pdf: bool = False) -> QuerySet[Letter]:
    """The complainant's letters, newest first. The PDF stays in the database
    until it is downloaded (``with_pdf``)."""
    letters = (
        Letter.objects.filter(complainant=complainant)
        .select_related("generated_by", "sent_contact")
        .order_by("-generated_at", "-id")
    )
    return letters if with_pdf else letters.defer("pdf")


def letter_get(complainant: Complainant, pk: int, *, with_pdf: bool = False) -> Letter:
    letter = complainant_letters(complainant, with_pdf=with_pdf).filter(pk=pk).first()
    if letter is None:
        raise Http404("No such letter")
    letter.complainant = complainant
    return letter


# -- reviews: by pseudonym, for everyone who may see the case -------------------------


def complainant_reviews(complainant: Complainant) -> QuerySet[Review]:
    """The complainant's requests for a review, newest first, each with when
    its open acknowledgement and completion are due."""

    def due(kind: str) -> Subquery:
        return Subquery(
            Deadline.objects.filter(
                case_id=OuterRef("case_id"),
                kind=kind,
                status=DeadlineStatus.OPEN,
                source=Concat(Value(REVIEW_SOURCE_PREFIX), Cast(OuterRef("pk"), CharField())),
            ).values("due_on")[:1]
        )

    return (
        Review.objects.filter(complainant=complainant)
        .select_related("complainant", "requested_by", "completed_by")
        .annotate(
            acknowledge_by=due(DeadlineKind.REVIEW_ACKNOWLEDGE),
            complete_by=due(DeadlineKind.REVIEW_COMPLETE),
        )
        .order_by("-requested_on", "-id")
    )


def review_get(complainant: Complainant, pk: int) -> Review:
    review = complainant_reviews(complainant).filter(pk=pk).first()
    if review is None:
        raise Http404("No such review")
    review.complainant = complainant
    return review


# -- the identity scrubber of cases ---------------------------------------------


def case_scrubbers(case_ids: Collection[int]) -> dict[int, IdentityScrubber]:
    """The identity scrubber of each of these cases that has complainants,
    built from what is recorded of them: one query, whatever the number of
    cases (registered with ``cases.identity`` in ``VictimsConfig.ready``)."""
    recorded: dict[int, list[RecordedIdentity]] = {}
    for row in Complainant.objects.filter(case_id__in=case_ids).values(
        "case_id", "pseudonym", *IDENTITY_FIELDS
    ):
        case_id = row.pop("case_id")
        recorded.setdefault(case_id, []).append(RecordedIdentity(**row))
    return {case_id: IdentityScrubber(people) for case_id, people in recorded.items()}
