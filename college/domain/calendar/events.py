"""The content of each calendar event, prepared from the published sessions: plain data, no iCal yet.

One ``WeeklyEvent`` per published session and term: the group's weekly meeting from its first to its last
real date, the holidays and closures in between, the make-up days (调休) that run its weekday's classes, and
the one-off changes of single dates. Its fingerprint
covers everything a subscriber sees, so a re-solve that puts the session back where it was changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from college.domain.calendar.inputs import CHANGE_COLUMNS, ChangeRow, FeedInputs, SessionRow, as_date, as_moment
from college.domain.calendar.term_dates import TermDays, holiday_warning, term_days, weekly_dates
from college.models import Audience, Category, Closure, MakeUpDay, OccurrenceChange, Session, Venue


@dataclass(frozen=True, slots=True)
class OneOff:
    """One date of the weekly event, cancelled or moved (new time and/or place that day)."""

    date: dt.date
    cancelled: bool
    start: int
    end: int
    location: str
    reason: str
    changed_at: dt.datetime  # when a coordinator recorded it; not part of the content

    def content(self) -> tuple[object, ...]:
        return (self.date, self.cancelled, self.start, self.end, self.location, self.reason)


@dataclass(frozen=True)
class WeeklyEvent:
    """A session's weekly meeting over one term, as every feed shows it (no personal data)."""

    uid: str
    summary: str
    location: str
    description: str
    url: str
    categories: tuple[str, ...]
    start: int  # minutes after midnight, Asia/Shanghai
    end: int
    first: dt.date  # the first real meeting (DTSTART)
    last: dt.date  # the last real meeting, a make-up day's too (UNTIL)
    exdates: tuple[dt.date, ...]  # dates of the session's weekday without its class between first and last
    one_offs: tuple[OneOff, ...]
    published_at: dt.datetime  # when its timetable was published; not part of the content
    repeats: bool = True  # False: a single date (a session moved into a venue's feed for one day)
    rdates: tuple[dt.date, ...] = ()  # make-up days (调休) of other weekdays that run this session's classes

    def content(self) -> tuple[object, ...]:
        fields = (self.uid, self.summary, self.location, self.description, self.url, self.categories)
        dates = (self.start, self.end, self.first, self.last, self.exdates)
        once = () if self.repeats else ("once",)  # weekly events keep the fingerprints they always had
        extra = (("rdates", self.rdates),) if self.rdates else ()
        return (*fields, *dates, tuple(one.content() for one in self.one_offs), *once, *extra)

    @functools.cached_property
    def fingerprint(self) -> str:
        return hashlib.sha256(repr(self.content()).encode("utf-8")).hexdigest()

    def changed_hint(self) -> dt.datetime:
        """The latest recorded moment this content could have changed (publication or a one-off change)."""
        return max((self.published_at, *(one.changed_at for one in self.one_offs)))


def uid_for(term_key: str, group_key: str, number: int) -> str:
    """Names term, group and session (``Session.uid_stem``), never the time: re-solves move events, not copy them."""
    host = urlsplit(settings.SITE_URL).hostname or "kebiao"
    return f"{quote(term_key, safe='')}.{quote(f'{group_key}-{number}', safe='')}@{host}"


def event_uid(session: Session) -> str:
    """The UID of a session's event (the session loaded with timetable__term and group)."""
    return uid_for(session.timetable.term.key, session.group.key, session.number)


def location_text(name: str, address: str | None) -> str:
    if not address:
        return name
    return _("%(venue)s, %(address)s") % {"venue": name, "address": address}


def venue_location(venue: Venue) -> str:
    """LOCATION of an event at ``venue``: its name and address."""
    return location_text(venue.name, venue.address)


def group_page_url(group_key: str) -> str:
    """The public page of the group (URL and DESCRIPTION of its events)."""
    return _group_page_url(settings.SITE_URL, group_key)


@functools.lru_cache(maxsize=4096)
def _group_page_url(site: str, group_key: str) -> str:
    return site + reverse("pages:group", kwargs={"key": group_key})


def weekly_events(sessions: Sequence[Session]) -> list[WeeklyEvent]:
    """The events of published sessions loaded with timetable__term, group, venue and teacher (for pages).

    The same builder as the feeds' (``events_from_inputs``), fed from model instances plus three queries.
    """
    term_ids = {s.timetable.term_id for s in sessions}
    closures = Closure.objects.filter(term_id__in=term_ids).values_list("term_id", "date")
    make_ups = MakeUpDay.objects.filter(term_id__in=term_ids).values_list("term_id", "date", "weekday")
    changes = OccurrenceChange.objects.filter(term_id__in=term_ids, group_id__in={s.group_id for s in sessions})
    rows = [session_row(s) for s in sessions]
    change_rows = [ChangeRow(*c) for c in changes.values_list(*CHANGE_COLUMNS)]
    return build_events(rows, list(closures), change_rows, list(make_ups))


def session_row(session: Session) -> SessionRow:
    term, group, timetable = session.timetable.term, session.group, session.timetable
    return SessionRow(session.number, session.weekday, session.start, session.end, timetable.published_at,
                      timetable.created_at, term.pk, term.key, term.first_day, term.last_day, group.pk, group.key,
                      group.name, group.category, group.audience, group.what_to_bring, session.venue.name,
                      session.venue.address, session.teacher.name)  # fmt: skip


