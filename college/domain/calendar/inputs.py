"""Everything a feed is built from, read with seven plain queries (a venue's: eight) in one round trip.

The inputs of a feed are its owner, the rows of its published sessions (with the names, dates and places
they show), the closures, make-up days and one-off changes of published terms, the college's name, a marker of the
event revisions, and for a venue the sessions of other venues moved into it for a date. The queries are
written with the ORM and compiled once per process and database; each request runs the compiled SQL with
its own parameters and gets plain rows (no model instances); on PostgreSQL the statements travel in one
round trip. That is what lets a 304 cost about a millisecond. The same rows build the events, so the ETag
is always derived from exactly what was fingerprinted.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import chinese_calendar
from django.conf import settings
from django.db import connection
from django.db.models import Count, F, IntegerField, Max, QuerySet, Sum, Value

from college.domain.calendar.kinds import FORMAT_VERSION, MAX_TOKEN_LENGTH, FeedKind
from college.feeds.models import EventRevision
from college.models import (
    Closure,
    College,
    Community,
    InterestGroup,
    InterestKind,
    MakeUpDay,
    OccurrenceChange,
    Resident,
    Session,
    Teacher,
    TimetableStatus,
    Venue,
)
from college.models.tokens import hash_token

OWNER_KEY = "\x00kebiao-owner"  # stands for the owner's key or token hash while a query is compiled


class SessionRow(NamedTuple):
    number: int
    weekday: int
    start: int
    end: int
    published_at: dt.datetime | str | None
    created_at: dt.datetime | str
    term_id: int
    term_key: str
    first_day: dt.date | str
    last_day: dt.date | str
    group_id: int
    group_key: str
    group_name: str
    category: str
    audience: str
    what_to_bring: str
    venue_name: str
    venue_address: str
    teacher_name: str


class ChangeRow(NamedTuple):
    term_id: int
    group_id: int
    number: int
    date: dt.date | str
    cancelled: bool | int
    new_start: int | None
    new_end: int | None
    new_venue_name: str | None
    new_venue_address: str | None
    reason: str
    changed_at: dt.datetime | str
    new_venue_id: int | None


SESSION_COLUMNS = (
    "number", "weekday", "start", "end", "timetable__published_at", "timetable__created_at", "timetable__term_id",
    "timetable__term__key", "timetable__term__first_day", "timetable__term__last_day", "group_id", "group__key",
    "group__name", "group__category", "group__audience", "group__what_to_bring", "venue__name", "venue__address",
    "teacher__name",
)  # fmt: skip
CHANGE_COLUMNS = ("term_id", "group_id", "number", "date", "cancelled", "new_start", "new_end", "new_venue__name",
                  "new_venue__address", "reason", "changed_at", "new_venue_id")  # fmt: skip
SESSION_OWNER = {
    FeedKind.GROUP: {"group__key": OWNER_KEY},
    FeedKind.VENUE: {"venue__key": OWNER_KEY},
    FeedKind.COMMUNITY: {"group__community__key": OWNER_KEY},
    FeedKind.TEACHER: {"teacher__feed_token_hash": OWNER_KEY},
    FeedKind.RESIDENT: {
        "group__interests__resident__feed_token_hash": OWNER_KEY,
        "group__interests__kind": InterestKind.ENROLLED,
    },
}
OWNER_MODEL = {FeedKind.GROUP: InterestGroup, FeedKind.VENUE: Venue, FeedKind.COMMUNITY: Community,
               FeedKind.TEACHER: Teacher, FeedKind.RESIDENT: Resident}  # fmt: skip
ORDER = ("timetable__term__first_day", "timetable__term__key", "group__key", "number")


@dataclass(frozen=True)
class FeedInputs:
    kind: FeedKind
    key: str
    owner_id: int
    owner_name: str
    college: str
    sessions: tuple[SessionRow, ...]
    closures: tuple[tuple[int, dt.date | str], ...]  # (term id, date) of every published term
    make_ups: tuple[tuple[int, dt.date | str, int], ...]  # (term id, date, weekday) of every published term
    changes: tuple[ChangeRow, ...]  # of every published term
    visitors: tuple[SessionRow, ...]  # a venue's feed: sessions of other venues moved into it for a date
    revisions: tuple[object, ...]  # (count, sequence sum, last change) of every event revision

    @functools.cached_property
    def signature(self) -> str:
        """Changes whenever anything the feed shows could have changed (the revisions marker aside)."""
        constants = (FORMAT_VERSION, settings.SITE_URL, settings.LANGUAGE_CODE, chinese_calendar.__version__)
        content = (constants, str(self.kind), self.owner_id, self.owner_name, self.college, self.sessions,
                   self.closures, self.make_ups, self.changes, self.visitors)  # fmt: skip
        return hashlib.sha256(repr(content).encode()).hexdigest()

    def cache_key(self, revisions: tuple[object, ...] | None = None) -> str:
        marker = hashlib.sha256(repr(self.revisions if revisions is None else revisions).encode()).hexdigest()
        return f"kebiao:feed-inputs:{self.signature}.{marker[:32]}"


@dataclass(frozen=True)
class Compiled:
    sql: str
    params: tuple[object, ...]

    def bind(self, owner_key: str) -> list[object]:
        return [owner_key if p == OWNER_KEY else p for p in self.params]


def run_all(queries: list[Compiled], owner_key: str) -> list[list[tuple[object, ...]]]:
    """The rows of each query; on PostgreSQL (client-side binding, Django's default) in one round trip."""
    options = connection.settings_dict.get("OPTIONS", {})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not options.get("server_side_binding"):
            cursor.execute(";\n".join(q.sql for q in queries), [p for q in queries for p in q.bind(owner_key)])
            results = [cursor.fetchall()]
            while cursor.nextset():
                results.append(cursor.fetchall())
            return results
        results = []
        for query in queries:
            cursor.execute(query.sql, query.bind(owner_key))
            results.append(cursor.fetchall())
        return results


def _owner(kind: FeedKind) -> QuerySet:
    lookup = "feed_token_hash" if kind.private else "key"
    return OWNER_MODEL[kind].objects.filter(**{lookup: OWNER_KEY}).values_list("pk", "name")


def _sessions(kind: FeedKind) -> QuerySet:
    published = Session.objects.filter(timetable__status=TimetableStatus.PUBLISHED, **SESSION_OWNER[kind])
    return published.values_list(*SESSION_COLUMNS).order_by(*ORDER)


def _visitors(_kind: FeedKind) -> QuerySet:
    """Published sessions held elsewhere that a one-off change moves into the venue (the owner) for one date."""
    moved_in = Session.objects.filter(
        timetable__status=TimetableStatus.PUBLISHED,
        group__occurrence_changes__term=F("timetable__term"),
        group__occurrence_changes__number=F("number"),
        group__occurrence_changes__cancelled=False,
        group__occurrence_changes__new_venue__key=OWNER_KEY,
    ).exclude(venue__key=OWNER_KEY)
    return moved_in.values_list(*SESSION_COLUMNS).order_by(*ORDER).distinct()


def _closures() -> QuerySet:
    published = Closure.objects.filter(term__timetables__status=TimetableStatus.PUBLISHED)
    return published.values_list("term_id", "date").order_by("pk")


def _make_ups() -> QuerySet:
    published = MakeUpDay.objects.filter(term__timetables__status=TimetableStatus.PUBLISHED)
    return published.values_list("term_id", "date", "weekday").order_by("pk")


def _changes() -> QuerySet:
    published = OccurrenceChange.objects.filter(term__timetables__status=TimetableStatus.PUBLISHED)
    return published.values_list(*CHANGE_COLUMNS).order_by("pk")


def _college() -> QuerySet:
    return College.objects.order_by("pk").values_list("name")[:1]


def _revisions() -> QuerySet:
    every = EventRevision.objects.order_by().annotate(every=Value(1, output_field=IntegerField())).values("every")
    return every.annotate(n=Count("pk"), s=Sum("sequence"), m=Max("changed_at")).values_list("n", "s", "m")


QUERIES: dict[str, Callable[[FeedKind | None], QuerySet]] = {
    "owner": _owner,
    "sessions": _sessions,
    "visitors": _visitors,
    "closures": lambda _kind: _closures(),
    "make_ups": lambda _kind: _make_ups(),
    "changes": lambda _kind: _changes(),
    "college": lambda _kind: _college(),
    "revisions": lambda _kind: _revisions(),
}


@functools.cache
def compiled(name: str, kind: FeedKind | None, vendor: str) -> Compiled:
    """The SQL of one input query (``vendor`` keys the cache: SQLite and PostgreSQL compile differently)."""
    sql, params = QUERIES[name](kind).query.sql_with_params()
    return Compiled(sql, tuple(params))


def revisions_marker() -> tuple[object, ...]:
    return tuple(run_all([compiled("revisions", None, connection.vendor)], "")[0][0])


READ_ORDER = ("owner", "college", "sessions", "closures", "make_ups", "changes", "revisions")
PER_KIND = ("owner", "sessions", "visitors")


def read_inputs(kind: FeedKind, key: str) -> FeedInputs | None:
    """The inputs of the feed, or None when it has no owner (unknown key or token)."""
    if kind.private and len(key) > MAX_TOKEN_LENGTH:
        return None
    names = READ_ORDER + (("visitors",) if kind is FeedKind.VENUE else ())
    queries = [compiled(name, kind if name in PER_KIND else None, connection.vendor) for name in names]
    owner, college, sessions, closures, make_ups, changes, revisions, *visitors = run_all(
        queries, hash_token(key) if kind.private else key
    )
    if not owner:
        return None
    return FeedInputs(
        kind=kind,
        key=key,
        owner_id=owner[0][0],
        owner_name=owner[0][1],
        college=college[0][0] if college else "",
        sessions=tuple(SessionRow(*row) for row in sessions),
        closures=tuple(closures),
        make_ups=tuple(make_ups),
        changes=tuple(ChangeRow(*row) for row in changes),
        visitors=tuple(SessionRow(*row) for rows in visitors for row in rows),
        revisions=tuple(revisions[0]),
    )


def as_date(value: dt.date | str) -> dt.date:
    """A date from a row (SQLite gives ISO text, PostgreSQL a date)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def as_moment(value: dt.datetime | str) -> dt.datetime:
    """An aware UTC moment from a row (SQLite gives naive UTC text, PostgreSQL an aware datetime)."""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
