"""The performance figures: SQL aggregates over the case data, for any period
and any scope (national, a CPS Area, a police force).

Every figure is defined once, in ``FIGURES``, with the words that say what it
counts; the dashboard, the PDF's methodology page and the CSV all read those
words from here. The numbers come from one query per source table: each
period asked for is a ``FILTER (WHERE ...)`` of the same scan, so the current
period, the previous one and a four-half-year trend cost one pass each, not
one query per figure and period. Nothing here loops over cases in Python.

The raw numbers stay inside this module and the report code: whatever is
shown (page, PDF, CSV) goes through ``displayed`` and its suppression rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from cases.deadlines import DeadlineKind
from cases.models import CaseFile, Deadline, DeadlineStatus
from charging.action_plans.models import ActionPlan
from charging.clinics.models import ClinicAgendaItem, ClinicOutcome, ClinicStatus
from charging.decisions.models import CpsDecision, DecisionOutcome
from charging.early_advice.models import EarlyAdvice, EarlyAdviceRequest
from charging.panels.models import Criterion, Finding, Reasonable, Recommendation, Theme
from charging.police_nfa.models import HomeOfficeOutcome, PoliceNfaProposal, PoliceNfaStatus
from charging.queries.models import FileQualityQuery, QueryStatus
from disclosure.devices.models import DeviceExtraction
from disclosure.requests.models import CpsDecision as RequestDecision
from disclosure.requests.models import HolderKind, VictimInformationRequest
from rasso.accounts.models import Organisation, OrganisationKind
from victims.deadlines import TELL_KINDS
from victims.models import Complainant, Review, ReviewOutcome, SupportWithdrawal

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

# -- periods and scopes -------------------------------------------------------------

HALF_RE = re.compile(r"^(?P<year>\d{4})-H(?P<half>[12])$")
# The years a period may fall in: far enough back for any figures the
# service holds, and no further ahead than next year. Outside them a typo
# (0001-H1, 9999-H2) would reach dates Python cannot count back from.
FIRST_YEAR = 2000


def last_year() -> int:
    return timezone.localdate().year + 1


def _years_message() -> str:
    return f"Give a period from {FIRST_YEAR} to {last_year()}"


def day_out_of_range(day: date) -> str | None:
    """Why ``day`` cannot be in a period asked for, in words for people; None
    when it can."""
    if FIRST_YEAR <= day.year <= last_year():
        return None
    return f"{_years_message()}, like 1/4/2026"


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included, in UK time. A half of the
    financial year is named by the year its financial year starts: 2026-H1
    is April to September 2026, 2026-H2 October 2026 to March 2027."""

    start: date
    end: date

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half == 1:
            return cls(date(year, 4, 1), date(year, 9, 30))
        return cls(date(year, 10, 1), date(year + 1, 3, 31))

    @classmethod
    def financial_year(cls, year: int) -> Period:
        """April ``year`` to March of the year after."""
        return cls(date(year, 4, 1), date(year + 1, 3, 31))

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-H1``; raises ValueError with a message for people."""
        match = HALF_RE.match(text.strip().upper())
        if not match:
            raise ValueError("Give the period as a half of the financial year, like 2026-H1")
        year = int(match["year"])
        if not FIRST_YEAR <= year <= last_year():
            raise ValueError(f"{_years_message()}, like 2026-H1")
        return cls.half(year, int(match["half"]))

    @classmethod
    def of_dates(cls, start: date, end: date) -> Period:
        """Any dates asked for; raises ValueError with a message for people."""
        problem = day_out_of_range(start) or day_out_of_range(end)
        if problem:
            raise ValueError(problem)
        if end < start:
            raise ValueError("The last day must be on or after the first day")
        return cls(start, end)

    @classmethod
    def half_containing(cls, day: date) -> Period:
        if 4 <= day.month <= 9:
            return cls.half(day.year, 1)
        return cls.half(day.year if day.month >= 10 else day.year - 1, 2)

    @property
    def half_name(self) -> str | None:
        """``2026-H1`` when this is a half of the financial year, else None."""
        candidate = Period.half_containing(self.start)
        if candidate == self:
            half = 1 if self.start.month == 4 else 2
            return f"{self.start.year}-H{half}"
        return None

    @property
    def year_name(self) -> str | None:
        """``2025-26`` when this is a whole financial year, else None."""
        if self == Period.financial_year(self.start.year):
            return f"{self.start.year}-{(self.start.year + 1) % 100:02d}"
        return None

    @property
    def name(self) -> str:
        return (
            self.half_name or self.year_name or f"{self.start.isoformat()}_{self.end.isoformat()}"
        )

    @property
    def label(self) -> str:
        if self.year_name:
            return f"April {self.start.year} to March {self.end.year}"
        if self.half_name:
            if self.start.month == 4:
                return f"April to September {self.start.year}"
            return f"October {self.start.year} to March {self.end.year}"
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def short_label(self) -> str:
        return self.half_name or self.year_name or f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

    def previous(self) -> Period:
        """The half before a half, the year before a financial year; otherwise
        the same number of days just before."""
        if self.half_name:
            return Period.half_containing(self.start - timedelta(days=1))
        if self.year_name:
            return Period.financial_year(self.start.year - 1)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end)

    def trend(self, count: int = 4) -> list[Period]:
        """``count`` periods ending with this one, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.insert(0, periods[0].previous())
        return periods

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=_zone())

    @property
    def end_before(self) -> datetime:
        """The first moment after the period (its end is exclusive)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=_zone())


@dataclass(frozen=True)
class Scope:
    """National, a CPS Area or a police force. A case is in an Area's scope by
    the Area it is with (the case, not the force, carries it), and in a
    force's by its force."""

    kind: str
    organisation_id: int | None = None
    name: str = "England and Wales"

    @classmethod
    def national(cls) -> Scope:
        return cls(OrganisationKind.NATIONAL)

    @classmethod
    def of(cls, organisation: Organisation | None) -> Scope:
        if organisation is None or organisation.kind == OrganisationKind.NATIONAL:
            return cls.national()
        if organisation.kind not in (OrganisationKind.CPS_AREA, OrganisationKind.POLICE_FORCE):
            raise ValueError("A report's scope is national, a CPS Area or a police force")
        return cls(organisation.kind, organisation.pk, organisation.name)

    @property
    def is_national(self) -> bool:
        return self.kind == OrganisationKind.NATIONAL

    @property
    def key(self) -> str:
        return "national" if self.is_national else f"{self.kind}-{self.organisation_id}"

    def cases(self, prefix: str, *, area: str = "") -> Q:
        """The condition putting a row in scope; ``prefix`` leads to its case,
        ``area`` (when given) to the CPS Area the row belongs to when that is
        not its case's Area: a scrutiny panel's finding is its panel's Area's."""
        if self.kind == OrganisationKind.CPS_AREA:
            return Q(**{f"{area or prefix + 'cps_area'}_id": self.organisation_id})
        if self.kind == OrganisationKind.POLICE_FORCE:
            return Q(**{f"{prefix}force_id": self.organisation_id})
        return Q()

    @property
    def beneath(self) -> str | None:
        """What the table beneath the scope breaks its figures down by: the
        Areas of the nation, the forces of an Area, the Areas a force's cases
        went to (more than one only for the Metropolitan Police and BTP)."""
        if self.kind == OrganisationKind.CPS_AREA:
            return "force"
        return "cps_area"


