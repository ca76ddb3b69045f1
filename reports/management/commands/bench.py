"""``make bench``: how fast the case pages answer at 10,000 and 100,000 cases.

It lives in ``cases`` because it measures the case pages and reads the case
tables for its hand-written floor queries; ``reports`` is about the justice
system's performance (JNAP figures), not the software's.

Two databases of its own, named after ``DATABASE_URL`` (which must name a
``bench`` database, never the demo one): ``rasso_bench`` with 100,000 cases
and ``rasso_bench_10k`` with 10,000. Each is created, migrated and seeded the
first time (``seed_demo --cases``), then reused. Each size is measured in a
child process pointed at its database (Django holds one database per
process), and the parent prints ONE JSON document on stdout; progress goes
to stderr.

For each page: Django's test client, in process, with DEBUG off; a few
warm-up requests, then N timed ones: median and 95th-percentile server time,
queries per request and the time spent in them, and the floor: one
hand-written query returning the same rows, timed through psycopg directly.
A page whose URL does not resolve yet is reported as ``{"skipped": "not
built"}``; once it exists it is measured, with no change here.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import django
import psycopg
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string

from cases.demo import analyse
from cases.models import CaseFile, CaseStatus
from rasso.accounts.management.commands.seed_demo import DEMO_DOMAIN, demo_api_key
from rasso.accounts.models import Organisation, User

# The workers' jobs, each measured by the app that owns it, at the large size
# only: a function of no arguments returning its figures.
JOBS = {
    "reminder_sweep": "cases.reminders_bench.bench_reminder_sweep",
    "reports": "reports.bench.bench_reports",
}

TARGETS = {
    "max_queries_per_list_page": 10,
    "max_median_ms_at_largest": 50,
    "max_sql_to_floor": 2.0,
    "max_growth_largest_over_baseline": 1.5,
}
HTML_PAGE_SIZE = 25  # rasso.core.web.PER_PAGE
LIST_PAGES = ("investigator_list", "supervisor_list", "cps_queue", "api_list")

# The page's columns, joined as select_related joins them.
_CASE_COLUMNS = """
    c.*, f.name AS force_name, f.code AS force_code, a.name AS area_name,
    o.full_name AS oic_name, o.email AS oic_email, p.full_name AS prosecutor_name
FROM cases_casefile c
JOIN accounts_organisation f ON f.id = c.force_id
JOIN accounts_organisation a ON a.id = c.cps_area_id
JOIN accounts_user o ON o.id = c.oic_id
LEFT JOIN accounts_user p ON p.id = c.prosecutor_id
"""
# The floors: for each page, one query returning what the page shows, as
# fast as a hand-written query can: each visibility branch walks its own
# index in the list's order and stops at the page's end, then the branches
# merge. The plain OR of the branches is timed too, as "naive_floor_ms": it
# sorts every case the user may see to return the first 25.
FLOOR_OWN_CASES = f"""
SELECT {_CASE_COLUMNS}
WHERE c.id IN (
    SELECT id FROM (
        (SELECT id, updated_at FROM cases_casefile WHERE oic_id = %(user)s
         ORDER BY updated_at DESC, id DESC LIMIT %(limit)s)
        UNION
        (SELECT g.content_object_id, granted.updated_at
         FROM cases_casefileuserobjectpermission g
         JOIN cases_casefile granted ON granted.id = g.content_object_id
         WHERE g.user_id = %(user)s AND g.permission_id = %(permission)s
         ORDER BY granted.updated_at DESC, granted.id DESC LIMIT %(limit)s)
        ORDER BY updated_at DESC, id DESC LIMIT %(limit)s
    ) page
)
ORDER BY c.updated_at DESC, c.id DESC
"""  # noqa: S608 (constants only)
NAIVE_OWN_CASES = f"""
SELECT {_CASE_COLUMNS}
WHERE c.oic_id = %(user)s OR c.id IN (
    SELECT content_object_id FROM cases_casefileuserobjectpermission
    WHERE user_id = %(user)s AND permission_id = %(permission)s
)
ORDER BY c.updated_at DESC, c.id DESC
LIMIT %(limit)s
"""  # noqa: S608 (constants only)
FLOOR_FORCE_CASES = f"""
SELECT {_CASE_COLUMNS}
WHERE c.force_id = %(force)s
ORDER BY c.updated_at DESC, c.id DESC
LIMIT %(limit)s
"""
FLOOR_READY_TO_ALLOCATE = f"""
SELECT {_CASE_COLUMNS}
WHERE c.cps_area_id = %(area)s AND c.status = 'with_cps' AND c.prosecutor_id IS NULL
    AND c.referred_at IS NOT NULL
