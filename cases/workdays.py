"""Working days in England and Wales: no weekends, no bank holidays.

The bank holidays come from the ``BankHoliday`` table, which is loaded from
the ``holidays`` library (offline, never fetched at run time) and can be
corrected in the admin when a one-off holiday is announced.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
from django.core.cache import cache
from django.db import connection


def _cache_key() -> str:
    # One Redis may serve several databases (development, each test database,
    # the benchmark's): the key names the database whose table it copies, so
    # a flushed test database never empties the list the others use.
    return f"cases:bank-holidays:{connection.settings_dict['NAME']}"


def bank_holidays_from_library(years: range) -> dict[date, str]:
    """England and Wales share their bank holidays; England's list is theirs."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=years)
    return {day: str(name) for day, name in calendar.items()}


def bank_holidays() -> frozenset[date]:
    cached: frozenset[date] | None = cache.get(_cache_key())
    if cached is None:
        from cases.models import BankHoliday

        cached = frozenset(BankHoliday.objects.values_list("date", flat=True))
        cache.set(_cache_key(), cached, 60 * 60)
    return cached


def bank_holidays_changed() -> None:
    cache.delete(_cache_key())


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