# -- SQL pieces ---------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's exact median: percentile_cont(0.5). With a filter this
    renders ``... WITHIN GROUP (ORDER BY x) FILTER (WHERE ...)``."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class DaysBetween(Func):
    """Days from the second timestamp to the first, as a fraction."""

    arg_joiner = " - "
    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
    output_field = FloatField()


class DateDaysBetween(Func):
    """Whole days from the second date to the first."""

    arg_joiner = " - "
    template = "((%(expressions)s)::double precision)"
    output_field = FloatField()


def _in_time(path: str, period: Period) -> Q:
    return Q(**{f"{path}__gte": period.start_at, f"{path}__lt": period.end_before})


def _in_days(path: str, period: Period) -> Q:
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)


# A Full Code Test applied later to a Threshold Test charge is a decision row
# of its own; it is not a second charging decision on the file.
_FIRST_DECISIONS = Q(applies_full_test_to__isnull=True)
_NFA_OUTCOMES = (DecisionOutcome.NFA_EVIDENTIAL, DecisionOutcome.NFA_PUBLIC_INTEREST)


@dataclass(frozen=True)
class Source:
    """One table the figures read, one query per use.

    ``rows`` gives the rows (annotated as the aggregates need), ``case`` the
    path from a row to its case, ``in_period`` the condition putting a row in
    a period, ``span`` the same for a run of periods (the WHERE clause that
    lets an index on the date column do the work), and ``aggregates`` the raw
    numbers for one period, named by their keys.
    """

    rows: Callable[[], QuerySet[Any]]
    case: str
    in_period: Callable[[Period], Q]
    aggregates: Callable[[Q], dict[str, Aggregate]]
    span: Callable[[Period], Q] | None = None
    # The path to the row's CPS Area when it is not its case's.
    area: str = ""

    def in_scope(self, scope: Scope) -> Q:
        return scope.cases(self.case, area=self.area)

    def group_path(self, group: str) -> str:
        """The organisation a row is counted under in a table by ``group``."""
        if group == "cps_area" and self.area:
            return f"{self.area}_id"
        return self.case + _GROUP_FIELDS[group]


def _time_source(
    rows: Callable[[], QuerySet[Any]],
    when: str,
    aggregates: Callable[[Q], dict[str, Aggregate]],
    case: str = "case__",
    area: str = "",
) -> Source:
    return Source(
        rows, case, lambda p: _in_time(when, p), aggregates, lambda p: _in_time(when, p), area
    )


def _date_source(
    rows: Callable[[], QuerySet[Any]],
    when: str,
    aggregates: Callable[[Q], dict[str, Aggregate]],
    case: str = "case__",
) -> Source:
    return Source(rows, case, lambda p: _in_days(when, p), aggregates, lambda p: _in_days(when, p))


def _tell_rows() -> QuerySet[Deadline]:
    return Deadline.objects.filter(kind__in=TELL_KINDS).annotate(
        closed_on=TruncDate("closed_at", tzinfo=_zone())
    )


def _tell_due(period: Q) -> Q:
    # A deadline still open and not yet due has not been missed: it is left
    # out until it falls due. Cancelled ones are never counted.
    today = datetime.now(tz=_zone()).date()
    return (
        period
        & ~Q(status=DeadlineStatus.CANCELLED)
        & ~Q(status=DeadlineStatus.OPEN, due_on__gte=today)
    )


class JsonNumber(Func):
    """The number stored under ``key`` of a JSON object column, or NULL when
    what is there is not a number. The panels' service lets only 1 to 5
    through, but a hand-edited row (a string, ``true``) must leave a gap in
    an average, not stop every report with a failed cast."""

    output_field = FloatField()

    def __init__(self, column: str, key: str) -> None:
        super().__init__(F(column))
        self.key = key

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.source_expressions[0])
        # The key is a parameter, like every value.
        sql = (
            f"(CASE WHEN jsonb_typeof({column} -> %s::text) = 'number'"
            f" THEN ({column} ->> %s::text)::double precision END)"
        )
        return sql, (*params, self.key, *params, self.key)


def _finding_rows() -> QuerySet[Finding]:
    # A pack corrected after its finding is a new version, which the panel
    # may find on again: the decision is reviewed once, by the finding on its
    # latest version (an anti-join, so still one scan).
    later = Finding.objects.filter(
        pack__meeting=OuterRef("pack__meeting"),
        pack__number=OuterRef("pack__number"),
        pack__version__gt=OuterRef("pack__version"),
    )
    return Finding.objects.filter(~Exists(later)).annotate(
        responded_on=TruncDate("responded_at", tzinfo=_zone()),
        response_due_on=F("response_deadline__due_on"),
        **{f"score_{c}": JsonNumber("scores", c) for c in Criterion.values},
    )


def _referral_due(period: Q) -> Q:
    # As with "tell": a response still to come and not yet due is not late,
    # so it is left out until it falls due; a cancelled deadline (or none
    # left) is not counted.
    today = datetime.now(tz=_zone()).date()
    return (
        period
        & Q(recommendation=Recommendation.REFER, response_deadline__isnull=False)
        & ~Q(response_deadline__status=DeadlineStatus.CANCELLED)
        & (Q(responded_at__isnull=False) | Q(response_due_on__lt=today))
    )


def _finding_aggregates(p: Q) -> dict[str, Aggregate]:
    return {
        "panel_reviewed": _count(p),
        "panel_reasonable": _count(p & Q(reasonable=Reasonable.YES)),
        **{
            name: aggregate
            for c in Criterion.values
            for name, aggregate in (
                (f"panel_score_total_{c}", Sum(f"score_{c}", filter=p)),
                (f"panel_scored_{c}", _count(p & Q(**{f"score_{c}__isnull": False}))),
            )
        },
        **{f"panel_theme_{t}": _count(p & Q(themes__contains=[t])) for t in Theme.values},
        "panel_referrals": _count(p & Q(recommendation=Recommendation.REFER)),
        "panel_referrals_due": _count(_referral_due(p)),
        "panel_referrals_on_time": _count(
            _referral_due(p) & Q(responded_on__lte=F("response_due_on"))
        ),
    }


# Wording that asks a holder for a whole record rather than for specific
# information: a request using it is not "specific in scope", whatever its
# dates (every request has a date range: the service and the database insist).
# Each phrase matches whole words, case-insensitively, any run of spaces for a
# space ("all records" finds "ALL  Records", not "overall records"). Matched in
# the database: the words written on a request never leave it.
BLANKET_WORDING: tuple[str, ...] = (
    "all records",
    "all the records",
    "all medical records",
    "all notes",
    "all the notes",
    "all information",
    "all material",
    "all documents",
    "any and all",
    "full records",
    "full medical records",
    "full notes",
    "full file",
    "full history",
    "full medical history",
    "complete records",
    "complete file",
    "complete history",
    "entire file",
    "entire record",
    "entire records",
    "entire history",
    "whole file",
    "whole record",
)

