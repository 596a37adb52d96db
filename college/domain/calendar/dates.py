"""The real dates of published sessions for pages: every meeting of the term (make-up days included), with one-off
cancellations and moves.

Built on the calendar feeds' own event data (``college.domain.calendar.events.weekly_events``), so a page and a
subscribed calendar always agree on which dates meet, which are holidays, and which were cancelled or moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from college.domain.calendar.events import event_uid, venue_location, weekly_events
from college.domain.calendar.term_dates import weekly_dates
from college.models import Session


@dataclass(frozen=True)
class Meeting:
    """One date of a weekly session, as it will really happen (or not)."""

    session: Session
    date: dt.date
    start: int
    end: int
    location: str
    cancelled: bool = False
    moved: bool = False
    reason: str = ""


def meetings(sessions: Sequence[Session]) -> dict[int, list[Meeting]]:
    """Session id → its meetings in date order (sessions loaded with timetable__term, group, venue, teacher)."""
    events = {event.uid: event for event in weekly_events(list(sessions))}
    found: dict[int, list[Meeting]] = {}
    for session in sessions:
        event = events.get(event_uid(session))
        if event is None:  # every date of the term is a holiday or closure
            found[session.pk] = []
            continue
        skipped = set(event.exdates)
        changes = {one.date: one for one in event.one_offs}
        place = venue_location(session.venue)
        rows = []
        usual = (day for day in weekly_dates(event.first, event.last, session.weekday) if day not in skipped)
        for day in sorted((*usual, *event.rdates)):
            one = changes.get(day)
            if one is None:
                rows.append(Meeting(session, day, session.start, session.end, place))
            else:
                rows.append(Meeting(session, day, one.start, one.end, one.location, one.cancelled,
                                    not one.cancelled, one.reason))  # fmt: skip
        found[session.pk] = rows
    return found


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week containing ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


@dataclass(frozen=True)
class Week:
    monday: dt.date
    meetings: list[Meeting]
    ahead: int  # 0 this week, 1 next week, …


def coming_weeks(found: dict[int, list[Meeting]], today: dt.date, count: int = 5) -> list[Week]:
    """This week and the ``count - 1`` after it, each with its meetings (a week without any stays, as a holiday
    week does); before the term, from its first week; none after the term's last meeting."""
    every = sorted((m for rows in found.values() for m in rows), key=lambda m: (m.date, m.start))
    if not every or every[-1].date < today:
        return []
    this_monday = week_of(today)[0]
    monday = week_of(max(today, every[0].date))[0]
    last = week_of(every[-1].date)[0]
    weeks = []
    for n in range(count):
        start = monday + dt.timedelta(weeks=n)
        if start > last:
            break
        end = start + dt.timedelta(days=6)
        weeks.append(Week(start, [m for m in every if start <= m.date <= end], (start - this_monday).days // 7))
    return weeks


def upcoming_changes(found: dict[int, list[Meeting]], today: dt.date) -> list[Meeting]:
    """Cancelled or moved meetings from today on, in date order."""
    rows = (m for rows in found.values() for m in rows if (m.cancelled or m.moved) and m.date >= today)
    return sorted(rows, key=lambda m: (m.date, m.start))
