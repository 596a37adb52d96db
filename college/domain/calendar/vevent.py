"""The one VEVENT builder every feed uses, and the VCALENDAR around it (icalendar 7).

icalendar 7 writes CRLF line endings and folds lines before 75 octets without splitting a UTF-8
character (``icalendar.parser.string._foldline`` counts bytes); the tests check both on the bytes.
An event's bytes depend only on its content and revision, and one session appears in many feeds (its
group's, venue's, community's, teacher's and every member's), so ``calendar_bytes`` keeps them in a
per-process LRU; the result is byte for byte ``build_calendar(...).to_ical()``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from icalendar import Calendar, Component, Event, Timezone, TimezoneStandard, vDuration, vText

from college.domain.calendar.events import OneOff, WeeklyEvent

TZID = "Asia/Shanghai"
TZ = ZoneInfo(TZID)
PRODID = "-//Kebiao//Kebiao community college timetables//ZH"
REFRESH = dt.timedelta(hours=1)  # a one-off cancellation should reach phones within the hour


_LINE_BREAKS = re.compile("\r\n|[\r\n\u0085\u2028\u2029]")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def ical_text(value: str, *, multi_line: bool = False) -> vText:
    """A TEXT value as iCalendar can carry it, whatever is stored: line breaks become one escaped \\n (a space
    on one-line properties), other control, direction-override and lone surrogate characters are dropped;
    icalendar's ``vText`` escapes the rest (backslash, comma, semicolon)."""
    value = _UNPRINTABLE.sub("", _LINE_BREAKS.sub("\n" if multi_line else " ", value))
    return vText(value)


@dataclass(frozen=True, slots=True)
class Revision:
    """How often and when an event last changed: SEQUENCE, DTSTAMP and LAST-MODIFIED."""

    sequence: int
    changed_at: dt.datetime  # aware, whole seconds


def local(day: dt.date, minutes: int) -> dt.datetime:
    """``day`` at ``minutes`` after midnight in Asia/Shanghai (1440 is midnight at the end of the day)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=TZ) + dt.timedelta(minutes=minutes)


def build_vevents(event: WeeklyEvent, revision: Revision) -> list[Event]:
    """The weekly VEVENT of a session and one override (RECURRENCE-ID) per one-off change.

    An event that does not repeat (a session moved into a venue for one date) is one plain VEVENT.
    """
    master = _vevent(event, revision, event.summary, event.location, event.description)
    master.add("dtstart", local(event.first, event.start))
    master.add("dtend", local(event.first, event.end))
    if not event.repeats:
        master.add("status", "CONFIRMED")
        return [master]
    until = local(event.last, event.start).astimezone(dt.UTC)
    master.add("rrule", {"freq": "weekly", "until": until})
    if event.exdates:
        master.add("exdate", [local(day, event.start) for day in event.exdates])
    if event.rdates:  # make-up days (调休) of another weekday running this session's classes
        master.add("rdate", [local(day, event.start) for day in event.rdates])
    master.add("status", "CONFIRMED")
    return [master, *(_override(event, revision, one) for one in event.one_offs)]


def _override(event: WeeklyEvent, revision: Revision, one: OneOff) -> Event:
    if one.cancelled:
        summary = _("Cancelled: %(group)s") % {"group": event.summary}
        note = _("Cancelled on this date: %(reason)s") if one.reason else _("Cancelled on this date.")
    else:
        summary = _("Moved: %(group)s") % {"group": event.summary}
        note = _("Moved on this date: %(reason)s") if one.reason else _("Moved on this date.")
    description = (note % {"reason": one.reason} if one.reason else note) + "\n" + event.description
    override = _vevent(event, revision, summary, one.location, description)
    override.add("recurrence-id", local(one.date, event.start))
    override.add("dtstart", local(one.date, one.start))
    override.add("dtend", local(one.date, one.end))
    override.add("status", "CANCELLED" if one.cancelled else "CONFIRMED")
    return override


def _vevent(event: WeeklyEvent, revision: Revision, summary: str, location: str, description: str) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", revision.sequence)
    stamp = revision.changed_at.astimezone(dt.UTC)
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", stamp)
    vevent.add("summary", ical_text(summary))
    vevent.add("location", ical_text(location))
    vevent.add("description", ical_text(description, multi_line=True))
    vevent.add("url", event.url)
    vevent.add("categories", [str(ical_text(category)) for category in event.categories])
    return vevent


def shanghai_vtimezone() -> Timezone:
    """Asia/Shanghai has kept UTC+8 without daylight saving since 1991: one STANDARD rule covers every term."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=8))
    standard.add("tzname", "CST")
    timezone.add_component(standard)
    return timezone


@functools.lru_cache(maxsize=4096)
def vevent_bytes(event: WeeklyEvent, revision: Revision) -> bytes:
    """The serialised VEVENTs of one event (callers fix the language: ``feeds.render_feed`` does)."""
    return b"".join(component_bytes(vevent) for vevent in build_vevents(event, revision))


FOLD_AT = 75  # octets: icalendar folds a content line this long or longer; a shorter one stays as it is


def component_bytes(component: Component) -> bytes:
    """``component.to_ical()``, byte for byte, with icalendar folding only the lines long enough to fold: its
    fold walks every character of every line, about a third of a cold feed's time, and most lines are short."""
    lines = []
    for line in component.content_lines():
        if line:
            raw = line.encode()
            lines.append(raw if len(raw) < FOLD_AT else line.to_ical())
    return b"\r\n".join(lines) + b"\r\n"


END = b"END:VCALENDAR\r\n"


def calendar_bytes(title: str, events: Iterable[tuple[WeeklyEvent, Revision]]) -> bytes:
    """``build_calendar(title, events).to_ical()``, with each event's bytes from ``vevent_bytes``."""
    return _head(title) + b"".join(vevent_bytes(event, revision) for event, revision in events) + END


def calendar_head(title: str) -> bytes:
    """The calendar's bytes before its first VEVENT (cached by title)."""
    return _head(title)


def forget_rendered() -> None:
    """Empty this process's caches of rendered bytes (what a benchmark of a cold render needs)."""
    vevent_bytes.cache_clear()
    _head.cache_clear()


@functools.lru_cache(maxsize=1024)
def _head(title: str) -> bytes:
    """The calendar's own properties and its VTIMEZONE: they depend on the title alone."""
    return build_calendar(title, ()).to_ical().removesuffix(END)


def build_calendar(title: str, events: Iterable[tuple[WeeklyEvent, Revision]]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", ical_text(title))
    calendar.add("x-wr-calname", ical_text(title))
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add_component(shanghai_vtimezone())
    for event, revision in events:
        for vevent in build_vevents(event, revision):
            calendar.add_component(vevent)
    return calendar
