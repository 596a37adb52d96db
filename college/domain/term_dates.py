"""The dates a weekly session meets in a term: every matching weekday, minus public holidays and closures."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable

from college.domain.holidays import coverage_warning, public_holidays

logger = logging.getLogger("college.calendar")

ONE_DAY = dt.timedelta(days=1)


@functools.lru_cache(maxsize=128)
def holidays_between(first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """Official days off between two dates (chinese-calendar's data never changes while the process runs)."""
    return frozenset(public_holidays(first, last))


def excluded_dates(first: dt.date, last: dt.date, closures: Iterable[dt.date]) -> frozenset[dt.date]:
    """The no-class dates of a term: public holidays and the term's own closures."""
    return holidays_between(first, last) | frozenset(closures)


def weekly_dates(first: dt.date, last: dt.date, weekday: int) -> list[dt.date]:
    """Every date with ``weekday`` (0 = Monday) from ``first`` to ``last`` inclusive."""
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    dates = []
    while day <= last:
        dates.append(day)
        day += 7 * ONE_DAY
    return dates


def meeting_dates(first: dt.date, last: dt.date, weekday: int, excluded: frozenset[dt.date]) -> list[dt.date]:
    """The dates a weekly session on ``weekday`` really meets."""
    return [day for day in weekly_dates(first, last, weekday) if day not in excluded]


@functools.lru_cache(maxsize=256)
def holiday_warning(term_key: str, first: dt.date, last: dt.date) -> str | None:
    """The coordinators' warning for a term past chinese-calendar's years, logged once per term and process."""
    warning = coverage_warning(first, last)
    if warning:
        logger.warning("Term %s: %s", term_key, warning)
    return warning