# PostgreSQL's word boundaries (\m, \M): Python's \b means a backspace there.
_BLANKET_RE = (
    r"\m("
    + "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in BLANKET_WORDING)
    + r")\M"
)


def blanket_wording() -> Q:
    """The condition on a request whose information sought uses blanket wording."""
    return Q(information_sought__iregex=_BLANKET_RE)


def _sent_request_rows() -> QuerySet[VictimInformationRequest]:
    return VictimInformationRequest.objects.filter(sent_on__isnull=False).annotate(
        approved_on=TruncDate("approved_at", tzinfo=_zone())
    )


def _sent_request_aggregates(p: Q) -> dict[str, Aggregate]:
    counselling = p & Q(holder_kind=HolderKind.COUNSELLING)
    return {
        "vir_sent": _count(p),
        "vir_specific": _count(p & ~blanket_wording()),
        # Told in writing on or before the day it was sent; a notice delayed
        # or withheld (with its recorded reason) is not "told before".
        "vir_told_before": _count(p & Q(notice_given_on__lte=F("sent_on"))),
        "vir_counselling_sent": _count(counselling),
        "vir_counselling_approved": _count(counselling & Q(approved_on__lte=F("sent_on"))),
    }


def _answered_extraction_rows() -> QuerySet[DeviceExtraction]:
    # The day the user answered the notice: agreed or refused (the
    # transitions allow one or the other, never both). Dates, not the status,
    # so an extraction agreed and later withdrawn or returned still counts
    # as agreed on the day it was.
    return DeviceExtraction.objects.filter(
        Q(agreed_on__isnull=False) | Q(refused_on__isnull=False)
    ).annotate(answered_on=Coalesce("agreed_on", "refused_on"))


def _answered_extraction_aggregates(p: Q) -> dict[str, Aggregate]:
    agreed = p & Q(agreed_on__isnull=False)
    return {
        "dex_answered": _count(p),
        "dex_agreed": _count(agreed),
        "dex_refused": _count(p & Q(agreed_on__isnull=True)),
        "dex_agreed_withdrawn": _count(agreed & Q(withdrawn_on__isnull=False)),
    }


SOURCES: dict[str, Source] = {
    "early_advice": _time_source(
        lambda: EarlyAdviceRequest.objects.all(),
        "requested_at",
        lambda p: {"ea_requests": _count(p)},
    ),
    "advice": _time_source(
        lambda: EarlyAdvice.objects.all(),
        "given_at",
        lambda p: {
            "ea_advised": _count(p),
            "ea_days": Median(DaysBetween(F("given_at"), F("request__requested_at")), filter=p),
        },
        case="request__case__",
    ),
    "police_nfa": _time_source(
        lambda: PoliceNfaProposal.objects.filter(status=PoliceNfaStatus.APPROVED),
        "decided_at",
        lambda p: {
            "police_nfa": _count(p),
            **{
                f"police_nfa_{code}": _count(p & Q(outcome_code=code)) for code in HomeOfficeOutcome
            },
        },
    ),
    "charged_cases": _date_source(
        lambda: CaseFile.objects.filter(reported_on__isnull=False),
        "charged_on",
        lambda p: {
            "charged_cases": _count(p),
            "report_to_charge_days": Median(
                DateDaysBetween(F("charged_on"), F("reported_on")), filter=p
            ),
        },
        case="",
    ),
    "plans_issued": _time_source(
        lambda: ActionPlan.objects.all(),
        "issued_at",
        lambda p: {"plans_issued": _count(p)},
    ),
    "plans_completed": _time_source(
        lambda: ActionPlan.objects.filter(issued_at__isnull=False),
        "completed_at",
        lambda p: {
            "plans_completed": _count(p),
            "plan_response_days": Median(DaysBetween(F("completed_at"), F("issued_at")), filter=p),
        },
    ),
    "queries_raised": _time_source(
        lambda: FileQualityQuery.objects.all(),
        "raised_at",
        lambda p: {"queries_raised": _count(p)},
    ),
    "queries_resolved": _time_source(
        lambda: FileQualityQuery.objects.filter(status=QueryStatus.RESOLVED),
        "resolved_at",
        lambda p: {
            "queries_resolved": _count(p),
            "query_resolution_days": Median(
                DaysBetween(F("resolved_at"), F("raised_at")), filter=p
            ),
        },
    ),
    "clinics": _date_source(
        lambda: ClinicAgendaItem.objects.filter(clinic__status=ClinicStatus.HELD),
        "clinic__held_on",
        lambda p: {
            "clinic_items": _count(p),
            "clinic_cases": Count("case", distinct=True, filter=p),
            **{f"clinic_{o}": _count(p & Q(outcome=o)) for o in ClinicOutcome},
            "clinic_no_outcome": _count(p & Q(outcome="")),
        },
    ),
    "tell": _date_source(
        _tell_rows,
        "due_on",
        lambda p: {
            "tell_due": _count(_tell_due(p)),
            "tell_on_time": _count(
                _tell_due(p) & Q(status=DeadlineStatus.MET, closed_on__lte=F("due_on"))
            ),
        },
    ),
    "withdrawals": _date_source(
        lambda: SupportWithdrawal.objects.all(),
        "withdrawn_on",
        lambda p: {"withdrawals": Count("complainant", distinct=True, filter=p)},
    ),
    "reviews_requested": _date_source(
        lambda: Review.objects.all(),
        "requested_on",
        lambda p: {"reviews_requested": _count(p)},
    ),
    "reviews_completed": _date_source(
        lambda: Review.objects.filter(completed_on__isnull=False),
        "completed_on",
        lambda p: {
            "reviews_completed": _count(p),
            "reviews_upheld": _count(p & Q(outcome=ReviewOutcome.UPHELD)),
            "reviews_overturned": _count(p & Q(outcome=ReviewOutcome.OVERTURNED)),
        },
    ),
    # A finding is in a force's scope by its case's force, in an Area's by
    # the Area whose panel made it (a panel reviews its own forces' cases).
    "panel_findings": _time_source(
        _finding_rows,
        "recorded_at",
        _finding_aggregates,
        case="pack__case__",
        area="pack__meeting__panel__cps_area",
    ),
    # Victim information requests, each figure by the date that fits it: the
    # requests made by the day they were drafted, what went to holders by the
    # day it was sent, the prosecutor's decisions by the day they were made,
    # the material by the day it came. One query each, as any table.
    "requests_drafted": _time_source(
        lambda: VictimInformationRequest.objects.all(),
        "created_at",
        lambda p: {
            "vir_requests": _count(p),
            **{f"vir_holder_{k}": _count(p & Q(holder_kind=k)) for k in HolderKind.values},
            "vir_flagged": _count(p & Q(credibility_flagged=True)),
            "vir_overridden": _count(p & Q(credibility_flagged=True, override_at__isnull=False)),
        },
    ),
    "requests_sent": _date_source(_sent_request_rows, "sent_on", _sent_request_aggregates),
    "requests_cps_decided": _time_source(
        lambda: VictimInformationRequest.objects.exclude(cps_decision=""),
        "cps_decided_at",
        lambda p: {
            "vir_cps_decided": _count(p),
            "vir_cps_agreed": _count(p & Q(cps_decision=RequestDecision.AGREED)),
        },
    ),
    "requests_received": _date_source(
        lambda: VictimInformationRequest.objects.filter(sent_on__isnull=False),
        "received_on",
        lambda p: {
            "vir_received": _count(p),
            "vir_material_days": Median(DateDaysBetween(F("received_on"), F("sent_on")), filter=p),
        },
    ),
    # Device extractions by agreement: the user's answer by the day they gave
    # it, a withdrawal by the day they withdrew.
    "extractions_answered": _date_source(
        _answered_extraction_rows, "answered_on", _answered_extraction_aggregates
    ),
    "extractions_withdrawn": _date_source(
        lambda: DeviceExtraction.objects.filter(withdrawn_on__isnull=False),
        "withdrawn_on",
        lambda p: {"dex_withdrawn": _count(p)},
    ),
}


