"""Synthetic complainant work for ``seed_demo --cases N``.

Runs after the cases seeder in the same call, on the ``count`` cases it has
just added (the newest demo cases), whose complainants (C1, sometimes C2) it
wrote. It gives them what the complainants' pages and the reports read:

- contact details in the form the services store: phone numbers in Ofcom's
  drama range in international form (+447700900xxx), never a real number;
- rights, needs and support: an ISVA for about 6 in 10 (most agreeing to
  information being shared), special measures, a few interpreters, some
  asking for no letters at home or updates every 14 days;
- the contact log: a contact meeting each "tell the complainant" deadline the
  cases seeder closed (linked as what it communicated), a history of regular
  updates over the life of the case, and the last contact the open regular
  update runs from; live cases without one get their regular update;
- withdrawals of support: about 45 in 100 police NFA cases (outcome 16 is the
  commonest RASSO police NFA), 1 in 20 live cases, a fifth of those reinstated;
- Victims' Right to Review requests on about 1 in 7 NFA cases, at every stage,
  with their deadlines; a completed one upheld the decision (an overturned
  one would have reopened the case).

Like ``cases.demo`` it bypasses the services on purpose: COPY for the big
tables (ids reserved from the tables' own sequences, so later inserts never
collide), nothing audited and no timeline event for these rows. The deadlines
the cases seeder wrote for the complainant (tell and regular update) are
pointed at C1, as ``victims.deadlines`` names them, so the owed updates show on
the complainants' pages.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db import connection, models, transaction
from django.utils import timezone

from cases.deadlines import DeadlineKind, due_date
from cases.demo import copy_rows
from cases.models import CaseFile, CaseStatus, Deadline, DeadlineStatus
from cases.workdays import add_working_days
from rasso.accounts.management.commands.seed_demo import DEMO_AREAS, DEMO_DOMAIN
from rasso.accounts.models import Organisation, OrganisationKind, User
from victims.deadlines import (
    COMPLAINANT_SOURCE_PREFIX,
    TELL_KINDS,
    UPDATE_KINDS,
    review_source,
)
from victims.models import (
    Channel,
    Complainant,
    Contact,
    Direction,
    Review,
    ReviewOutcome,
    ReviewScheme,
    ReviewStatus,
    SpecialMeasure,
    SupportWithdrawal,
    WithdrawalReason,
)

LONDON = ZoneInfo("Europe/London")
# Cases read and rows written this many at a time.
BATCH = 5_000
ISVA_SHARE = 0.6
WITHDRAWN_AFTER_POLICE_NFA = 0.45
WITHDRAWN_WHILE_LIVE = 0.05
REINSTATED_SHARE = 0.2
REVIEW_SHARE = 0.15
LIVE = frozenset(
    {
        CaseStatus.DRAFT,
        CaseStatus.INVESTIGATION,
        CaseStatus.WITH_CPS,
        CaseStatus.ACTION_PLAN,
        CaseStatus.CHARGED,
    }
)
CHANNEL_WEIGHTS = {
    Channel.PHONE: 50,
    Channel.EMAIL: 15,
    Channel.TEXT: 15,
    Channel.IN_PERSON: 10,
    Channel.VIDEO: 5,
    Channel.LETTER: 5,
}
WITHDRAWAL_WEIGHTS = {
    WithdrawalReason.PROCESS: 30,
    WithdrawalReason.FEAR: 15,
    WithdrawalReason.RELATIONSHIP: 10,
    WithdrawalReason.PRIVACY: 10,
    WithdrawalReason.WELLBEING: 15,
    WithdrawalReason.MOVE_ON: 10,
    WithdrawalReason.NOT_GIVEN: 10,
}
CHANNELS = list(CHANNEL_WEIGHTS)
CHANNEL_CUMULATIVE = list(accumulate(CHANNEL_WEIGHTS.values()))
# What a contact says: never anything that identifies anyone.
REGULAR_SUMMARIES = (
    "Regular update: enquiries continue; no change to the suspect's status.",
    "Regular update: explained the time the digital download is taking.",
    "Regular update: checked on wellbeing and support; ISVA details confirmed.",
    "Regular update: explained what happens when the file goes to CPS.",
)
ISVA_SERVICES = (
    "Rape Crisis ISVA Service",
    "Sexual Assault Referral Centre ISVA team",
    "Victim Support ISVA Service",
)
CONTACT_COLUMNS = (  # noqa: SIM905 (words read better as words)
    "id case complainant contacted_at channel direction through_isva summary "
    "recorded_by recorded_at"
).split()
COMMUNICATED_COLUMNS = ["contact", "deadline"]
DEADLINE_COLUMNS = (  # noqa: SIM905 (words read better as words)
    "case kind description due_on owner owner_organisation source status opened_at closed_at"
).split()


@dataclass
class Person:
    """A seeded complainant and what the seeder knows of their case."""

    id: int
    pseudonym: str
    case_id: int
    status: str
    oic: int
    force: int
    area: int
    prosecutor: int | None
    case_created: datetime
    isva: bool = False


def seed_complainants(count: int) -> str:
    """Add complainant work to the ``count`` newest demo cases."""
    started = time.monotonic()
    if count <= 0:
        return "Complainants: nothing to add"
    with transaction.atomic():
        added = ComplainantWriter(count).write()
    summary = ", ".join(f"{n:,} {label}" for label, n in added.items())
    return f"Complainants: added {summary} in {time.monotonic() - started:.1f}s"


class ComplainantWriter:
    def __init__(self, count: int) -> None:
        forces, self.supervisor, self.cps_spoc = _demo_staff()
        case_ids = list(
            CaseFile.objects.filter(force__in=forces)
            .order_by("-id")
            .values_list("id", flat=True)[:count]
        )
        self.case_ids = sorted(case_ids)
        self.rng = random.Random(self.case_ids[-1] if self.case_ids else 0)  # noqa: S311 (invented)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.people: list[Person] = []
        for start in range(0, len(self.case_ids), BATCH):
            rows = (
                Complainant.objects.filter(case_id__in=self.case_ids[start : start + BATCH])
                .order_by("id")
                .values_list(
                    "id",
                    "pseudonym",
                    "case_id",
                    "case__status",
                    "case__oic",
                    "case__force",
                    "case__cps_area",
                    "case__prosecutor",
                    "case__created_at",
                )
            )
            self.people += [Person(*row) for row in rows]
        self.people_by_case = {p.case_id: p for p in self.people if p.pseudonym == "C1"}
        self.contact_ids: list[int] = []
        self.contacts: list[tuple[Any, ...]] = []
        self.communicated: list[tuple[int, int]] = []
        self.deadlines: list[tuple[Any, ...]] = []

    def write(self) -> dict[str, int]:
        if not self.people:
            return {"complainants' records": 0}
        self.point_deadlines_at_c1()
        self.record_details()
        self.contact_log()
        withdrawals = self.withdrawals()
        reviews = self.reviews()
        copy_rows(Contact, CONTACT_COLUMNS, self.contacts)
        copy_rows(Contact.communicated.through, COMMUNICATED_COLUMNS, self.communicated)
        copy_rows(Deadline, DEADLINE_COLUMNS, self.deadlines)
        with connection.cursor() as cursor:
            tables = (Complainant, Contact, SupportWithdrawal, Review)
            cursor.execute(f"ANALYZE {', '.join(m._meta.db_table for m in tables)}")
        return {
            "contacts": len(self.contacts),
            "withdrawals of support": withdrawals,
            "reviews": reviews,
        }

    # -- the record ---------------------------------------------------------------

    def point_deadlines_at_c1(self) -> None:
        """The cases seeder opens the complainant's deadlines without naming
        whose they are: they are C1's, as the services would have named them."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {Deadline._meta.db_table} AS d
                SET source = %s::text || c.id
                FROM {Complainant._meta.db_table} AS c
                WHERE c.case_id = d.case_id AND c.pseudonym = 'C1' AND d.source = ''
                  AND d.kind = ANY(%s) AND d.case_id = ANY(%s)
                """,  # noqa: S608 (table names from the models, values as parameters)
                [COMPLAINANT_SOURCE_PREFIX, list(UPDATE_KINDS), self.case_ids],
            )

    def record_details(self) -> None:
        """Set-based updates of the rows the cases seeder wrote: one
        statement per group of complainants given the same details."""
        ids = [p.id for p in self.people]
        table = Complainant._meta.db_table
        groups: dict[str, list[int]] = defaultdict(list)
        for person in self.people:
            if self.rng.random() < ISVA_SHARE:
                person.isva = self.rng.random() < 0.85
                groups["isva_told" if person.isva else "isva"].append(person.id)
            if self.rng.random() < 0.35:
                groups["measures"].append(person.id)
            if self.rng.random() < 0.04:
                groups["interpreter"].append(person.id)
            if self.rng.random() < 0.1:
                groups["no_letters"].append(person.id)
            if self.rng.random() < 0.15:
                groups["fortnightly"].append(person.id)
        service = self.rng.choice(ISVA_SERVICES)
        statements: dict[str, tuple[str, list[Any]]] = {
            "isva": ("isva_name = 'ISVA (name on file)', isva_service = %s", [service]),
            "isva_told": (
                "isva_name = 'ISVA (name on file)', isva_service = %s, isva_may_be_told = true",
                [service],
            ),
            "measures": (
                "special_measures = %s::varchar(20)[]",
                [[SpecialMeasure.SCREENS, SpecialMeasure.VIDEO_EVIDENCE_IN_CHIEF]],
            ),
            "interpreter": ("interpreter_needed = true, language = 'Polish'", []),
            "no_letters": ("no_letters_home = true, preferred_channel = 'phone'", []),
            "fortnightly": ("update_every_days = 14", []),
        }
        with connection.cursor() as cursor:
            # Phone numbers in the form the services store them, still in
            # Ofcom's drama range (07700 900xxx: never a real person's).
            cursor.execute(
                f"UPDATE {table} SET phone = '+44' || substr(replace(phone, ' ', ''), 2) "  # noqa: S608
                "WHERE id = ANY(%s) AND phone LIKE '07700 900%%'",
                [ids],
            )
            for group, (assignment, params) in statements.items():
                if groups[group]:
                    cursor.execute(
                        f"UPDATE {table} SET {assignment} WHERE id = ANY(%s)",  # noqa: S608
                        [*params, groups[group]],
                    )

    # -- the contact log ------------------------------------------------------------

    def contact(
        self,
        person: Person,
        when: datetime,
        summary: str,
        *,
        communicated: Sequence[int] = (),
        by: int | None = None,
    ) -> None:
        when = min(max(when, person.case_created), self.now - timedelta(minutes=1))
        contact_id = self.next_contact_id()
        channel = self.rng.choices(CHANNELS, cum_weights=CHANNEL_CUMULATIVE)[0]
        self.contacts.append(
            (
                contact_id,
                person.case_id,
                person.id,
                when,
                channel,
                Direction.TO_COMPLAINANT,
                person.isva and self.rng.random() < 0.2,
                summary,
                by or person.oic,
                when,
            )
        )
        self.communicated += [(contact_id, deadline) for deadline in communicated]

    def next_contact_id(self) -> int:
        # Ids from the table's sequence, a batch at a time: the links to what
        # a contact communicated need them before the COPY.
        if not self.contact_ids:
            self.contact_ids = _reserve_ids(Contact, BATCH)[::-1]
        return self.contact_ids.pop()

    def contact_log(self) -> None:
        by_source = {f"{COMPLAINANT_SOURCE_PREFIX}{p.id}": p for p in self.people}
        told: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
        regular_from: dict[int, datetime] = {}
        for start in range(0, len(self.case_ids), BATCH):
            # By case and kind (the index), the source matched here: a list
            # of every source in the query would cost more than the rows.
            rows = Deadline.objects.filter(
                case_id__in=self.case_ids[start : start + BATCH],
                kind__in=UPDATE_KINDS,
            ).values_list("id", "source", "kind", "status", "opened_at", "closed_at")
            for pk, source, kind, status, opened_at, closed_at in rows:
                person = by_source.get(source)
                if person is None:
                    continue
                if kind == DeadlineKind.REGULAR_UPDATE:
                    if status == DeadlineStatus.OPEN:
                        regular_from[person.id] = opened_at
                elif status != DeadlineStatus.OPEN and closed_at is not None:
                    told[person.id].append((pk, closed_at))
        for person in self.people:
            # The news of each decision, on the day the deadline was closed.
            for deadline, closed_at in told[person.id]:
                self.contact(
                    person,
                    closed_at,
                    "Told them of the decision and what happens next.",
                    communicated=[deadline],
                )
            # Regular updates over the life of the case, ending with the
            # contact the open regular update runs from.
            last = regular_from.get(person.id)
            if last is None and person.status in LIVE:
                last = self.now - timedelta(days=self.rng.randint(0, 35), hours=2)
                self.deadlines.append(
                    (
                        person.case_id,
                        DeadlineKind.REGULAR_UPDATE,
                        f"Regular update to {person.pseudonym}",
                        timezone.localdate(last) + timedelta(days=28),
                        person.oic,
                        person.force,
                        f"{COMPLAINANT_SOURCE_PREFIX}{person.id}",
                        DeadlineStatus.OPEN,
                        last,
                        None,
                    )
                )
            if last is not None:
                self.contact(person, last, self.rng.choice(REGULAR_SUMMARIES))
            end = last or self.now
            history = min(int((end - person.case_created).days // 28), 4)
            for months_back in range(1, history + 1):
                self.contact(
                    person,
                    end - timedelta(days=28 * months_back - self.rng.randint(0, 4)),
                    self.rng.choice(REGULAR_SUMMARIES),
                )

    # -- withdrawals --------------------------------------------------------------

    def withdrawals(self) -> int:
        reasons = list(WITHDRAWAL_WEIGHTS)
        weights = list(WITHDRAWAL_WEIGHTS.values())
        rows: list[SupportWithdrawal] = []
        for person in self.people:
            if person.status == CaseStatus.POLICE_NFA:
                share = WITHDRAWN_AFTER_POLICE_NFA
            elif person.status in LIVE:
                share = WITHDRAWN_WHILE_LIVE
            else:
                continue
            if self.rng.random() >= share:
                continue
            created = timezone.localdate(person.case_created)
            span = max((self.today - created).days, 0)
            withdrawn_on = created + timedelta(days=self.rng.randint(0, span))
            reinstated = (
                person.status in LIVE
                and withdrawn_on < self.today
                and self.rng.random() < REINSTATED_SHARE
            )
            rows.append(
                SupportWithdrawal(
                    case_id=person.case_id,
                    complainant_id=person.id,
                    withdrawn_on=withdrawn_on,
                    reason=self.rng.choices(reasons, weights)[0],
                    support_offered=self.rng.random() < 0.8,
                    reinstated_on=withdrawn_on + timedelta(days=1) if reinstated else None,
                    recorded_by_id=person.oic,
                )
            )
        SupportWithdrawal.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    # -- reviews ------------------------------------------------------------------

    def reviews(self) -> int:
        candidates = [
            p
            for p in self.people
            if p.pseudonym == "C1" and p.status in (CaseStatus.POLICE_NFA, CaseStatus.CPS_NFA)
        ]
        told_on = self.nfa_told_on([p.case_id for p in candidates])
        reviews: list[Review] = []
        for person in candidates:
            told = told_on.get(person.case_id)
            if told is None or self.rng.random() >= REVIEW_SHARE:
                continue
            review = self.review(person, told)
            if review is not None:
                reviews.append(review)
        Review.objects.bulk_create(reviews, batch_size=BATCH)
        for review in reviews:
            self.review_deadlines(review)
        return len(reviews)

    def nfa_told_on(self, case_ids: list[int]) -> dict[int, date]:
        """When each complainant was told of the NFA: the day the last tell
        deadline of the case was closed."""
        told: dict[int, date] = {}
        for start in range(0, len(case_ids), BATCH):
            rows = (
                Deadline.objects.filter(
                    case_id__in=case_ids[start : start + BATCH],
                    kind__in=TELL_KINDS,
                    closed_at__isnull=False,
                )
                .order_by("case_id", "opened_at")
                .values_list("case_id", "closed_at")
            )
            for case_id, closed_at in rows:
                told[case_id] = timezone.localdate(closed_at)
        return told

    def review(self, person: Person, told: date) -> Review | None:
        police = person.status == CaseStatus.POLICE_NFA
        if police:
            in_time_until = told + relativedelta(months=3)
            asked = told + timedelta(days=self.rng.randint(3, 100))
        else:
            in_time_until = add_working_days(told, 10)
            asked = told + timedelta(days=self.rng.choice((4, 8, 12, 20, 40)))
        if asked > self.today:
            return None
        in_time = asked <= in_time_until
        age = (self.today - asked).days
        if age > 60:
            status = ReviewStatus.COMPLETED
        elif age > 14:
            status = self.rng.choice((ReviewStatus.ACKNOWLEDGED, ReviewStatus.COMPLETED))
        else:
            status = self.rng.choice((ReviewStatus.REQUESTED, ReviewStatus.ACKNOWLEDGED))
        reviewer = (
            self.supervisor.get(person.force) if police else self.cps_spoc.get(person.area)
        ) or person.oic
        review = Review(
            case_id=person.case_id,
            complainant_id=person.id,
            scheme=ReviewScheme.POLICE if police else ReviewScheme.CPS,
            told_on=told,
            requested_on=asked,
            in_time=in_time,
            late_reason="" if in_time else "Was not well enough to ask sooner.",
            status=status,
            requested_by_id=person.oic if police else (person.prosecutor or person.oic),
        )
        acknowledged = min(asked + timedelta(days=self.rng.randint(1, 10)), self.today)
        if status != ReviewStatus.REQUESTED:
            review.acknowledged_on = acknowledged
        if status == ReviewStatus.COMPLETED:
            review.completed_on = min(
                acknowledged + timedelta(days=self.rng.randint(5, 40)), self.today
            )
            review.outcome = ReviewOutcome.UPHELD
            review.outcome_reasons = "The decision was reviewed and found to be sound."
            review.completed_by_id = reviewer
        return review

    def review_deadlines(self, review: Review) -> None:
        person = self.people_by_case[review.case_id]
        owner_organisation = person.force if review.scheme == ReviewScheme.POLICE else person.area
        kinds = [DeadlineKind.REVIEW_COMPLETE]
        if review.scheme == ReviewScheme.POLICE:
            kinds.insert(0, DeadlineKind.REVIEW_ACKNOWLEDGE)
        opened = _at(review.requested_on)
        for kind in kinds:
            closed_on = (
                review.acknowledged_on
                if kind == DeadlineKind.REVIEW_ACKNOWLEDGE
                else review.completed_on
            )
            due = due_date(kind, review.requested_on)
            if closed_on is None:
                status, closed = DeadlineStatus.OPEN, None
            else:
                met = closed_on <= due
                status = DeadlineStatus.MET if met else DeadlineStatus.MISSED
                closed = _at(closed_on)
            what = "Acknowledge C1's request for a review"
            if kind == DeadlineKind.REVIEW_COMPLETE:
                what = "Complete C1's review"
            self.deadlines.append(
                (
                    review.case_id,
                    kind,
                    what,
                    due,
                    None,
                    owner_organisation,
                    review_source(review),
                    status,
                    opened,
                    closed,
                )
            )


def _at(day: date) -> datetime:
    """Ten in the morning of ``day``, London time."""
    return datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` ids from the table's own sequence, as inserts would take them."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _demo_staff() -> tuple[list[int], dict[int, int], dict[int, int]]:
    """The demo forces, and who reviews there: each force's supervisor and
    each Area's CPS SPOC."""
    users = dict(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", "id"))
    forces: list[int] = []
    supervisor: dict[int, int] = {}
    cps_spoc: dict[int, int] = {}
    for area_name, force_names, _panel in DEMO_AREAS:
        area = Organisation.objects.get(name=area_name, kind=OrganisationKind.CPS_AREA)
        if (spoc := users.get(f"cps-spoc.{area.slug}@{DEMO_DOMAIN}")) is not None:
            cps_spoc[area.pk] = spoc
        for name in force_names:
            force = Organisation.objects.get(name=name, kind=OrganisationKind.POLICE_FORCE)
            forces.append(force.pk)
            if (user := users.get(f"supervisor.{force.slug}@{DEMO_DOMAIN}")) is not None:
                supervisor[force.pk] = user
    return forces, supervisor, cps_spoc