def events_from_inputs(inputs: FeedInputs) -> list[WeeklyEvent]:
    """The feed's events in order: one per published session with at least one real meeting left in its term.

    A venue's feed then adds one single-date event per meeting of another venue's session moved into it.
    """
    events = build_events(inputs.sessions, inputs.closures, inputs.changes, inputs.make_ups)
    if inputs.visitors:
        moved_in = [c for c in inputs.changes if c.new_venue_id == inputs.owner_id and not c.cancelled]
        weekly = build_events(inputs.visitors, inputs.closures, moved_in, inputs.make_ups)
        events += sorted((visit for event in weekly for visit in visits_of(event)), key=lambda e: (e.first, e.start))
    return events


def visits_of(event: WeeklyEvent) -> list[WeeklyEvent]:
    """Each moved date of ``event`` as an event of its own, for the feed of the venue it moved into."""
    visits = []
    for one in event.one_offs:
        note = _("Moved here on this date: %(reason)s") if one.reason else _("Moved here on this date.")
        usually = _("Usually at: %(place)s") % {"place": event.location}
        description = "\n".join((note % {"reason": one.reason} if one.reason else note, usually, event.description))
        stem, _at, host = event.uid.rpartition("@")
        visits.append(WeeklyEvent(
            uid=f"{stem}.{one.date:%Y%m%d}@{host}", summary=_("Moved here: %(group)s") % {"group": event.summary},
            location=one.location, description=description, url=event.url, categories=event.categories,
            start=one.start, end=one.end, first=one.date, last=one.date, exdates=(), one_offs=(),
            published_at=max(event.published_at, one.changed_at), repeats=False,
        ))  # fmt: skip
    return visits


def build_events(
    sessions: Iterable[SessionRow],
    closure_rows: Iterable[tuple[int, dt.date | str]],
    change_rows: Iterable[ChangeRow],
    make_up_rows: Iterable[tuple[int, dt.date | str, int]] = (),
) -> list[WeeklyEvent]:
    closures: dict[int, set[dt.date]] = defaultdict(set)
    for term_id, date in closure_rows:
        closures[term_id].add(as_date(date))
    make_ups: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for term_id, date, weekday in make_up_rows:
        make_ups[term_id].append((as_date(date), weekday))
    changes: dict[tuple[int, int, int], list[ChangeRow]] = defaultdict(list)
    for change in change_rows:
        changes[(change.term_id, change.group_id, change.number)].append(change)
    labels = {**{c.value: str(c.label) for c in Category}, **{a.value: str(a.label) for a in Audience}}
    events = []
    for row in sessions:
        first_day, last_day = as_date(row.first_day), as_date(row.last_day)
        holiday_warning(row.term_key, first_day, last_day)
        days = term_days(first_day, last_day, frozenset(closures[row.term_id]), tuple(sorted(make_ups[row.term_id])))
        event = _weekly_event(row, days, changes[(row.term_id, row.group_id, row.number)], labels)
        if event is not None:
            events.append(event)
    return events


def _weekly_event(
    row: SessionRow, days: TermDays, changes: list[ChangeRow], labels: dict[str, str]
) -> WeeklyEvent | None:
    dates = days.meeting_dates(row.weekday)
    if not dates:
        return None
    usual = [day for day in dates if day.weekday() == row.weekday]
    # the weekly rule runs on the session's weekday until the last meeting, make-up days included (Google Calendar
    # drops an RDATE past the rule's UNTIL; the weekdays it adds are EXDATEs); a weekday that meets only on make-up
    # days (every one of its own dates closed) gets a rule of one date, its first make-up day, and RDATEs
    first, last = (usual[0], dates[-1]) if usual else (dates[0], dates[0])
    url = group_page_url(row.group_key)
    lines = [_("Teacher: %(name)s") % {"name": row.teacher_name}]
    if row.what_to_bring:
        lines.append(_("Please bring: %(things)s") % {"things": row.what_to_bring})
    lines.append(_("Group page: %(url)s") % {"url": url})
    location = location_text(row.venue_name, row.venue_address)
    real = set(dates)
    one_offs = (_one_off(row, location, c) for c in changes if as_date(c.date) in real)
    return WeeklyEvent(
        uid=uid_for(row.term_key, row.group_key, row.number),
        summary=row.group_name,
        location=location,
        description="\n".join(lines),
        url=url,
        categories=(labels[row.category], labels[row.audience]),
        start=row.start,
        end=row.end,
        first=first,
        last=last,
        exdates=tuple(day for day in weekly_dates(first, last, row.weekday) if day not in real),
        one_offs=tuple(sorted(one_offs, key=lambda one: one.date)),
        published_at=as_moment(row.published_at or row.created_at),
        rdates=tuple(day for day in dates if day.weekday() != row.weekday and day != first),
    )


def _one_off(row: SessionRow, location: str, change: ChangeRow) -> OneOff:
    cancelled = bool(change.cancelled)
    return OneOff(
        date=as_date(change.date),
        cancelled=cancelled,
        start=row.start if change.new_start is None else change.new_start,
        end=row.end if change.new_end is None else change.new_end,
        location=location_text(change.new_venue_name, change.new_venue_address) if change.new_venue_name else location,
        reason=change.reason,
        changed_at=as_moment(change.changed_at),
    )