# Two sources are plain SQL: each joins its rows to a table aggregated once
# per case (a hash join), where the ORM could only write a subquery run once
# per row, which at 100,000 cases took seconds instead of milliseconds.

RawRows = list[dict[str, Any]]


def _scope_sql(scope: Scope, alias: str) -> tuple[str, list[Any]]:
    if scope.kind == OrganisationKind.CPS_AREA:
        return f" AND {alias}.cps_area_id = %s", [scope.organisation_id]
    if scope.kind == OrganisationKind.POLICE_FORCE:
        return f" AND {alias}.force_id = %s", [scope.organisation_id]
    return "", []


def _group_sql(group: str | None, alias: str) -> str:
    return f"{alias}.{_GROUP_FIELDS[group]}" if group else "NULL"


def _run(sql: str, params: list[Any]) -> RawRows:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _submissions_raw(
    scope: Scope, periods: Sequence[Period], span: Period, group: str | None
) -> RawRows:
    """Complete submissions for a charging decision, and whether the case had
    early advice before each. Every submission opens one deadline of the
    charging-decision kind (``cases.services.case_submit_for_charging``), a
    resubmission after an action plan too: those rows are the record of
    submissions."""
    selects: list[str] = []
    params: list[Any] = []
    for i, period in enumerate(periods):
        when = "s.opened_at >= %s AND s.opened_at < %s"
        bounds = [period.start_at, period.end_before]
        selects += [
            f"COUNT(*) FILTER (WHERE {when}) AS submissions__{i}",
            f"COUNT(*) FILTER (WHERE {when} AND fa.first_advice <= s.opened_at)"
            f" AS submissions_after_advice__{i}",
        ]
        params += [*bounds, *bounds]
    scope_sql, scope_params = _scope_sql(scope, "c")
    sql = f"""
        SELECT {_group_sql(group, "c")} AS group_key, {", ".join(selects)}
        FROM {Deadline._meta.db_table} s
        JOIN {CaseFile._meta.db_table} c ON c.id = s.case_id
        LEFT JOIN (
            SELECT r.case_id, MIN(a.given_at) AS first_advice
            FROM {EarlyAdvice._meta.db_table} a
            JOIN {EarlyAdviceRequest._meta.db_table} r ON r.id = a.request_id
            GROUP BY r.case_id
        ) fa ON fa.case_id = s.case_id
        WHERE s.kind = %s AND s.opened_at >= %s AND s.opened_at < %s{scope_sql}
        GROUP BY 1
    """  # noqa: S608
    params += [DeadlineKind.CHARGING_DECISION, span.start_at, span.end_before, *scope_params]
    return _run(sql, params)


def _decisions_raw(
    scope: Scope, periods: Sequence[Period], span: Period, group: str | None
) -> RawRows:
    """CPS charging decisions (not a later Full Code Test on a Threshold Test
    charge): outcomes, time from the case's first submission, and the action
    plans issued on the case before each decision. And the later Full Code
    Tests that discontinued a Threshold Test charge, a figure of their own."""
    selects: list[str] = []
    params: list[Any] = []
    nfa = ", ".join(["%s"] * len(_NFA_OUTCOMES))
    for i, period in enumerate(periods):
        when = "d.applies_full_test_to_id IS NULL AND d.decided_at >= %s AND d.decided_at < %s"
        later_test = (
            "d.applies_full_test_to_id IS NOT NULL AND d.decided_at >= %s AND d.decided_at < %s"
        )
        bounds = [period.start_at, period.end_before]
        days = "EXTRACT(EPOCH FROM (d.decided_at - sub.first_submitted)) / 86400.0"
        selects += [
            f"COUNT(*) FILTER (WHERE {later_test} AND d.outcome IN ({nfa}))"
            f" AS fct_discontinued__{i}",
            f"COUNT(*) FILTER (WHERE {when}) AS decisions__{i}",
            f"COUNT(*) FILTER (WHERE {when} AND d.outcome = %s) AS charged__{i}",
            f"COUNT(*) FILTER (WHERE {when} AND d.outcome IN ({nfa})) AS cps_nfa__{i}",
            f"COUNT(*) FILTER (WHERE {when} AND sub.first_submitted IS NOT NULL)"
            f" AS decisions_timed__{i}",
            f"PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {days}) FILTER (WHERE {when})"
            f" AS decision_days__{i}",
            f"COUNT(*) FILTER (WHERE {when} AND plans.n > 0) AS decisions_with_plan__{i}",
            f"COALESCE(SUM(plans.n) FILTER (WHERE {when}), 0) AS plans_before_decisions__{i}",
        ]
        params += [
            *bounds,
            *_NFA_OUTCOMES,
            *bounds,
            *bounds,
            DecisionOutcome.CHARGE,
            *bounds,
            *_NFA_OUTCOMES,
            *bounds,
            *bounds,
            *bounds,
            *bounds,
        ]
    scope_sql, scope_params = _scope_sql(scope, "c")
    # Only table names from the models and fixed fragments are formatted in;
    # every value is a parameter.
    sql = f"""
        SELECT {_group_sql(group, "c")} AS group_key, {", ".join(selects)}
        FROM {CpsDecision._meta.db_table} d
        JOIN {CaseFile._meta.db_table} c ON c.id = d.case_id
        LEFT JOIN (
            SELECT s.case_id, MIN(s.opened_at) AS first_submitted
            FROM {Deadline._meta.db_table} s WHERE s.kind = %s GROUP BY s.case_id
        ) sub ON sub.case_id = d.case_id
        LEFT JOIN LATERAL (
            SELECT COUNT(*) AS n FROM {ActionPlan._meta.db_table} a
            WHERE a.case_id = d.case_id AND a.issued_at <= d.decided_at
        ) plans ON TRUE
        WHERE d.decided_at >= %s AND d.decided_at < %s{scope_sql}
        GROUP BY 1
    """  # noqa: S608
    params += [DeadlineKind.CHARGING_DECISION, span.start_at, span.end_before, *scope_params]
    return _run(sql, params)


