"""The content of each calendar event, prepared from the published sessions: plain data, no iCal yet.

One ``WeeklyEvent`` per published session and term: the group's weekly meeting from its first to its last
real date, the holidays and closures in between, and the one-off changes of single dates. Its fingerprint
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
from django.utils.translation import gettext as _

from college.domain.term_dates import excluded_dates, holiday_warning, meeting_dates
from college.models import Closure, OccurrenceChange, Session, Venue

GROUP_PAGE_PATH = "/groups/{key}/"  # the public page of an interest group (the coordinator workflow serves it)


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
    last: dt.date  # the last real meeting (UNTIL)
    exdates: tuple[dt.date, ...]  # holidays and closures on the session's weekday between first and last
    one_offs: tuple[OneOff, ...]
    published_at: dt.datetime  # when its timetable was published; not part of the content

    def content(self) -> tuple[object, ...]:
        fields = (self.uid, self.summary, self.location, self.description, self.url, self.categories)
        dates = (self.start, self.end, self.first, self.last, self.exdates)
        return (*fields, *dates, tuple(one.content() for one in self.one_offs))

    @functools.cached_property
    def fingerprint(self) -> str:
        return hashlib.sha256(repr(self.content()).encode("utf-8")).hexdigest()

    def changed_hint(self) -> dt.datetime:
        """The latest recorded moment this content could have changed (publication or a one-off change)."""
        return max((self.published_at, *(one.changed_at for one in self.one_offs)))


def event_uid(session: Session) -> str:
    """Names term, group and session number (never the time), so re-solves move events instead of copying them."""
    host = urlsplit(settings.SITE_URL).hostname or "kebiao"
    return f"{quote(session.timetable.term.key, safe='')}.{quote(session.uid_stem, safe='')}@{host}"


def venue_location(venue: Venue) -> str:
    if not venue.address:
        return venue.name
    return _("%(venue)s, %(address)s") % {"venue": venue.name, "address": venue.address}


def group_page_url(group_key: str) -> str:
    return settings.SITE_URL + GROUP_PAGE_PATH.format(key=quote(group_key, safe=""))


def weekly_events(sessions: Sequence[Session]) -> list[WeeklyEvent]:
    """The events of published sessions (loaded with timetable__term, group, venue and teacher), in order.

    Two more queries whatever the number of sessions: the terms' closures and their one-off changes.
    A session with no real meeting left in its term (every date a holiday) has no event.
    """
    term_ids = {s.timetable.term_id for s in sessions}
    closures: dict[int, list[dt.date]] = defaultdict(list)
    for term_id, date in Closure.objects.filter(term_id__in=term_ids).values_list("term_id", "date"):
        closures[term_id].append(date)
    changes: dict[tuple[int, int, int], list[OccurrenceChange]] = defaultdict(list)
    group_ids = {s.group_id for s in sessions}
    for change in OccurrenceChange.objects.filter(term_id__in=term_ids, group_id__in=group_ids).select_related(
        "new_venue"
    ):
        changes[(change.term_id, change.group_id, change.number)].append(change)
    events = []
    for session in sessions:
        term = session.timetable.term
        holiday_warning(term.key, term.first_day, term.last_day)
        excluded = excluded_dates(term.first_day, term.last_day, closures[term.id])
        event = _weekly_event(session, excluded, changes[(term.id, session.group_id, session.number)])
        if event is not None:
            events.append(event)
    return events


def _weekly_event(
    session: Session, excluded: frozenset[dt.date], changes: Iterable[OccurrenceChange]
) -> WeeklyEvent | None:
    term, group = session.timetable.term, session.group
    dates = meeting_dates(term.first_day, term.last_day, session.weekday, excluded)
    if not dates:
        return None
    first, last = dates[0], dates[-1]
    lines = [_("Teacher: %(name)s") % {"name": session.teacher.name}]
    if group.what_to_bring:
        lines.append(_("Please bring: %(things)s") % {"things": group.what_to_bring})
    url = group_page_url(group.key)
    lines.append(_("Group page: %(url)s") % {"url": url})
    real = set(dates)
    return WeeklyEvent(
        uid=event_uid(session),
        summary=group.name,
        location=venue_location(session.venue),
        description="\n".join(lines),
        url=url,
        categories=(str(group.get_category_display()), str(group.get_audience_display())),
        start=session.start,
        end=session.end,
        first=first,
        last=last,
        exdates=tuple(sorted(day for day in excluded if first < day < last and day.weekday() == session.weekday)),
        one_offs=tuple(sorted((_one_off(session, c) for c in changes if c.date in real), key=lambda o: o.date)),
        published_at=session.timetable.published_at or session.timetable.created_at,
    )


def _one_off(session: Session, change: OccurrenceChange) -> OneOff:
    if change.cancelled:
        return OneOff(change.date, True, session.start, session.end, venue_location(session.venue), change.reason,
                      change.changed_at)  # fmt: skip
    return OneOff(
        date=change.date,
        cancelled=False,
        start=session.start if change.new_start is None else change.new_start,
        end=session.end if change.new_end is None else change.new_end,
        location=venue_location(change.new_venue or session.venue),
        reason=change.reason,
        changed_at=change.changed_at,
    )
