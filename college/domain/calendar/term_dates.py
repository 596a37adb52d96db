"""The dates a weekly session meets in a term: every matching weekday, minus public holidays and closures, plus the
make-up days (调休) that run that weekday's classes instead of their own."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from college.domain.calendar.holidays import coverage_warning, official_make_up_days, public_holidays
from college.models import Term

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
    return list(_weekly_dates(first, last, weekday))


@functools.lru_cache(maxsize=1024)
def _weekly_dates(first: dt.date, last: dt.date, weekday: int) -> tuple[dt.date, ...]:
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    dates = []
    while day <= last:
        dates.append(day)
        day += 7 * ONE_DAY
    return tuple(dates)


@dataclass(frozen=True)
class TermDays:
    """Which classes a term's dates have: none on holidays and closures, another weekday's on make-up days."""

    first: dt.date
    last: dt.date
    excluded: frozenset[dt.date]
    make_up: tuple[tuple[dt.date, int], ...]  # (date, whose weekday's classes it runs), in date order

    def runs_as(self, day: dt.date) -> int | None:
        """The weekday whose classes meet on ``day``, or None when there is no class."""
        if day in self.excluded or not self.first <= day <= self.last:
            return None
        return dict(self.make_up).get(day, day.weekday())

    def meeting_dates(self, weekday: int) -> list[dt.date]:
        """Every date the classes of ``weekday`` meet, in order (make-up days included)."""
        return list(_meeting_dates(self, weekday))


@functools.lru_cache(maxsize=1024)
def _meeting_dates(days: TermDays, weekday: int) -> tuple[dt.date, ...]:
    """Every feed event of a term asks for the same seven answers: computed once a process."""
    usual = [day for day in _weekly_dates(days.first, days.last, weekday) if days.runs_as(day) == weekday]
    extra = [day for day, runs in days.make_up if runs == weekday != day.weekday() and day not in days.excluded]
    return tuple(sorted(usual + extra))


@functools.lru_cache(maxsize=256)
def term_days(
    first: dt.date, last: dt.date, closures: frozenset[dt.date], entered: tuple[tuple[dt.date, int], ...] = ()
) -> TermDays:
    """The term's days: official holidays and make-up days, its closures, and its own make-up days (which win)."""
    make_up = official_make_up_days(first, last) | {day: weekday for day, weekday in entered if first <= day <= last}
    return TermDays(first, last, excluded_dates(first, last, closures), tuple(sorted(make_up.items())))


@functools.lru_cache(maxsize=256)
def holiday_warning(term_key: str, first: dt.date, last: dt.date) -> str | None:
    """The coordinators' warning for a term past chinese-calendar's years, logged once per term and process."""
    warning = coverage_warning(first, last)
    if warning:
        logger.warning("Term %s: %s", term_key, warning)
    return warning


def days_of(term: Term) -> TermDays:
    """``term_days`` of a saved term, with its closures and make-up days read from the database."""
    closures = frozenset(term.closures.values_list("date", flat=True))
    entered = tuple(term.make_up_days.order_by("date").values_list("date", "weekday"))
    return term_days(term.first_day, term.last_day, closures, entered)
