"""Working days in England and Wales: no weekends, no bank holidays.

The bank holidays come from the ``BankHoliday`` table, which is loaded from
the ``holidays`` library (offline, never fetched at run time) and can be
corrected in the admin when a one-off holiday is announced.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
from django.db import connection

from rasso.core.cache import forget, read_through


def _cache_key() -> str:
    # One Redis may serve several databases (development, each test database,
    # the benchmark's): the key names the database whose table it copies, so
    # a flushed test database never empties the list the others use.
    return f"cases:bank-holidays:{connection.settings_dict['NAME']}"


def bank_holidays_from_library(years: range) -> dict[date, str]:
    """England and Wales share their bank holidays; England's list is theirs."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=years)
    return {day: str(name) for day, name in calendar.items()}


def _bank_holidays_from_table() -> frozenset[date]:
    from cases.models import BankHoliday

    return frozenset(BankHoliday.objects.values_list("date", flat=True))


def bank_holidays() -> frozenset[date]:
    # An hour at most: a change made while the cache was down shows by then.
    return read_through(_cache_key(), _bank_holidays_from_table, 60 * 60)


def bank_holidays_changed() -> None:
    forget(_cache_key())


def is_working_day(day: date, holidays_: frozenset[date] | None = None) -> bool:
    holidays_ = bank_holidays() if holidays_ is None else holidays_
    return day.weekday() < 5 and day not in holidays_


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (start itself not counted)."""
    holidays_ = bank_holidays()
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays_):
            remaining -= 1
    return day