ORDER BY c.submitted_at, c.id
LIMIT %(limit)s
"""
# The case page: the case with its offences, suspects and complainants.
FLOOR_CASE_PAGE = f"""
SELECT {_CASE_COLUMNS.replace("FROM", ", x.offences, x.suspects, x.complainants FROM", 1)}
CROSS JOIN LATERAL (
    SELECT
        (SELECT json_agg(json_build_object('offence', o.title, 'from', co.committed_from,
                                           'to', co.committed_to) ORDER BY co.id)
         FROM cases_caseoffence co JOIN cases_offence o ON o.id = co.offence_id
         WHERE co.case_id = c.id) AS offences,
        (SELECT json_agg(s ORDER BY s.id) FROM cases_suspect s WHERE s.case_id = c.id)
            AS suspects,
        (SELECT json_agg(v ORDER BY v.id) FROM victims_complainant v WHERE v.case_id = c.id)
            AS complainants
) x
WHERE c.id = %(case)s AND (c.oic_id = %(user)s OR c.id IN (
    SELECT content_object_id FROM cases_casefileuserobjectpermission
    WHERE user_id = %(user)s AND permission_id = %(permission)s
))
"""  # noqa: S608 (constants only)


@dataclass
class Page:
    name: str
    path: str
    user: User
    floor_sql: str
    floor_params: dict[str, Any]
    api_key: str = ""
    naive_sql: str = ""  # the same rows, the obvious way
    # The ids the selector puts on the page, to check the floor returns them.
    expected_ids: Callable[[], list[int]] | None = None


@dataclass
class Floor:
    seconds: float
    ids: list[int]


@dataclass
class Sample:
    seconds: float
    queries: list[tuple[float, str, Any]] = field(default_factory=list)

    @property
    def sql_seconds(self) -> float:
        return sum(q[0] for q in self.queries)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def server(db: dict[str, Any]) -> dict[str, Any]:
    """psycopg's connection arguments for the database server Django uses."""
    params = {"host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER")}
    params["password"] = db.get("PASSWORD")
    return {key: value for key, value in params.items() if value}


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class Command(BaseCommand):
    help = (
        "Measure the case pages at 10,000 and 100,000 cases in databases of their own "
        "(seeded once, then reused) and print one JSON document."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=100_000, help="The large size.")
        parser.add_argument(
            "--baseline-cases", type=int, default=10_000, help="The small size, to compare."
        )
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per page.")
        parser.add_argument("--warmups", type=int, default=3, help="Untimed requests first.")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Print EXPLAIN ANALYZE of each page's slowest query to stderr.",
        )
        parser.add_argument(
            "--jobs",
            action="store_true",
            help="(Internal) also measure the workers' jobs (the reminder sweep, reports).",
        )
        parser.add_argument(
            "--measure-here",
            action="store_true",
            help="(Internal) seed and measure this process's database only.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name:
            raise CommandError(
                f"The benchmark seeds and writes to its database; {name!r} does not look like "
                "one. Point DATABASE_URL at a database named for it, like "
                "postgres://localhost/rasso_bench (make bench does)."
            )
        if not settings.DEBUG:
            raise CommandError(
                "Run with DJANGO_DEBUG=true (make bench does): seeding demo accounts needs it. "
                "Pages are still measured with DEBUG off."
            )
        if options["measure_here"]:
            result = self.measure_here(options)
        else:
            result = self.measure_sizes(options)
        self.stdout.write(json.dumps(result, indent=2))

    # -- the parent: one child per size -----------------------------------

    def measure_sizes(self, options: dict[str, Any]) -> dict[str, Any]:
        large, small = options["cases"], options["baseline_cases"]
        name = str(connection.settings_dict["NAME"])
        databases = [(small, f"{name}_{small // 1000}k"), (large, name)]
        connection.close()
        sizes: dict[str, Any] = {}
        for cases, database in databases:
            self.create_database(database)
            url = urlsplit(os.environ.get("DATABASE_URL", f"postgres://localhost/{name}"))
            env = {**os.environ, "DATABASE_URL": url._replace(path=f"/{database}").geturl()}
            command = [
                sys.executable,
                str(settings.BASE_DIR / "manage.py"),
                "bench",
                "--measure-here",
                f"--cases={cases}",
                f"--requests={options['requests']}",
                f"--warmups={options['warmups']}",
                *(["--explain"] if options["explain"] else []),
                *(["--jobs"] if cases == large else []),
            ]
            progress(f"{database}: {cases:,} cases")
            child = subprocess.run(  # noqa: S603 (our own manage.py, our own arguments)
                command, env=env, stdout=subprocess.PIPE, text=True, check=False
            )
            if child.returncode != 0:
                raise CommandError(f"Measuring {database} failed (exit {child.returncode})")
            sizes[str(cases)] = json.loads(child.stdout)
        return {
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "django": django.get_version(),
                "postgresql": sizes[str(large)]["postgresql"],
            },
            "targets": TARGETS,
            "sizes": sizes,
            "jobs": sizes[str(large)].get("jobs", {}),
            f"growth_{large // 1000}k_over_{small // 1000}k": self.growth(
                sizes[str(small)]["pages"], sizes[str(large)]["pages"]
            ),
            "verdict": self.verdict(sizes[str(small)]["pages"], sizes[str(large)]["pages"]),
        }

    def create_database(self, database: str) -> None:
        params = server(connection.settings_dict)
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if not exists:
                progress(f"creating database {database}")
                admin.execute(f'CREATE DATABASE "{database.replace(chr(34), "")}"')

    @staticmethod
    def growth(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
        ratios: dict[str, Any] = {}
        for page, figures in large.items():
            before = small.get(page, {})
            if "median_ms" in figures and before.get("median_ms"):
                ratios[page] = round(figures["median_ms"] / before["median_ms"], 2)
            else:
                ratios[page] = None
        return ratios

    @staticmethod
    def verdict(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
        """Each target per page: true (met), false (missed), or null (not measured)."""
        verdict: dict[str, Any] = {}
        for page, figures in large.items():
            if "median_ms" not in figures:
                verdict[page] = None
                continue
            growth = Command.growth(small, large).get(page)
            verdict[page] = {
                "queries": figures["queries"] <= TARGETS["max_queries_per_list_page"]
                if page in LIST_PAGES
                else None,
                "median": figures["median_ms"] < TARGETS["max_median_ms_at_largest"],
                "sql_to_floor": figures["sql_to_floor"] <= TARGETS["max_sql_to_floor"],
                "growth": None
                if growth is None
                else growth <= TARGETS["max_growth_largest_over_baseline"],
            }
        return verdict

    # -- the child: one database ------------------------------------------

    def measure_here(self, options: dict[str, Any]) -> dict[str, Any]:
        database = str(connection.settings_dict["NAME"])
        # WhiteNoise looks for collected static files the benchmark never asks for.
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        progress(f"{database}: migrating")
        call_command("migrate", interactive=False, verbosity=0)
        seeding = self.seed(options["cases"])
        progress(f"{database}: vacuum and analyse")
        analyse(vacuum=True)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0]

        # Measured as served: DEBUG off (the template engine, built on the
        # first render, reads it then), the test client's host allowed, and
        # one connection kept open, as a busy worker's would be.
        settings.DEBUG = False
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = None

        pages: dict[str, Any] = {}
        for page in self.pages():
            progress(f"{database}: {page.name} {page.path}")
            pages[page.name] = self.measure_page(page, options)
        jobs: dict[str, Any] = {}
        if options["jobs"]:
            for job, function in JOBS.items():
                progress(f"{database}: {job}")
                jobs[job] = import_string(function)()
        return {
            "database": database,
            "cases": CaseFile.objects.count(),
            "seeding": seeding,
            "postgresql": server_version,
            "pages": pages,
            "jobs": jobs,
        }

    def seed(self, cases: int) -> dict[str, Any]:
        out = StringIO()
        call_command("seed_demo", stdout=out)  # the accounts (idempotent)
        existing = CaseFile.objects.count()
        if existing >= cases:
            progress(f"reusing {existing:,} cases")
            return {"reused": existing}
        progress(f"seeding {cases - existing:,} cases")
        started = time.monotonic()
        call_command("seed_demo", cases=cases - existing, stdout=out)
        seconds = time.monotonic() - started
        progress(out.getvalue().strip().splitlines()[-1])
        return {"added": cases - existing, "seconds": round(seconds, 1)}

    def pages(self) -> list[Page]:
        def demo(local_part: str) -> User:
            return User.objects.get(email=f"{local_part}@{DEMO_DOMAIN}")

        investigator = demo("investigator.kent")
        supervisor = demo("supervisor.kent")
        cps_spoc = demo("cps-spoc.south-east")
        kent = Organisation.objects.get(name="Kent")
        south_east = Organisation.objects.get(name="South East")
        permission = Permission.objects.get(
            codename="view_casefile", content_type__app_label="cases"
        ).pk
        # A case far along, so its page has the most to show.
        mine = CaseFile.objects.filter(oic=investigator).order_by("-updated_at", "-id")
        case = (
            mine.filter(status=CaseStatus.WITH_CPS).values_list("pk", flat=True).first()
            or mine.values_list("pk", flat=True).first()
        )
        own = {"user": investigator.pk, "permission": permission}
        pages = [
            Page(
                "investigator_list",
                "/cases/",
                investigator,
                FLOOR_OWN_CASES,
                {**own, "limit": HTML_PAGE_SIZE},
                naive_sql=NAIVE_OWN_CASES,
                expected_ids=lambda: self.selector_ids("case_list", investigator),
            ),
            Page(
                "supervisor_list",
                "/cases/",
                supervisor,
                FLOOR_FORCE_CASES,
                {"force": kent.pk, "limit": HTML_PAGE_SIZE},
                expected_ids=lambda: self.selector_ids("case_list", supervisor),
            ),
            Page(
                "cps_queue",
                "/cases/queue/",
                cps_spoc,
                FLOOR_READY_TO_ALLOCATE,
                {"area": south_east.pk, "limit": HTML_PAGE_SIZE},
                expected_ids=lambda: self.selector_ids("ready_to_allocate", cps_spoc),
            ),
            Page(
                "case_page",
                f"/cases/{case}/",
                investigator,
                FLOOR_CASE_PAGE,
                {**own, "case": case},
            ),
            Page(
                "api_list",
                "/api/v1/cases/",
                investigator,
                FLOOR_OWN_CASES,
                {**own, "limit": 50},
                api_key=demo_api_key(investigator.email),
                naive_sql=NAIVE_OWN_CASES,
                expected_ids=lambda: self.selector_ids("case_list", investigator, 50),
            ),
        ]
        return pages

    @staticmethod
    def selector_ids(name: str, user: User, limit: int = HTML_PAGE_SIZE) -> list[int]:
        """The ids the page's selector returns, when it exists (it is looked up
        by name: the benchmark must run while the pages are being built)."""
        from cases import selectors

        selector = getattr(selectors, name, None)
        if selector is None:
            return []
        queryset = (
            selector(user, selectors.CaseFilters()) if name == "case_list" else selector(user)
        )
        return list(queryset.values_list("pk", flat=True)[:limit])

    # -- measuring one page -----------------------------------------------

    def measure_page(self, page: Page, options: dict[str, Any]) -> dict[str, Any]:
        try:
            resolve(page.path)
        except Resolver404:
            return {"skipped": "not built", "path": page.path}
        client = Client(raise_request_exception=False)
        headers: dict[str, str] = {}
        if page.api_key:
            headers["Authorization"] = f"Token {page.api_key}"
        else:
            client.force_login(page.user)

        rows = None
        for _ in range(options["warmups"]):
            response = client.get(page.path, headers=headers)
            if response.status_code != 200:
                return {"failed": f"HTTP {response.status_code}", "path": page.path}
            if page.api_key:
                rows = len(response.json().get("results", []))

        samples: list[Sample] = []
        for _ in range(options["requests"]):
            sample = Sample(0.0)
            with timed_queries(sample.queries):
                started = time.perf_counter()
                response = client.get(page.path, headers=headers)
                sample.seconds = time.perf_counter() - started
            samples.append(sample)

        floor = self.floor(page.floor_sql, page.floor_params, options)
        naive = self.floor(page.naive_sql, page.floor_params, options) if page.naive_sql else None
        expected = page.expected_ids() if page.expected_ids else None
        server = [s.seconds for s in samples]
        sql = [s.sql_seconds for s in samples]
        slowest = max(samples[-1].queries, key=lambda q: q[0], default=None)
        figures: dict[str, Any] = {
            "path": page.path,
            "as": page.user.email,
            "requests": len(samples),
            "median_ms": ms(statistics.median(server)),
            "p95_ms": ms(p95(server)),
            "queries": int(statistics.median(len(s.queries) for s in samples)),
            "queries_max": max(len(s.queries) for s in samples),
            "sql_ms": ms(statistics.median(sql)),
            "floor_ms": ms(floor.seconds),
            "sql_to_floor": round(statistics.median(sql) / floor.seconds, 2),
            "floor_rows": len(floor.ids),
            "floor_matches_selector": None if not expected else floor.ids == expected,
            "slowest_query": None
            if slowest is None
            else {"ms": ms(slowest[0]), "sql": " ".join(slowest[1].split())[:200]},
        }
        if naive is not None:
            figures["naive_floor_ms"] = ms(naive.seconds)
            figures["naive_floor_matches"] = naive.ids == floor.ids
        if rows is not None:
            figures["api_rows"] = rows
        if options["explain"] and slowest is not None:
            self.explain(page, samples[-1], slowest)
        return figures

    def floor(self, sql: str, params: dict[str, Any], options: dict[str, Any]) -> Floor:
        """The median time of a hand-written query, through psycopg directly
        (never prepared, as Django's queries are not), and the ids it returns."""
        db = connection.settings_dict
        times: list[float] = []
        ids: list[int] = []
        with psycopg.connect(dbname=db["NAME"], autocommit=True, **server(db)) as floor_db:
            floor_db.prepare_threshold = None
            for attempt in range(options["warmups"] + options["requests"]):
                started = time.perf_counter()
                found = floor_db.execute(sql, params).fetchall()
                if attempt >= options["warmups"]:
                    times.append(time.perf_counter() - started)
                ids = [row[0] for row in found]
        return Floor(statistics.median(times), ids)

    def explain(self, page: Page, sample: Sample, slowest: tuple[float, str, Any]) -> None:
        """The request's queries with their times, and the slowest one's plan."""
        lines = [f"\n--- {page.name} {page.path}: {ms(sample.seconds)} ms, queries:"]
        lines += [f"{ms(t):9.2f} ms  {' '.join(sql.split())[:110]}" for t, sql, _ in sample.queries]
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest[1]}", slowest[2])
            lines += ["slowest, explained:", *(row[0] for row in cursor.fetchall())]
        print("\n".join(lines), file=sys.stderr)


@contextmanager
def timed_queries(into: list[tuple[float, str, Any]]) -> Iterator[None]:
    """Every query the block runs: (seconds, sql, params). Timed here rather
    than read from connection.queries, whose times are rounded to the
    millisecond, which is most of a fast query."""

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            into.append((time.perf_counter() - started, sql, params))

    with connection.execute_wrapper(wrapper):
        yield
