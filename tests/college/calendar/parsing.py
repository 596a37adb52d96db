"""Feeds parsed back by two independent parsers, and the meetings the published data says there should be.

``icalendar`` + ``recurring-ical-events`` expand the recurrences with their overrides; ``vobject`` expands
the master rule and EXDATEs, and the overrides are applied here by RECURRENCE-ID. The expectation is
computed from the models and ``chinese_calendar`` directly, not with the code under test.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

import chinese_calendar
import icalendar
import recurring_ical_events
import vobject

from college.models import Closure, MakeUpDay, OccurrenceChange, Session

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The State Council's 2025 and 2026 worked weekends and the weekday taken off in lieu of each (whose classes they run)
OFFICIAL_MAKE_UP_DAYS = {
    dt.date(2025, 9, 28): 1,  # Sunday → Tuesday 7 October 2025 off
    dt.date(2025, 10, 11): 2,  # Saturday → Wednesday 8 October 2025 off
    dt.date(2026, 1, 4): 4,  # Sunday → Friday 2 January off
    dt.date(2026, 2, 14): 4,  # Saturday → Friday 20 February off
    dt.date(2026, 2, 28): 0,  # Saturday → Monday 23 February off
    dt.date(2026, 5, 9): 1,  # Saturday → Tuesday 5 May off
    dt.date(2026, 9, 20): 1,  # Sunday → Tuesday 6 October off
    dt.date(2026, 10, 10): 2,  # Saturday → Wednesday 7 October off
}


class Meeting(NamedTuple):
    uid: str
    start: dt.datetime  # UTC
    end: dt.datetime  # UTC
    location: str


def utc(moment: dt.datetime) -> dt.datetime:
    assert moment.tzinfo is not None, f"{moment} has no time zone"
    return moment.astimezone(dt.UTC)


def expand_with_icalendar(body: bytes) -> list[Meeting]:
    calendar = icalendar.Calendar.from_ical(body)
    occurrences = recurring_ical_events.of(calendar).between(dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    return sorted(
        Meeting(str(e["UID"]), utc(e.decoded("DTSTART")), utc(e.decoded("DTEND")), str(e["LOCATION"]))
        for e in occurrences
        if str(e.get("STATUS", "")) != "CANCELLED"
    )


def expand_with_vobject(body: bytes) -> list[Meeting]:
    calendar = vobject.readOne(body.decode("utf-8"))
    events = calendar.contents.get("vevent", [])
    overrides = {(e.uid.value, utc(e.recurrence_id.value)): e for e in events if hasattr(e, "recurrence_id")}
    meetings = []
    for master in (e for e in events if not hasattr(e, "recurrence_id")):
        length = master.dtend.value - master.dtstart.value
        for start in master.getrruleset(addRDate=True) or [master.dtstart.value]:  # None: a single date
            override = overrides.pop((master.uid.value, utc(start)), None)
            if override is None:
                meetings.append(Meeting(master.uid.value, utc(start), utc(start + length), master.location.value))
            elif getattr(override, "status", None) is None or override.status.value != "CANCELLED":
                meetings.append(Meeting(master.uid.value, utc(override.dtstart.value), utc(override.dtend.value),
                                        override.location.value))  # fmt: skip
    assert not overrides, f"overrides of no occurrence: {sorted(overrides)}"
    return sorted(meetings)


def official_holiday(day: dt.date) -> bool:
    try:
        off, name = chinese_calendar.get_holiday_detail(day)
        return off and name is not None  # a worked weekend (调休) is named after its holiday but is not off
    except NotImplementedError:  # a year chinese-calendar does not know yet
        return False


def place(venue) -> str:
    return f"{venue.name}，{venue.address}" if venue.address else venue.name


def expected_meetings(sessions: list[Session]) -> list[Meeting]:
    """Every date with each session's weekday's classes in its term (make-up days too), minus holidays, closures
    and cancellations."""
    meetings = []
    for session in sessions:
        term = session.timetable.term
        closed = set(Closure.objects.filter(term=term).values_list("date", flat=True))
        changes = {
            c.date: c for c in OccurrenceChange.objects.filter(term=term, group=session.group, number=session.number)
        }
        classes_of = OFFICIAL_MAKE_UP_DAYS | dict(MakeUpDay.objects.filter(term=term).values_list("date", "weekday"))
        uid = f"{term.key}.{session.group.key}-{session.number}@127.0.0.1"
        days = (term.first_day + dt.timedelta(days=n) for n in range((term.last_day - term.first_day).days + 1))
        for day in days:
            change = changes.get(day)
            if classes_of.get(day, day.weekday()) != session.weekday or day in closed or official_holiday(day):
                continue
            if change is not None and change.cancelled:
                continue
            start = session.start if change is None or change.new_start is None else change.new_start
            end = session.end if change is None or change.new_end is None else change.new_end
            venue = change.new_venue if change is not None and change.new_venue else session.venue
            midnight = dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)
            meetings.append(Meeting(uid, utc(midnight + dt.timedelta(minutes=start)),
                                    utc(midnight + dt.timedelta(minutes=end)), place(venue)))  # fmt: skip
    return sorted(meetings)


def unfolded_lines(body: bytes) -> list[str]:
    """The content lines of a feed with folding undone (RFC 5545 §3.1)."""
    return body.decode("utf-8").replace("\r\n ", "").split("\r\n")
