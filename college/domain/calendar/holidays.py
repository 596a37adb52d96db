"""Chinese public holidays and make-up working days (调休) from ``chinese-calendar``, and a warning when a term
reaches past the years it knows."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

import chinese_calendar
from chinese_calendar.constants import in_lieu_days, workdays
from django.utils.translation import gettext as _


def year_is_covered(year: int) -> bool:
    """Whether chinese-calendar knows the official holidays of ``year`` (published each December)."""
    try:
        chinese_calendar.is_holiday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def years_not_covered(first: dt.date, last: dt.date) -> list[int]:
    return [year for year in range(first.year, last.year + 1) if not year_is_covered(year)]


def public_holidays(first: dt.date, last: dt.date) -> list[dt.date]:
    """Official days off (weekdays and weekends alike) between ``first`` and ``last``, in the years known."""
    days: list[dt.date] = []
    for year in range(first.year, last.year + 1):
        if year_is_covered(year):
            start, end = max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31))
            days += chinese_calendar.get_holidays(start, end, include_weekends=False)
    return days


def coverage_warning(first: dt.date, last: dt.date) -> str | None:
    """A sentence for coordinators when the term's public holidays are unknown, else None."""
    missing = years_not_covered(first, last)
    if not missing:
        return None
    return _(
        "The public holidays of %(years)s are not known yet (chinese-calendar covers them once the State Council "
        "publishes them): enter this term's holiday dates as closures, and its worked weekends as make-up days, by "
        "hand."
    ) % {"years": ", ".join(str(year) for year in missing)}


SAME_HOLIDAY = dt.timedelta(days=45)  # make-up days and the days off they pay for lie within weeks of each other


@functools.cache
def _official_make_up_days() -> dict[dt.date, int]:
    """Every worked weekend day chinese-calendar knows → the weekday of the day off in lieu it pays for.

    The State Council names the worked weekends and the weekdays taken off for one holiday; paired in date order
    (2026: Sunday 20 September ↔ Tuesday 6 October, Saturday 10 October ↔ Wednesday 7 October), a make-up day
    runs the classes of the weekday it gave away. A holiday whose counts differ is left to the coordinators.
    """
    by_holiday: dict[str, list[tuple[dt.date, bool]]] = defaultdict(list)
    for day, name in workdays.items():
        if day.weekday() >= 5:
            by_holiday[name].append((day, True))
    for day, name in in_lieu_days.items():
        by_holiday[name].append((day, False))
    found: dict[dt.date, int] = {}
    for days in by_holiday.values():
        days.sort()
        start = 0
        for end in range(1, len(days) + 1):
            if end == len(days) or days[end][0] - days[end - 1][0] > SAME_HOLIDAY:
                worked = [day for day, is_worked in days[start:end] if is_worked]
                off = [day for day, is_worked in days[start:end] if not is_worked]
                if len(worked) == len(off):
                    found.update((w, o.weekday()) for w, o in zip(worked, off, strict=True))
                start = end
    return found


def official_make_up_days(first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """The State Council's make-up working days between ``first`` and ``last`` → whose classes they run."""
    return {day: weekday for day, weekday in _official_make_up_days().items() if first <= day <= last}