def _complainants_raw(
    scope: Scope, periods: Sequence[Period], span: Period, group: str | None
) -> RawRows:
    """Complainants whose case was live in each period: opened before the
    period ended, with no charging or police NFA decision before it began."""
    selects: list[str] = []
    params: list[Any] = []
    for i, period in enumerate(periods):
        selects.append(
            "COUNT(*) FILTER (WHERE c.created_at < %s AND (f.first_decided IS NULL"
            f" OR f.first_decided >= %s)) AS live_complainants__{i}"
        )
        params += [period.end_before, period.start_at]
    scope_sql, scope_params = _scope_sql(scope, "c")
    sql = f"""
        SELECT {_group_sql(group, "c")} AS group_key, {", ".join(selects)}
        FROM {Complainant._meta.db_table} v
        JOIN {CaseFile._meta.db_table} c ON c.id = v.case_id
        LEFT JOIN (
            SELECT x.case_id, MIN(x.decided_at) AS first_decided FROM (
                SELECT case_id, decided_at FROM {CpsDecision._meta.db_table}
                UNION ALL
                SELECT case_id, decided_at FROM {PoliceNfaProposal._meta.db_table}
                WHERE status = %s
            ) x GROUP BY x.case_id
        ) f ON f.case_id = v.case_id
        WHERE c.created_at < %s{scope_sql}
        GROUP BY 1
    """  # noqa: S608
    params += [PoliceNfaStatus.APPROVED, span.end_before, *scope_params]
    return _run(sql, params)


RAW_SOURCES: tuple[Callable[[Scope, Sequence[Period], Period, str | None], RawRows], ...] = (
    _submissions_raw,
    _decisions_raw,
    _complainants_raw,
)


# -- the figures and their definitions ----------------------------------------------


class Section:
    REFERRALS = "Referrals to CPS"
    DECISIONS = "Charging decisions"
    QUALITY = "Casework quality"
    CLINICS = "Collaboration through clinics"
    PANELS = "Scrutiny panels"
    REQUESTS = "Victim information requests"
    DEVICES = "Device extractions by agreement"
    VICTIMS = "Supporting victims"


SECTION_ORDER = (
    Section.VICTIMS,
    Section.REFERRALS,
    Section.DECISIONS,
    Section.QUALITY,
    Section.REQUESTS,
    Section.DEVICES,
    Section.CLINICS,
    Section.PANELS,
)


# What a figure is: a count, a share (numerator / denominator, shown as a
# percentage), a ratio (shown to two places) or a median in days.
FigureKind = Literal["count", "share", "ratio", "median"]


@dataclass(frozen=True)
class Figure:
    """One figure: a count, a share (numerator / denominator, shown as a
    percentage), a ratio (shown to two places) or a median in days (over the
    ``basis`` count of items)."""

    key: str
    section: str
    label: str
    kind: FigureKind
    definition: str
    value: str = ""  # the raw key of a count or a median
    numerator: str = ""
    denominator: str = ""
    basis: str = ""  # a median's number of items
    key_figure: bool = False

    @property
    def bases(self) -> tuple[str, ...]:
        """The counts a figure is built on (for suppression)."""
        if self.kind in ("share", "ratio"):
            return (self.numerator, self.denominator)
        if self.kind == "median":
            return (self.basis,)
        return (self.value,)


def _police_nfa_figures() -> list[Figure]:
    return [
        Figure(
            f"police_nfa_{code}",
            Section.DECISIONS,
            f"Police NFA, outcome {label}",
            "count",
            f"Approved police no-further-action decisions in the period recorded with Home "
            f"Office outcome {code}.",
            value=f"police_nfa_{code}",
        )
        for code, label in HomeOfficeOutcome.choices
    ]


def _clinic_outcome_figures() -> list[Figure]:
    return [
        Figure(
            f"clinic_{value}",
            Section.CLINICS,
            f"Clinic outcome: {label}",
            "count",
            f"Cases discussed at clinics held in the period whose recorded outcome was "
            f"“{label.lower()}”.",
            value=f"clinic_{value}",
        )
        for value, label in ClinicOutcome.choices
    ]


def _panel_score_figures() -> list[Figure]:
    return [
        Figure(
            f"panel_score_{value}",
            Section.PANELS,
            f"Average score: {label.lower()}",
            "ratio",
            f"The mean of the scores from 1 to 5 that scrutiny panels gave the decisions "
            f"reviewed in the period for “{label.lower()}”, over the decisions scored on it.",
            numerator=f"panel_score_total_{value}",
            denominator=f"panel_scored_{value}",
        )
        for value, label in Criterion.choices
    ]


def _panel_theme_figures() -> list[Figure]:
    return [
        Figure(
            f"panel_theme_{value}",
            Section.PANELS,
            f"Theme: {label.lower()}",
            "count",
            f"Decisions reviewed in the period whose finding named the theme "
            f"“{label.lower()}”. A finding may name several themes, so these do not add up "
            f"to the decisions reviewed.",
            value=f"panel_theme_{value}",
        )
        for value, label in Theme.choices
    ]


