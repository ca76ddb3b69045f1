"""Synthetic demo cases in bulk: ``seed_demo --cases N`` and ``make bench``.

Each call adds N cases to the six demo forces (Kent, Surrey and Sussex in CPS
South East; Cleveland, Durham and Northumbria in CPS North East), in every
status in roughly the shape of a force's RASSO caseload, each with offences,
a suspect, complainants with invented names, document records, a timeline,
deadlines (some overdue) and, on some cases, a grant to the OIC's colleague.
The OICs are the forces' demo investigators and the allocated prosecutors the
Areas' demo prosecutors, so every demo account has cases to look at.

This is a demo and benchmark tool, so it bypasses the services on purpose:
100,000 cases (over two million rows) through ``case_create`` and friends
would cost tens of queries a case; through PostgreSQL's COPY they take about
a minute. Nothing is
audited and no notification is sent. In exchange the rows are built to satisfy
every constraint the models and services keep: valid and unique URNs carrying
the force's code, the force's CPS Area, pseudonyms C1, C2 within a case, a
``referred_at`` on every case that reached CPS, a ``submitted_at`` on every
case submitted, a complete file behind every submission, unique stored names.

Document rows have no file behind them (a stored name starting ``demo-``
points at nothing), so downloading a seeded document finds no file: the
download view answers that with its 404 page.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from cases.deadlines import DEFAULT_TIMINGS, DeadlineKind
from cases.models import (
    CaseEvent,
    CaseFile,
    CaseFileUserObjectPermission,
    CaseOffence,
    CaseStatus,
    Deadline,
    DeadlineStatus,
    Dg6Category,
    Document,
    DocumentKind,
    Offence,
    Suspect,
    SuspectState,
)
from cases.retention.schedule import closed_cases_date
from cases.workdays import bank_holidays, is_working_day
from rasso.accounts.management.commands.seed_demo import DEMO_AREAS, DEMO_DOMAIN
from rasso.accounts.models import Organisation, OrganisationKind, User

# Cases are written this many at a time: one COPY per table per chunk keeps
# memory flat however many cases are asked for.
CHUNK = 5_000

# Of every 100 cases: most reports end in a police NFA, a third are still
# being investigated, and about a third reach CPS.
STATUS_SHARES: dict[str, int] = {
    CaseStatus.DRAFT: 4,
    CaseStatus.INVESTIGATION: 30,
    CaseStatus.WITH_CPS: 8,
    CaseStatus.ACTION_PLAN: 5,
    CaseStatus.CHARGED: 6,
    CaseStatus.FINALISED: 7,
    CaseStatus.POLICE_NFA: 34,
    CaseStatus.CPS_NFA: 6,
}
# Days from the report to today, by status.
AGE_DAYS: dict[str, tuple[int, int]] = {
    CaseStatus.DRAFT: (0, 14),
    CaseStatus.INVESTIGATION: (7, 540),
    CaseStatus.WITH_CPS: (60, 600),
    CaseStatus.ACTION_PLAN: (90, 700),
    CaseStatus.CHARGED: (120, 900),
    CaseStatus.FINALISED: (365, 1800),
    CaseStatus.POLICE_NFA: (30, 1800),
    CaseStatus.CPS_NFA: (120, 1500),
}
# How many cases of each status saw an arrest (the rest: 9 in 10).
ARREST_CHANCE: dict[str, float] = {
    CaseStatus.DRAFT: 0.0,
    CaseStatus.INVESTIGATION: 0.6,
    CaseStatus.POLICE_NFA: 0.5,
}
REACHED_CPS = frozenset(
    {
        CaseStatus.WITH_CPS,
        CaseStatus.ACTION_PLAN,
        CaseStatus.CHARGED,
        CaseStatus.FINALISED,
        CaseStatus.CPS_NFA,
    }
)
# Relative caseloads of the demo forces, and towns for invented addresses.
FORCE_WEIGHTS = {
    "Kent": 22,
    "Surrey": 14,
    "Sussex": 20,
    "Cleveland": 12,
    "Durham": 12,
    "Northumbria": 20,
}
TOWNS = {
    "Kent": ("Maidstone", "Canterbury", "Ashford", "Dartford", "Margate"),
    "Surrey": ("Guildford", "Woking", "Epsom", "Redhill", "Camberley"),
    "Sussex": ("Brighton", "Crawley", "Eastbourne", "Worthing", "Hastings"),
    "Cleveland": ("Middlesbrough", "Hartlepool", "Stockton-on-Tees", "Redcar"),
    "Durham": ("Durham", "Darlington", "Consett", "Peterlee"),
    "Northumbria": ("Newcastle upon Tyne", "Sunderland", "Gateshead", "Ashington"),
}
# Each force's units, the two characters after the force code in a URN; when
# a unit's numbers run out for a year, the next two-letter code takes over.
UNITS = ("RA", "SO", "PV")
SPARE_UNITS = tuple(f"{a}{b}" for a in "ABCDEFGHJKLMNPQRSTUVWXYZ" for b in "ABCDEFGHJK")
STREETS = (
    "Larkspur Way",
    "Fenwick Row",
    "Quillan Close",
    "Marrow Lane",
    "Tansy Gardens",
    "Ostler Street",
    "Brackenfold Road",
    "Wickham Rise",
)
GIVEN = (  # noqa: SIM905 (words read better as words)
    "Aaron Abigail Adam Amelia Ben Bethany Callum Chloe Connor Daisy Daniel Eleanor Ethan "
    "Evie Finley Freya George Hannah Harvey Holly Isaac Imogen Jake Jasmine Kai Katie "
    "Leon Lily Lewis Maisie Mason Megan Nathan Niamh Oliver Paige Reece Rosie Ryan Sophie "
    "Tyler Zoe"
).split()
FAMILY = (  # noqa: SIM905 (words read better as words)
    "Ashdown Barraclough Bellweather Brindley Calloway Dunmore Eversley Fairbrook Garside "
    "Hallam Harrowby Ingleby Jessop Kettering Lambeth Marchbank Netherton Oakridge "
    "Pendleton Quarrie Ravensworth Saltmarsh Thursby Underhill Varley Wetherall Yardley"
).split()
# Offences of the 2003 Act by how often they are charged (s.1 rape first);
# the rest of the reference list comes up rarely.
OFFENCE_WEIGHTS = {"1": 40, "2": 12, "3": 18, "4": 4, "5": 4, "7": 4, "9": 4, "25": 2}
CHILD_SECTIONS = frozenset(
    {"5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "15A", "16", "17", "18", "19"}
    | {"25", "26"}
)
# The documents of a complete file (the submission checklist), in the order
# an OIC gathers them, and the extras a file may hold.
CORE_DOCUMENTS = (
    DocumentKind.ABE,
    DocumentKind.MG15,
    DocumentKind.MG5,
    DocumentKind.MG6C,
    DocumentKind.MG6D,
    DocumentKind.MG3,
)
EXTRA_DOCUMENTS = (DocumentKind.EXHIBIT, DocumentKind.DIGITAL, DocumentKind.OTHER)
DOCUMENT_LABELS: dict[str, str] = dict(DocumentKind.choices)
DOCUMENT_NAMES: dict[str, str] = {
    DocumentKind.MG3: "MG3.pdf",
    DocumentKind.MG3A: "MG3A.pdf",
    DocumentKind.MG5: "MG5 case summary.docx",
    DocumentKind.MG6C: "MG6C.pdf",
    DocumentKind.MG6D: "MG6D.pdf",
    DocumentKind.MG11: "MG11 statement.pdf",
    DocumentKind.MG15: "ROTI.pdf",
    DocumentKind.ABE: "ABE interview record.pdf",
    DocumentKind.EXHIBIT: "Exhibit photo.jpg",
    DocumentKind.FORENSIC: "SARC report.pdf",
    DocumentKind.DIGITAL: "Phone download report.pdf",
    DocumentKind.OTHER: "Notes.odt",
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".jpg": "image/jpeg",
    ".odt": "application/vnd.oasis.opendocument.text",
}
NFA_OUTCOMES = (
    "outcome 14: evidential difficulties, complainant does not support action",
    "outcome 15: evidential difficulties prevent further action",
    "outcome 16: complainant does not support or has withdrawn support",
    "outcome 18: investigation complete, no suspect identified",
)


@dataclass(frozen=True)
class DemoForce:
    id: int
    code: str
    name: str
    area_id: int
    area_name: str
    investigator: int  # investigator.<force>: OIC of most cases
    colleague: int  # investigator2.<force>: OIC of some, granted others
    colleague_name: str
    prosecutors: tuple[tuple[int, str], ...]  # the Area's demo prosecutors: (id, name)
    cps_spoc: int | None  # who allocates them
    towns: tuple[str, ...]


@dataclass
class Rows:
    """One chunk of cases, as rows per table, ready to COPY."""

    cases: list[tuple[Any, ...]] = field(default_factory=list)
    offences: list[tuple[Any, ...]] = field(default_factory=list)
    suspects: list[tuple[Any, ...]] = field(default_factory=list)
    complainants: list[tuple[Any, ...]] = field(default_factory=list)
    documents: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    deadlines: list[tuple[Any, ...]] = field(default_factory=list)
    grants: list[tuple[Any, ...]] = field(default_factory=list)

    def count(self) -> int:
        return sum(len(rows) for rows in vars(self).values())


# Columns written by COPY, per table; ids are left to the table's identity
# column except where other rows need them first (cases, suspects).
CASE_COLUMNS = (  # noqa: SIM905 (words read better as words)
    "id urn force cps_area oic status dg6_category reported_on first_account_on "
    "arrested_on interviewed_on charged_on forensic_report_expected "
    "unused_material_nil_return prosecutor referred_at submitted_at version created_at "
    "updated_at"
).split()
OFFENCE_COLUMNS = ["case", "offence", "committed_from", "committed_to"]
SUSPECT_COLUMNS = (  # noqa: SIM905 (words read better as words)
    "id case first_names last_name date_of_birth state state_since review_on"
).split()
COMPLAINANT_COLUMNS = (  # noqa: SIM905 (words read better as words)
    "case pseudonym first_names last_name date_of_birth address phone email "
    "enhanced_rights created_at"
).split()
DOCUMENT_COLUMNS = (  # noqa: SIM905 (words read better as words)
    "case kind title original_name stored_name content_type size sha256 uploaded_by uploaded_at"
).split()
EVENT_COLUMNS = ["case", "at", "actor", "kind", "description"]
DEADLINE_COLUMNS = (  # noqa: SIM905 (words read better as words)
    "case kind description due_on owner owner_organisation source status opened_at closed_at"
).split()
GRANT_COLUMNS = ["content_object", "user", "permission"]


def seed_cases(count: int) -> str:
    """Add ``count`` more demo cases; the seeder ``seed_demo --cases`` calls.
    One transaction: a failure leaves nothing behind."""
    if count <= 0:
        return "No demo cases added"
    started = time.monotonic()
    with transaction.atomic():
        writer = CaseWriter.for_demo_forces()
        rows_written = writer.write(count)
        # The closed ones get their retention review dates, as the
        # services would have given them.
        closed_cases_date()
    analyse()
    seconds = time.monotonic() - started
    return (
        f"Added {count:,} demo cases ({rows_written:,} rows) to "
        f"{', '.join(f.name for f in writer.forces)} in {seconds:.1f} s"
    )


def analyse(*, vacuum: bool = False) -> None:
    """Refresh the planner's statistics on the tables the seeder fills, so
    that the first queries after a bulk load get plans for its real size.

    ``vacuum`` (outside a transaction only) also vacuums the tables the case
    lists read, setting their visibility maps as autovacuum would later, so
    that index-only scans need not visit the heap: the benchmark asks for it
    before measuring. (The big child tables are read by case, through their
    indexes, and vacuuming two million fresh rows takes most of a minute.)
    """
    listed: list[type[models.Model]] = [CaseFile, CaseFileUserObjectPermission]
    children: list[type[models.Model]] = [
        CaseOffence,
        Suspect,
        Document,
        CaseEvent,
        Deadline,
        *_complainant_models(),
    ]
    with connection.cursor() as cursor:
        if vacuum:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(m._meta.db_table for m in listed)}")
        else:
            children = listed + children
        cursor.execute(f"ANALYZE {', '.join(m._meta.db_table for m in children)}")


def _complainant_models() -> list[type[models.Model]]:
    # Complainants live in ``victims``, above ``cases``: looked up by name at
    # run time, never imported, so ``cases`` does not depend on it.
    if apps.is_installed("victims"):
        return [apps.get_model("victims", "Complainant")]
    return []


def allocate_status_counts(count: int) -> dict[str, int]:
    """Split ``count`` cases across the statuses in STATUS_SHARES, exactly
    (largest remainder), with at least one of each when there are enough."""
    total = sum(STATUS_SHARES.values())
    exact = {status: count * share / total for status, share in STATUS_SHARES.items()}
    counts = {status: int(value) for status, value in exact.items()}
    if count >= len(STATUS_SHARES):
        for status in counts:
            counts[status] = max(counts[status], 1)
    by_remainder = sorted(exact, key=lambda s: exact[s] - int(exact[s]), reverse=True)
    index = 0
    while sum(counts.values()) < count:
        counts[by_remainder[index % len(by_remainder)]] += 1
        index += 1
    while sum(counts.values()) > count:
        largest = max(counts, key=lambda s: counts[s])
        counts[largest] -= 1
    return counts


class CaseWriter:
    """Builds cases in Python and writes them by COPY, a chunk at a time."""

    def __init__(
        self,
        forces: Sequence[DemoForce],
        offences: Sequence[Offence],
        view_permission_id: int,
        seed: int,
    ) -> None:
        self.forces = list(forces)
        self.force_weights = [FORCE_WEIGHTS.get(f.name, 10) for f in self.forces]
        self.recent_offences = [o for o in offences if not o.non_recent]
        self.recent_weights = [OFFENCE_WEIGHTS.get(o.section, 1) for o in self.recent_offences]
        self.old_offences = [o for o in offences if o.non_recent] or self.recent_offences
        self.view_permission_id = view_permission_id
        self.rng = random.Random(seed)  # noqa: S311 (invented data, not secrets)
        self.random = self.rng.random
        self.now = timezone.now()
        # Nothing seeded is later than a minute ago.
        self.latest = self.now - timedelta(minutes=1)
        self.today = timezone.localdate()
        self.midnight = datetime(self.today.year, self.today.month, self.today.day, tzinfo=UTC)
        self.urn_numbers = self._urn_numbers_in_use()
        self.complainants = _complainant_models()
        self.bank_holidays = bank_holidays()

    @classmethod
    def for_demo_forces(cls) -> CaseWriter:
        forces: list[DemoForce] = []
        users = dict(
            User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", "id")
        )
        names = dict(
            User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", "full_name")
        )
        for area_name, force_names, _panel in DEMO_AREAS:
            area = Organisation.objects.get(name=area_name, kind=OrganisationKind.CPS_AREA)
            prosecutors = tuple(
                (users[email], names[email])
                for email in (
                    f"{handle}.{area.slug}@{DEMO_DOMAIN}"
                    for handle in ("prosecutor", "prosecutor2")
                )
                if email in users
            )
            for name in force_names:
                force = Organisation.objects.get(name=name, kind=OrganisationKind.POLICE_FORCE)
                investigator = f"investigator.{force.slug}@{DEMO_DOMAIN}"
                colleague = f"investigator2.{force.slug}@{DEMO_DOMAIN}"
                if investigator not in users or colleague not in users or not prosecutors:
                    raise CommandError(
                        "The demo accounts are missing: run seed_demo, which creates them first"
                    )
                forces.append(
                    DemoForce(
                        id=force.pk,
                        code=force.code,
                        name=force.name,
                        area_id=area.pk,
                        area_name=area.name,
                        investigator=users[investigator],
                        colleague=users[colleague],
                        colleague_name=names[colleague],
                        prosecutors=prosecutors,
                        cps_spoc=users.get(f"cps-spoc.{area.slug}@{DEMO_DOMAIN}"),
                        towns=TOWNS.get(force.name, (force.name,)),
                    )
                )
        permission = Permission.objects.get(
            codename="view_casefile", content_type__app_label="cases"
        )
        offences = list(Offence.objects.order_by("id"))
        if not offences:
            raise CommandError("The offence reference list is empty: run migrate first")
        last_id = CaseFile.objects.order_by("-id").values_list("id", flat=True).first() or 0
        return cls(forces, offences, permission.pk, seed=last_id)

    # -- writing ----------------------------------------------------------

    def write(self, count: int) -> int:
        """Write ``count`` cases; returns the number of rows written.

        A thread builds the next chunk in Python while this one streams the
        last to PostgreSQL. The foreign keys stay deferred (checked at the
        commit): checking them during each COPY instead measured twice as slow.
        """
        counts = allocate_status_counts(count)
        statuses = [status for status, n in counts.items() for _ in range(n)]
        self.rng.shuffle(statuses)
        plan = list(
            zip(_reserve_ids(CaseFile, count), _reserve_ids(Suspect, count), statuses, strict=True)
        )
        chunks = [plan[start : start + CHUNK] for start in range(0, count, CHUNK)]
        written = 0
        with ThreadPoolExecutor(max_workers=1) as builder:
            next_rows = builder.submit(self.build, chunks[0])
            for index in range(len(chunks)):
                rows = next_rows.result()
                if index + 1 < len(chunks):
                    next_rows = builder.submit(self.build, chunks[index + 1])
                self.copy(rows)
                written += rows.count()
        return written

    def build(self, chunk: list[tuple[int, int, str]]) -> Rows:
        """The rows of a chunk of cases, built without touching the database."""
        rows = Rows()
        for case_id, suspect_id, status in chunk:
            self.add_case(rows, case_id, suspect_id, status)
        return rows

    def copy(self, rows: Rows) -> None:
        tables: list[tuple[type[models.Model], list[str], list[tuple[Any, ...]]]] = [
            (CaseFile, CASE_COLUMNS, rows.cases),
            (CaseOffence, OFFENCE_COLUMNS, rows.offences),
            (Suspect, SUSPECT_COLUMNS, rows.suspects),
            (Document, DOCUMENT_COLUMNS, rows.documents),
            (CaseEvent, EVENT_COLUMNS, rows.events),
            (Deadline, DEADLINE_COLUMNS, rows.deadlines),
            (CaseFileUserObjectPermission, GRANT_COLUMNS, rows.grants),
        ]
        for model in self.complainants:
            tables.append((model, COMPLAINANT_COLUMNS, rows.complainants))
        for model, names, table_rows in tables:
            copy_rows(model, names, table_rows)

    # -- one case -----------------------------------------------------------

    def randint(self, low: int, high: int) -> int:
        """``random.randint`` without its argument checks: it is called about
        thirty times a case."""
        return low + int(self.random() * (high - low + 1))

    def at(self, days_ago: int) -> datetime:
        """A moment in the working day ``days_ago`` days ago, never in the future."""
        moment = self.midnight + timedelta(days=-days_ago, seconds=8 * 3600 + self.random() * 36000)
        if moment < self.latest:
            return moment
        return self.latest - timedelta(seconds=self.random() * 3600)

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def person(self) -> tuple[str, str]:
        rng = self.rng
        given = rng.choice(GIVEN)
        if rng.random() < 0.25:
            given = f"{given} {rng.choice(GIVEN)}"
        return given, rng.choice(FAMILY)

    def offences(self, non_recent: bool, count: int) -> list[Offence]:
        """``count`` different offences, the commonest most often."""
        if non_recent:
            return self.rng.sample(self.old_offences, k=min(count, len(self.old_offences)))
        chosen: dict[int, Offence] = {}
        while len(chosen) < min(count, len(self.recent_offences)):
            offence = self.rng.choices(self.recent_offences, self.recent_weights)[0]
            chosen[offence.pk] = offence
        return list(chosen.values())

    def urn(self, force: DemoForce, year: int) -> str:
        """The next free URN for the force in one of its units: numbers carry
        on above the highest already used, so a new batch never collides."""
        yy = f"{year % 100:02d}"
        first = self.rng.randrange(len(UNITS))
        for unit in (*UNITS[first:], *UNITS[:first], *SPARE_UNITS):
            key = f"{force.code}{unit}{yy}"
            number = self.urn_numbers.get(key, 0) + 1
            if number <= 99_999:
                self.urn_numbers[key] = number
                return f"{force.code}{unit}{number:05d}{yy}"
        raise CommandError(f"No free URNs left for {force.name} in 20{yy}")

    def add_case(self, rows: Rows, case_id: int, suspect_id: int, status: str) -> None:
        rng = self.rng
        force = rng.choices(self.forces, self.force_weights)[0]
        oic = force.investigator if rng.random() < 0.8 else force.colleague
        granted = oic == force.investigator and rng.random() < 0.25
        age = self.randint(*AGE_DAYS[status])
        created_ago = age - self.randint(0, min(2, age))
        created_at = self.at(created_ago)
        reported_on = self.day(age)
        urn = self.urn(force, created_at.year)
        events: list[tuple[Any, ...]] = []

        def event(when: datetime, actor: int | None, kind: str, text: str) -> None:
            events.append((case_id, min(when, self.now), actor, kind, text))

        event(created_at, oic, "created", f"Case file {urn} created")

        # Milestones, in days ago, from the report to today.
        started_ago = (
            None
            if status == CaseStatus.DRAFT
            else created_ago - self.randint(0, min(3, created_ago))
        )
        submit_ago: int | None = None
        decision_ago: int | None = None
        finalised_ago: int | None = None
        nfa_ago: int | None = None
        referred_ago: int | None = None
        if started_ago is not None and status in REACHED_CPS:
            if status == CaseStatus.WITH_CPS:
                submit_ago = self.randint(1, min(60, started_ago - 1))
            elif status == CaseStatus.ACTION_PLAN:
                submit_ago = self.randint(35, min(150, started_ago - 1))
            else:
                submit_ago = self.randint(int(started_ago * 0.3), int(started_ago * 0.8))
            referred_ago = submit_ago
            if rng.random() < 0.2:  # early advice first
                referred_ago = self.randint(submit_ago, started_ago)
            if status == CaseStatus.ACTION_PLAN:
                # Issued in the last six weeks; the police have about a month.
                decision_ago = self.randint(1, min(45, submit_ago - 1))
            elif status != CaseStatus.WITH_CPS:
                decision_ago = max(1, submit_ago - self.randint(5, 60))
            if status == CaseStatus.FINALISED and decision_ago is not None:
                finalised_ago = max(0, decision_ago - self.randint(30, 400))
        elif started_ago is not None and status == CaseStatus.POLICE_NFA:
            nfa_ago = self.randint(0, int(started_ago * 0.7))
            if rng.random() < 0.08 and started_ago > nfa_ago + 1:
                referred_ago = self.randint(nfa_ago + 1, started_ago)
        elif started_ago is not None and rng.random() < 0.1:
            referred_ago = self.randint(0, started_ago)  # early advice

        # Arrest and interview, during the investigation.
        arrested_ago: int | None = None
        if started_ago is not None and rng.random() < ARREST_CHANCE.get(status, 0.9):
            latest = submit_ago or nfa_ago or 0
            arrested_ago = max(latest + 1, started_ago - self.randint(0, 45))
            arrested_ago = min(arrested_ago, started_ago)
        interviewed_ago = (
            None if arrested_ago is None else max(0, arrested_ago - self.randint(0, 1))
        )

        # Offences: one to three, distinct; non-recent cases under the 1956 Act.
        non_recent = rng.random() < 0.08
        offences = self.offences(non_recent, 1 + (rng.random() < 0.45) + (rng.random() < 0.12))
        child = any(o.section in CHILD_SECTIONS for o in offences)
        when = created_at
        offence_day = reported_on
        for offence in offences:
            if non_recent:
                first = date(self.randint(1975, 2002), self.randint(1, 12), self.randint(1, 28))
                last: date | None = first + timedelta(days=self.randint(30, 900))
            else:
                first = reported_on - timedelta(days=self.randint(0, 60))
                last = None
                if rng.random() < 0.15:
                    last = min(reported_on, first + timedelta(days=self.randint(1, 90)))
            offence_day = min(offence_day, first)
            rows.offences.append((case_id, offence.pk, first, last))
            when += timedelta(minutes=self.randint(2, 20))
            event(when, oic, "offence_added", f"Offence added: {offence.title}"[:300])

        # The suspect.
        suspect_first, suspect_last = self.person()
        suspect_born = offence_day - timedelta(days=self.randint(16 * 365, 65 * 365))
        state = SuspectState.AT_LARGE
        state_since: date | None = None
        review_on: date | None = None
        if arrested_ago is not None:
            state_since = self.day(arrested_ago)
            if status in (CaseStatus.CHARGED, CaseStatus.FINALISED):
                state = SuspectState.CUSTODY if rng.random() < 0.4 else SuspectState.BAIL
                state_since = self.day(decision_ago or 0)
            elif status in (CaseStatus.POLICE_NFA, CaseStatus.CPS_NFA):
                state = SuspectState.RUI
            else:
                state = rng.choice((SuspectState.BAIL, SuspectState.RUI, SuspectState.RUI))
                if rng.random() < 0.05 and status == CaseStatus.INVESTIGATION:
                    state = SuspectState.CUSTODY
                else:
                    # Bail returns and RUI reviews come round every three months.
                    review_on = state_since + timedelta(days=91)
                    while review_on < self.today - timedelta(days=self.randint(0, 20)):
                        review_on += timedelta(days=91)
        rows.suspects.append(
            (
                suspect_id,
                case_id,
                suspect_first,
                suspect_last,
                suspect_born,
                state,
                state_since,
                review_on,
            )
        )
        when += timedelta(minutes=self.randint(2, 20))
        event(when, oic, "suspect_added", "Suspect added")

        # Complainants: C1, and sometimes C2.
        for number in range(1, 3 if rng.random() < 0.15 else 2):
            given, family = self.person()
            age_then = self.randint(6, 15) if child else self.randint(16, 60)
            born = offence_day - timedelta(days=age_then * 365 + self.randint(0, 364))
            email = f"{given.split()[0]}.{family}@example.com".lower() if rng.random() < 0.3 else ""
            when += timedelta(minutes=self.randint(2, 20))
            rows.complainants.append(
                (
                    case_id,
                    f"C{number}",
                    given,
                    family,
                    born,
                    f"{self.randint(1, 120)} {rng.choice(STREETS)}, {rng.choice(force.towns)}",
                    f"07700 900{self.randint(0, 999):03d}",
                    email,
                    rng.random() < 0.95,
                    min(when, self.now),
                )
            )
            event(when, oic, "complainant_added", f"Complainant C{number} added")

        if started_ago is not None:
            event(self.at(started_ago), oic, "investigation_started", "Investigation started")

        # Documents: a complete file behind every submission; a partial one before.
        forensic = rng.random() < 0.3
        nil_return = rng.random() < 0.1
        kinds: list[str]
        if submit_ago is not None:
            kinds = [k for k in CORE_DOCUMENTS if not (nil_return and k in ("mg6c", "mg6d"))]
            if rng.random() < 0.3:
                kinds[0] = DocumentKind.MG11
            if forensic:
                kinds.insert(1, DocumentKind.FORENSIC)
            kinds += rng.sample(EXTRA_DOCUMENTS, k=self.randint(0, 2))
        elif status == CaseStatus.DRAFT:
            kinds = rng.sample(CORE_DOCUMENTS[:2], k=self.randint(0, 1))
        else:
            kinds = list(CORE_DOCUMENTS[: self.randint(0, 4)])
            kinds += rng.sample(EXTRA_DOCUMENTS, k=self.randint(0, 1))
        latest_upload = submit_ago if submit_ago is not None else (nfa_ago or 0)
        earliest_upload = started_ago if started_ago is not None else created_ago
        for number, kind in enumerate(kinds, start=1):
            uploaded_at = self.at(self.randint(latest_upload, max(latest_upload, earliest_upload)))
            uploaded_at = max(uploaded_at, created_at + timedelta(minutes=30))
            stored_name = f"demo-{case_id:09d}-{number:02d}"
            original = DOCUMENT_NAMES.get(kind, "Document.pdf")
            rows.documents.append(
                (
                    case_id,
                    kind,
                    DOCUMENT_LABELS[kind][:200],
                    original,
                    stored_name,
                    CONTENT_TYPES[original[original.rindex(".") :]],
                    self.randint(30_000, 8_000_000),
                    hashlib.sha256(stored_name.encode()).hexdigest(),
                    oic,
                    min(uploaded_at, self.now),
                )
            )
            event(uploaded_at, oic, "document_added", f"Document added: {DOCUMENT_LABELS[kind]}")

        if granted and started_ago is not None:
            rows.grants.append((case_id, force.colleague, self.view_permission_id))
            event(
                self.at(self.randint(0, started_ago)),
                oic,
                "shared",
                f"Case shared with {force.colleague_name}",
            )

        # CPS: submission, allocation, decision.
        prosecutor: int | None = None
        submitted_at = self.at(submit_ago) if submit_ago is not None else None
        referred_at = self.at(referred_ago) if referred_ago is not None else None
        if submitted_at is not None and referred_at is not None:
            referred_at = min(referred_at, submitted_at)
        deadlines: list[tuple[Any, ...]] = []
        charging_source = f"cases.casefile:{case_id}"
        if submit_ago is not None and submitted_at is not None:
            event(
                submitted_at, oic, "submitted", f"Submitted to CPS {force.area_name} for a decision"
            )
            charging_due = self.day(submit_ago) + timedelta(
                days=DEFAULT_TIMINGS[DeadlineKind.CHARGING_DECISION].days
            )
            allocated = status != CaseStatus.WITH_CPS or rng.random() < 0.7
            if allocated:
                prosecutor, prosecutor_name = rng.choice(force.prosecutors)
                allocated_ago = max(decision_ago or 0, submit_ago - self.randint(0, 5))
                event(
                    self.at(allocated_ago),
                    force.cps_spoc,
                    "prosecutor_allocated",
                    f"Allocated to prosecutor {prosecutor_name}",
                )
            if decision_ago is None:
                deadlines.append(
                    self.deadline(
                        case_id,
                        DeadlineKind.CHARGING_DECISION,
                        charging_due,
                        prosecutor,
                        force.area_id,
                        charging_source,
                        opened_at=submitted_at,
                    )
                )
            else:
                deadlines.append(
                    self.deadline(
                        case_id,
                        DeadlineKind.CHARGING_DECISION,
                        charging_due,
                        prosecutor,
                        force.area_id,
                        charging_source,
                        opened_at=submitted_at,
                        closed_at=self.at(decision_ago),
                        status=DeadlineStatus.MET
                        if decision_ago >= submit_ago - 28
                        else DeadlineStatus.MISSED,
                    )
                )
        charged_on: date | None = None
        if decision_ago is not None:
            decided_at = self.at(decision_ago)
            if status == CaseStatus.ACTION_PLAN:
                event(decided_at, prosecutor, "action_plan_issued", "Action plan issued")
                deadlines.append(
                    self.deadline(
                        case_id,
                        "action_plan",
                        self.day(decision_ago) + timedelta(days=self.randint(21, 35)),
                        oic,
                        force.id,
                        "",
                        opened_at=decided_at,
                        description="Respond to the action plan",
                    )
                )
            elif status == CaseStatus.CPS_NFA:
                event(
                    decided_at,
                    prosecutor,
                    "cps_nfa",
                    "No further action (CPS): Full Code Test, evidential stage not met",
                )
            else:
                charged_on = self.day(decision_ago)
                event(decided_at, prosecutor, "charged", "Charged: Full Code Test met")
            if status != CaseStatus.ACTION_PLAN:
                deadlines.append(self.told(case_id, oic, force.id, decision_ago))
        if finalised_ago is not None:
            event(self.at(finalised_ago), oic, "finalised", "Case finalised")
        if nfa_ago is not None:
            event(
                self.at(nfa_ago),
                oic,
                "police_nfa",
                f"No further action (police): {rng.choice(NFA_OUTCOMES)}",
            )
            deadlines.append(self.told(case_id, oic, force.id, nfa_ago))
        if status == CaseStatus.INVESTIGATION:
            # Due every 28 days; about a third have slipped past.
            due = self.today + timedelta(days=self.randint(-20, 28))
            deadlines.append(
                self.deadline(
                    case_id,
                    DeadlineKind.REGULAR_UPDATE,
                    due,
                    oic,
                    force.id,
                    "",
                    opened_at=self.at(max(0, (self.today - due).days + 28)),
                )
            )
        if review_on is not None:
            deadlines.append(
                self.deadline(
                    case_id,
                    DeadlineKind.BAIL_REVIEW,
                    review_on,
                    oic,
                    force.id,
                    f"cases.suspect:{suspect_id}",
                    opened_at=self.at(arrested_ago or 0),
                    description="Bail return or released-under-investigation review",
                )
            )
        for deadline in deadlines:
            event(
                deadline[-2],
                None,
                "deadline_opened",
                f"Deadline: {deadline[2]} by {deadline[3]:%d %B %Y}",
            )
        rows.deadlines.extend(deadlines)
        rows.events.extend(events)

        updated_at = max(e[1] for e in events)
        rows.cases.append(
            (
                case_id,
                urn,
                force.id,
                force.area_id,
                oic,
                status,
                rng.choices(
                    (Dg6Category.GREEN, Dg6Category.GREEN_PRIORITY, Dg6Category.RED), (6, 3, 1)
                )[0],
                reported_on,
                reported_on + timedelta(days=self.randint(0, 3)) if started_ago else None,
                None if arrested_ago is None else self.day(arrested_ago),
                None if interviewed_ago is None else self.day(interviewed_ago),
                charged_on,
                forensic,
                nil_return,
                prosecutor,
                referred_at,
                submitted_at,
                len(events),
                created_at,
                updated_at,
            )
        )

    def deadline(
        self,
        case_id: int,
        kind: str,
        due_on: date,
        owner: int | None,
        owner_organisation: int,
        source: str,
        *,
        opened_at: datetime,
        closed_at: datetime | None = None,
        status: str = DeadlineStatus.OPEN,
        description: str = "",
    ) -> tuple[Any, ...]:
        if not description:
            description = DEFAULT_TIMINGS[kind].description
        # The last two columns are read back for the timeline: keep them last.
        return (
            case_id,
            kind,
            description,
            due_on,
            owner,
            owner_organisation,
            source,
            status,
            opened_at,
            closed_at,
        )

    def told(self, case_id: int, oic: int, force_id: int, decided_ago: int) -> tuple[Any, ...]:
        """Telling the complainant of a decision: one working day, nearly always met."""
        decided = self.day(decided_ago)
        due = decided + timedelta(days=1)
        while not is_working_day(due, self.bank_holidays):
            due += timedelta(days=1)
        missed = self.rng.random() < 0.05
        return self.deadline(
            case_id,
            DeadlineKind.TELL_COMPLAINANT_ENHANCED,
            due,
            oic,
            force_id,
            "",
            opened_at=self.at(decided_ago),
            closed_at=self.at(max(0, decided_ago - (3 if missed else 0))),
            status=DeadlineStatus.MISSED if missed else DeadlineStatus.MET,
        )

    def _urn_numbers_in_use(self) -> dict[str, int]:
        """The highest number used per force code, unit and year, so new URNs
        carry on above it."""
        codes = [f.code for f in self.forces]
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT left(urn, 4) || right(urn, 2), max(substr(urn, 5, 5)::integer)
                FROM cases_casefile
                WHERE left(urn, 2) = ANY(%s) AND urn ~ '^[0-9]{2}[A-Z0-9]{2}[0-9]{7}$'
                GROUP BY 1
                """,
                [codes],
            )
            return dict(cursor.fetchall())


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Take ``count`` ids from the table's own sequence, as inserts would, so
    rows written by COPY and rows written later never collide."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


# Binary COPY needs each column's type; these are the ones our models use.
_COPY_TYPES = {
    "bigint": "int8",
    "integer": "int4",
    "smallint": "int2",
    "boolean": "bool",
    "date": "date",
    "timestamp with time zone": "timestamptz",
    "text": "text",
}


def copy_rows(model: type[models.Model], names: Iterable[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY ``rows`` into the model's table, in binary; ``names`` are model
    field names, in the order of each row's values."""
    if not rows:
        return
    fields = [cast("models.Field[Any, Any]", model._meta.get_field(name)) for name in names]
    columns = [str(f.column) for f in fields]
    types = []
    for f in fields:
        db_type = str(f.db_type(connection))
        types.append(_COPY_TYPES.get(db_type, "text" if db_type.startswith("varchar") else db_type))
    statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)
