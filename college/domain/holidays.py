"""Chinese public holidays from ``chinese-calendar``, and a warning when a term reaches past what it knows."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
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
        "publishes them): enter this term's holiday dates as closures by hand."
    ) % {"years": ", ".join(str(year) for year in missing)}