def _in_a_sentence(label: str) -> str:
    """A choice's label inside a sentence: "counselling or therapy", "GP or medical"."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _holder_figures() -> list[Figure]:
    return [
        Figure(
            f"vir_holder_{value}",
            Section.REQUESTS,
            f"Requests by kind of holder: {_in_a_sentence(label)}",
            "count",
            f"Victim information requests drafted in the period for records held by a holder "
            f"of the kind “{_in_a_sentence(label)}”.",
            value=f"vir_holder_{value}",
        )
        for value, label in HolderKind.choices
    ]


FIGURES: tuple[Figure, ...] = (
    # -- supporting victims
    Figure(
        "tell_on_time",
        Section.VICTIMS,
        "“Tell the complainant” deadlines met on time",
        "share",
        "Of the deadlines to tell a complainant of a decision (standard and enhanced rights) "
        "that fell due in the period, the share met on or before the day they were due. "
        "Cancelled deadlines are left out, and so are those still open and not yet due.",
        numerator="tell_on_time",
        denominator="tell_due",
        key_figure=True,
    ),
    Figure(
        "withdrawals",
        Section.VICTIMS,
        "Complainants withdrawing support",
        "count",
        "Complainants who withdrew their support for the investigation or prosecution in the "
        "period, each counted once however often they withdrew.",
        value="withdrawals",
        key_figure=True,
    ),
    Figure(
        "withdrawal_share",
        Section.VICTIMS,
        "Share of complainants withdrawing support",
        "share",
        "Complainants withdrawing support in the period, as a share of the complainants whose "
        "case was live in the period: the case file was opened before the period ended and "
        "had no charging or police no-further-action decision before it began.",
        numerator="withdrawals",
        denominator="live_complainants",
    ),
    Figure(
        "reviews_requested",
        Section.VICTIMS,
        "Victims' Right to Review requests",
        "count",
        "Requests for a review of a no-further-action decision (police and CPS schemes) made "
        "in the period.",
        value="reviews_requested",
    ),
    Figure(
        "reviews_upheld",
        Section.VICTIMS,
        "Reviews upholding the decision",
        "count",
        "Reviews completed in the period that upheld the original decision.",
        value="reviews_upheld",
    ),
    Figure(
        "reviews_overturned",
        Section.VICTIMS,
        "Reviews overturning the decision",
        "count",
        "Reviews completed in the period that overturned the original decision.",
        value="reviews_overturned",
    ),
    # -- referrals
    Figure(
        "ea_requests",
        Section.REFERRALS,
        "Early-advice requests",
        "count",
        "Requests from the police to CPS for early advice made in the period, follow-up "
        "requests included.",
        value="ea_requests",
        key_figure=True,
    ),
    Figure(
        "submissions",
        Section.REFERRALS,
        "Files submitted for a charging decision",
        "count",
        "Complete files submitted to CPS for a charging decision in the period. A file "
        "resubmitted after an action plan counts again.",
        value="submissions",
        key_figure=True,
    ),
    Figure(
        "submissions_after_advice",
        Section.REFERRALS,
        "Submissions that had early advice first",
        "share",
        "Of the files submitted for a charging decision in the period, the share whose case "
        "had received early advice before that submission.",
        numerator="submissions_after_advice",
        denominator="submissions",
    ),
    Figure(
        "ea_days",
        Section.REFERRALS,
        "Median days from early-advice request to advice",
        "median",
        "For advice given in the period, the median time from the request to the advice, in "
        "days (to one decimal place).",
        value="ea_days",
        basis="ea_advised",
    ),
    # -- decisions
    Figure(
        "charged",
        Section.DECISIONS,
        "Charged (CPS decisions to charge)",
        "count",
        "CPS charging decisions in the period to charge, on the Full Code Test or the "
        "Threshold Test. A Full Code Test applied later to a Threshold Test charge is not "
        "counted again.",
        value="charged",
        key_figure=True,
    ),
    Figure(
        "cps_nfa",
        Section.DECISIONS,
        "CPS no further action",
        "count",
        "CPS charging decisions in the period to take no further action, at the evidential or "
        "the public-interest stage.",
        value="cps_nfa",
        key_figure=True,
    ),
    Figure(
        "fct_discontinued",
        Section.DECISIONS,
        "Threshold Test charges discontinued at the Full Code Test",
        "count",
        "Cases charged on the Threshold Test where the Full Code Test, applied later in the "
        "period, found a stage not met: the charges were discontinued and the case became CPS "
        "no further action. The charge itself is counted in “Charged” and the charge rate for "
        "the period it was made in; these later decisions are not in “CPS no further action”.",
        value="fct_discontinued",
    ),
    Figure(
        "charge_rate",
        Section.DECISIONS,
        "Charge rate",
        "share",
        "Decisions to charge as a share of CPS charging decisions in the period: charged ÷ "
        "(charged + CPS no further action).",
        numerator="charged",
        denominator="cps_decided",
        key_figure=True,
    ),
    Figure(
        "police_nfa",
        Section.DECISIONS,
        "Police no further action",
        "count",
        "Police no-further-action decisions approved by a supervisor in the period, all "
        "Home Office outcome codes.",
        value="police_nfa",
        key_figure=True,
    ),
    *_police_nfa_figures(),
    Figure(
        "decision_days",
        Section.DECISIONS,
        "Median days from first complete submission to decision",
        "median",
        "For CPS charging decisions in the period, the median time from the case's first "
        "complete submission for a charging decision to the decision, in days.",
        value="decision_days",
        basis="decisions_timed",
        key_figure=True,
    ),
    Figure(
        "report_to_charge_days",
        Section.DECISIONS,
        "Median days from report to charge",
        "median",
        "For cases whose suspect was charged in the period (the date of charge the police "
        "record), the median number of days from the date the offence was reported.",
        value="report_to_charge_days",
        basis="charged_cases",
    ),
    # -- casework quality
    Figure(
        "plans_issued",
        Section.QUALITY,
        "Action plans issued",
        "count",
        "Action plans issued by CPS to the police in the period.",
        value="plans_issued",
        key_figure=True,
    ),
    Figure(
        "plans_per_decision",
        Section.QUALITY,
        "Action plans per decided case",
        "ratio",
        "For each CPS charging decision in the period, the action plans issued on its case "
        "before the decision, averaged over the decisions.",
        numerator="plans_before_decisions",
        denominator="decisions",
    ),
    Figure(
        "decisions_with_plan",
        Section.QUALITY,
        "Share of decided cases with an action plan",
        "share",
        "Of the CPS charging decisions in the period, the share whose case had at least one "
        "action plan issued before the decision.",
        numerator="decisions_with_plan",
        denominator="decisions",
    ),
    Figure(
        "plan_response_days",
        Section.QUALITY,
        "Median police response time to an action plan",
        "median",
        "For action plans the police completed in the period (every item answered), the "
        "median time from the plan being issued to its completion, in days.",
        value="plan_response_days",
        basis="plans_completed",
    ),
    Figure(
        "queries_raised",
        Section.QUALITY,
        "File-quality queries raised",
        "count",
        "Queries about defects in a submitted file raised by CPS in the period.",
        value="queries_raised",
    ),
    Figure(
        "query_resolution_days",
        Section.QUALITY,
        "Median file-quality query resolution time",
        "median",
        "For queries resolved in the period, the median time from being raised to being "
        "resolved, in days.",
        value="query_resolution_days",
        basis="queries_resolved",
    ),
    # -- victim information requests (the right to privacy)
    Figure(
        "vir_requests",
        Section.REQUESTS,
        "Victim information requests drafted",
        "count",
        "Requests by the police for a complainant's records held by a third party (a GP, "
        "a counselling service, social services, a school), drafted in the period, whatever "
        "became of them.",
        value="vir_requests",
    ),
    *_holder_figures(),
    Figure(
        "vir_sent",
        Section.REQUESTS,
        "Victim information requests sent to holders",
        "count",
        "Requests sent to the holder in the period (by the date recorded as sent), withdrawn "
        "ones included.",
        value="vir_sent",
    ),
    Figure(
        "vir_specific",
        Section.REQUESTS,
        "Requests sent limited by dates and specific in scope",
        "share",
        "Of the requests sent in the period, the share whose information sought uses none of "
        "the blanket wordings that ask for a whole record (“all records”, “full file”, "
        "“entire history”, “any and all” and the like). Every request is limited by a date "
        "range: the service does not accept one without.",
        numerator="vir_specific",
        denominator="vir_sent",
    ),
    Figure(
        "vir_told_before",
        Section.REQUESTS,
        "Requests sent with the complainant told beforehand",
        "share",
        "Of the requests sent in the period, the share whose complainant was given written "
        "notice on or before the day it was sent. The rest had notice delayed or withheld, "
        "for a reason recorded on the request.",
        numerator="vir_told_before",
        denominator="vir_sent",
    ),
    Figure(
        "vir_counselling_sent",
        Section.REQUESTS,
        "Counselling or therapy requests sent",
        "count",
        "Requests for counselling or therapy records sent to the holder in the period.",
        value="vir_counselling_sent",
    ),
    Figure(
        "vir_counselling_approved",
        Section.REQUESTS,
        "Counselling requests approved by a senior officer before sending",
        "share",
        "Of the requests for counselling or therapy records sent in the period, the share "
        "approved by a police supervisor, with reasons, on or before the day it was sent.",
        numerator="vir_counselling_approved",
        denominator="vir_counselling_sent",
    ),
    Figure(
        "vir_cps_agreed",
        Section.REQUESTS,
        "CPS agreement rate for victim information requests",
        "share",
        "Of the requests on which the prosecutor's latest decision was made in the period, "
        "the share agreed: agreed ÷ (agreed + changes asked for + rejected). A request sent "
        "back for changes and agreed later counts once, by its latest decision.",
        numerator="vir_cps_agreed",
        denominator="vir_cps_decided",
    ),
    Figure(
        "vir_material_days",
        Section.REQUESTS,
        "Median days from request to material",
        "median",
        "For requests whose material was received in the period (by the date recorded as "
        "received), the median number of days from the date the request was sent.",
        value="vir_material_days",
        basis="vir_received",
    ),
    Figure(
        "vir_flagged",
        Section.REQUESTS,
        "Requests flagged as resting on credibility",
        "count",
        "Requests drafted in the period whose rationale, as it stands, the service flags as "
        "resting on the complainant's credibility or character rather than a reasonable line "
        "of enquiry. A flag cleared by rewording the request is not counted.",
        value="vir_flagged",
    ),
    Figure(
        "vir_overridden",
        Section.REQUESTS,
        "Credibility flags overridden",
        "count",
        "Of the flagged requests drafted in the period, those a police supervisor let go on, "
        "with reasons, as serving a line of enquiry after all.",
        value="vir_overridden",
    ),
    # -- device extractions by agreement (the right to privacy)
    Figure(
        "dex_answered",
        Section.DEVICES,
        "Device extractions answered by the device's user",
        "count",
        "Requests to extract information from a complainant's or a witness's device that "
        "its user agreed to or refused in the period, by the date of their answer. Those "
        "still awaiting an answer are not counted.",
        value="dex_answered",
    ),
    Figure(
        "dex_agreed",
        Section.DEVICES,
        "Device extractions agreed by the user",
        "count",
        "Device extractions whose user agreed, confirmed in writing, in the period (by the "
        "date of agreement), including those whose agreement was later withdrawn.",
        value="dex_agreed",
    ),
    Figure(
        "dex_refused",
        Section.DEVICES,
        "Device extractions refused by the user",
        "count",
        "Device extractions whose user refused in the period (by the date of refusal).",
        value="dex_refused",
    ),
    Figure(
        "dex_agreed_share",
        Section.DEVICES,
        "Share of answered device extractions agreed",
        "share",
        "Of the device extractions whose user answered in the period, the share agreed: "
        "agreed ÷ (agreed + refused), each by the date of the user's answer.",
        numerator="dex_agreed",
        denominator="dex_answered",
    ),
    Figure(
        "dex_withdrawn",
        Section.DEVICES,
        "Device extraction agreements withdrawn",
        "count",
        "Device extractions whose user withdrew their agreement in the period (by the date "
        "of withdrawal), whenever they had agreed.",
        value="dex_withdrawn",
    ),
    Figure(
        "dex_agreed_withdrawn",
        Section.DEVICES,
        "Agreements given in the period since withdrawn",
        "share",
        "Of the device extractions agreed in the period (by the date of agreement), the share "
        "whose agreement has since been withdrawn, on any date up to when the figures were "
        "produced: a past period's share may rise as later withdrawals are recorded.",
        numerator="dex_agreed_withdrawn",
        denominator="dex_agreed",
    ),
    # -- clinics
    Figure(
        "clinic_cases",
        Section.CLINICS,
        "Cases discussed at clinics",
        "count",
        "Cases on the agenda of RASSO clinics held in the period, each case counted once.",
        value="clinic_cases",
        key_figure=True,
    ),
    *_clinic_outcome_figures(),
    Figure(
        "clinic_no_outcome",
        Section.CLINICS,
        "Clinic outcome not recorded",
        "count",
        "Cases discussed at clinics held in the period with no outcome recorded.",
        value="clinic_no_outcome",
    ),
    # -- scrutiny panels
    Figure(
        "panel_reviewed",
        Section.PANELS,
        "Decisions reviewed by scrutiny panels",
        "count",
        "Decisions (no further action by the police or CPS, and charges reviewed for good "
        "practice) on which a scrutiny panel recorded its finding in the period. A pack "
        "corrected and found on again counts once.",
        value="panel_reviewed",
    ),
    Figure(
        "panel_reasonable",
        Section.PANELS,
        "Reviewed decisions found reasonable",
        "share",
        "Of the decisions reviewed by scrutiny panels in the period, the share the panel found "
        "reasonable. Those where it was unable to say are counted among the decisions "
        "reviewed.",
        numerator="panel_reasonable",
        denominator="panel_reviewed",
    ),
    *_panel_score_figures(),
    *_panel_theme_figures(),
    Figure(
        "panel_referrals",
        Section.PANELS,
        "Referrals for reconsideration of practice",
        "count",
        "Findings recorded in the period that referred the decision to the police or CPS for "
        "reconsideration of practice; each owes the panel a written response within 20 "
        "working days.",
        value="panel_referrals",
    ),
    Figure(
        "panel_referrals_on_time",
        Section.PANELS,
        "Referrals answered on time",
        "share",
        "Of the referrals made in the period whose written response has been given or has "
        "fallen due, the share answered on or before the day it was due. Referrals still "
        "awaiting a response that is not yet due are left out, and so are those whose "
        "response deadline was cancelled.",
        numerator="panel_referrals_on_time",
        denominator="panel_referrals_due",
    ),
)

FIGURES_BY_KEY: dict[str, Figure] = {figure.key: figure for figure in FIGURES}
KEY_FIGURES: tuple[Figure, ...] = tuple(f for f in FIGURES if f.key_figure)

SUPPRESSION_RULE = (
    "Any count from 1 to 4 is shown as <5, and so is any share, ratio or median built on "
    "such a count (its numerator, its denominator, the rest of its denominator, or the "
    "number of items a median is taken over), and any change from or to a suppressed "
    "figure. A dash (\N{EN DASH}) means there was nothing to measure. Figures for a small "
    "force or Area may therefore show <5 where the national figures do not."
)


# -- computing ------------------------------------------------------------------------

Raw = Mapping[str, float]

_GROUP_FIELDS = {"force": "force_id", "cps_area": "cps_area_id"}


def _derived(raw: Raw) -> Raw:
    raw = dict(raw)
    raw["cps_decided"] = raw.get("charged", 0) + raw.get("cps_nfa", 0)
    return raw


def raw_figures(
    scope: Scope, periods: Sequence[Period], *, group: str | None = None
) -> list[dict[int | None, Raw]]:
    """The raw numbers, for each period, by group (``None`` without one): one
    query per source, whatever the number of periods. ``group`` is "force" or
    "cps_area": the organisation the cases are with."""
    if not periods:
        return []
    span = Period(min(p.start for p in periods), max(p.end for p in periods))
    results: list[dict[int | None, dict[str, float]]] = [{} for _ in periods]
    found: list[dict[str, Any]] = []
    for source in SOURCES.values():
        aggregates: dict[str, Aggregate] = {}
        for index, period in enumerate(periods):
            for key, aggregate in source.aggregates(source.in_period(period)).items():
                aggregates[f"{key}__{index}"] = aggregate
        rows = source.rows().filter(source.in_scope(scope))
        if source.span is not None:
            rows = rows.filter(source.span(span))
        if group is None:
            found.append(rows.order_by().aggregate(**aggregates))
        else:
            path = source.group_path(group)
            found.extend(rows.order_by().values(group_key=F(path)).annotate(**aggregates))
    for raw_source in RAW_SOURCES:
        found.extend(raw_source(scope, periods, span, group))
    for row in found:
        group_key = row.get("group_key") if group else None
        for name, value in row.items():
            if name == "group_key":
                continue
            key, _, index_text = name.rpartition("__")
            bucket = results[int(index_text)].setdefault(group_key, {})
            bucket[key] = value if value is not None else _empty(key)
    return [{g: _derived(raw) for g, raw in by_group.items()} for by_group in results]


def _empty(key: str) -> float:
    # A median over nothing is "no value", marked NaN until shown as a dash.
    return float("nan")


@dataclass(frozen=True)
class Value:
    """A figure's value in one period, with the counts it rests on."""

    number: float | None
    bases: tuple[float, ...]

    @property
    def suppressed(self) -> bool:
        return any(1 <= b <= 4 for b in self.bases)


def figure_value(figure: Figure, raw: Raw) -> Value:
    bases = tuple(_number(raw.get(name)) or 0.0 for name in figure.bases)
    if figure.kind == "share":
        # The rest of the denominator too: 5 charged at a 55.6% charge rate
        # would give away 4 CPS NFAs.
        bases = (*bases, bases[1] - bases[0])
    if figure.kind in ("share", "ratio"):
        numerator = _number(raw.get(figure.numerator)) or 0.0
        denominator = _number(raw.get(figure.denominator)) or 0.0
        number = numerator / denominator if denominator else None
        return Value(number, bases)
    if figure.kind == "median":
        # No row (a source with nothing in the period) is no median.
        return Value(_number(raw.get(figure.value)), bases)
    return Value(_number(raw.get(figure.value)) or 0.0, bases)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if number != number else number  # NaN: nothing measured


@dataclass(frozen=True)
class FigureResult:
    figure: Figure
    current: Value
    previous: Value

    @property
    def change(self) -> float | None:
        if self.current.number is None or self.previous.number is None:
            return None
        return self.current.number - self.previous.number


@dataclass
class ScopeFigures:
    """Every figure for a scope and a period, with the period before."""

    scope: Scope
    period: Period
    previous_period: Period
    results: list[FigureResult] = field(default_factory=list)

    def by_section(self) -> list[tuple[str, list[FigureResult]]]:
        return [
            (section, [r for r in self.results if r.figure.section == section])
            for section in SECTION_ORDER
        ]

    @property
    def key_results(self) -> list[FigureResult]:
        return [r for r in self.results if r.figure.key_figure]

    def get(self, key: str) -> FigureResult:
        return next(r for r in self.results if r.figure.key == key)


def scope_figures(scope: Scope, period: Period) -> ScopeFigures:
    """Every figure for ``scope`` in ``period`` and in the period before it."""
    figures, _ = report_figures(scope, period, trend=2)
    return figures


def report_figures(
    scope: Scope, period: Period, *, trend: int = 4
) -> tuple[ScopeFigures, list[tuple[Period, dict[str, Value]]]]:
    """Every figure for ``scope`` in ``period`` compared with the period
    before, and the ``trend`` periods ending with ``period`` (oldest first):
    all from one pass over each source."""
    periods = period.trend(max(trend, 2))
    raws = [by_group.get(None, {}) for by_group in raw_figures(scope, periods)]
    current_raw, previous_raw = raws[-1], raws[-2]
    figures = ScopeFigures(
        scope=scope,
        period=period,
        previous_period=periods[-2],
        results=[
            FigureResult(f, figure_value(f, current_raw), figure_value(f, previous_raw))
            for f in FIGURES
        ],
    )
    series = [
        (p, {f.key: figure_value(f, raw) for f in FIGURES})
        for p, raw in zip(periods[-trend:], raws[-trend:], strict=True)
    ]
    return figures, series


def trend_figures(scope: Scope, periods: Sequence[Period]) -> list[dict[str, Value]]:
    """Each period's values, figure key -> value, in the order given."""
    return [
        {f.key: figure_value(f, by_group.get(None, {})) for f in FIGURES}
        for by_group in raw_figures(scope, periods)
    ]


def breakdown_figures(scope: Scope, period: Period) -> list[tuple[Organisation, dict[str, Value]]]:
    """The key figures for each force or Area beneath ``scope``, by name."""
    group = scope.beneath
    if group is None:
        return []
    (by_group,) = raw_figures(scope, [period], group=group)
    organisations = Organisation.objects.in_bulk([k for k in by_group if k is not None])
    rows = [
        (organisations[k], {f.key: figure_value(f, raw) for f in KEY_FIGURES})
        for k, raw in by_group.items()
        if k in organisations
    ]
    return sorted(rows, key=lambda row: row[0].name)


# -- what is shown ---------------------------------------------------------------------

SUPPRESSED = "<5"
NOTHING = "\N{EN DASH}"


def displayed(figure: Figure, value: Value) -> str:
    """A value as the public may see it: the suppression rule applied."""
    if value.suppressed:
        return SUPPRESSED
    if value.number is None:
        return NOTHING
    return _format(figure.kind, value.number)


def displayed_change(result: FigureResult) -> str:
    """The change on the previous period; suppressed when either side is,
    since a difference would give the suppressed number away."""
    if result.current.suppressed or result.previous.suppressed:
        return SUPPRESSED
    change = result.change
    if change is None:
        return NOTHING
    kind = result.figure.kind
    if kind == "share":
        change, unit, places = change * 100, " points", 1
    elif kind == "median":
        unit, places = " days", 1
    elif kind == "ratio":
        unit, places = "", 2
    else:
        unit, places = "", 0
    if round(change, places) == 0:
        return "no change"
    return f"{change:+,.{places}f}{unit}"


def _format(kind: FigureKind, number: float) -> str:
    if abs(number) < 0.005:
        number = 0.0  # never "-0.0"
    if kind == "share":
        return f"{number * 100:.1f}%"
    if kind == "ratio":
        return f"{number:.2f}"
    if kind == "median":
        return f"{number:.1f} days"
    return f"{number:,.0f}"


def plotted(value: Value) -> float | None:
    """A value for a chart: a suppressed one is not drawn."""
    return None if value.suppressed else value.number
