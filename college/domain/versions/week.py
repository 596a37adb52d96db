"""A saved timetable read back as a week for pages: which version the public sees, filters, and the grid.

Pages never show solver output: they read the sessions of a saved ``Timetable`` (the published one for
residents and teachers, any version for coordinators). The grid is days × start times; every session
starts at a slot of its term, so a cell lists the sessions that start at that time on that day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone

from college.domain.access import Scope
from college.models import Community, Session, Teacher, Timetable, TimetableStatus, Venue
from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import format_minutes

MORNING_ENDS = 12 * 60  # a session starting before noon is a morning session
AFTERNOON_ENDS = 18 * 60
PARTS_OF_DAY = ("morning", "afternoon", "evening")


def public_timetable(today: dt.date | None = None) -> Timetable | None:
    """The published timetable residents see: the current term's, else the next term's, else the latest one."""
    today = today or timezone.localdate()
    published = Timetable.objects.filter(status=TimetableStatus.PUBLISHED).select_related("term")
    current = published.filter(term__first_day__lte=today, term__last_day__gte=today).order_by("term__first_day")
    upcoming = published.filter(term__first_day__gt=today).order_by("term__first_day")
    return current.first() or upcoming.first() or published.order_by("-term__last_day").first()


def part_of_day(start: int) -> str:
    """'morning', 'afternoon' or 'evening' for a start time in minutes."""
    if start < MORNING_ENDS:
        return "morning"
    return "afternoon" if start < AFTERNOON_ENDS else "evening"


@dataclass(frozen=True)
class WeekFilter:
    """What a week is narrowed to; ``None`` means no narrowing. ``communities`` is a coordinator's scope."""

    community: int | None = None
    venue: int | None = None
    teacher: int | None = None
    group: int | None = None
    audience: str | None = None
    category: str | None = None
    communities: frozenset[int] | None = None
    groups: frozenset[int] | None = None  # a resident's picks

    def apply(self, sessions: QuerySet[Session]) -> QuerySet[Session]:
        lookups = {
            "group__community_id": self.community,
            "venue_id": self.venue,
            "teacher_id": self.teacher,
            "group_id": self.group,
            "group__audience": self.audience,
            "group__category": self.category,
        }
        sessions = sessions.filter(**{k: v for k, v in lookups.items() if v is not None})
        if self.communities is not None:
            sessions = sessions.filter(group__community_id__in=self.communities)
        if self.groups is not None:
            sessions = sessions.filter(group_id__in=self.groups)
        return sessions


def week_sessions(timetable: Timetable, week_filter: WeekFilter | None = None) -> list[Session]:
    """The sessions of a saved timetable in weekday and time order, with group, venue and teacher loaded."""
    sessions = Session.objects.filter(timetable=timetable).select_related(
        "group__community", "group__teacher", "venue", "teacher__community"
    )
    if week_filter is not None:
        sessions = week_filter.apply(sessions)
    found = list(sessions.order_by("weekday", "start", "group__name", "number"))
    for session in found:
        session.timetable = timetable  # the version at hand: a page that reads it asks the database no more
    return found


class SessionTime(NamedTuple):
    weekday: int
    start: int
    end: int


def session_times(timetable: Timetable, group_ids: Iterable[int]) -> dict[int, list[SessionTime]]:
    """When each of the groups meets in ``timetable`` (plain rows: a pick list of many groups stays cheap)."""
    times: dict[int, list[SessionTime]] = defaultdict(list)
    rows = Session.objects.filter(timetable=timetable, group_id__in=list(group_ids)).order_by("weekday", "start")
    for group_id, weekday, start, end in rows.values_list("group_id", "weekday", "start", "end"):
        times[group_id].append(SessionTime(weekday, start, end))
    return times


@dataclass
class GridRow:
    start: int
    cells: list[list[Session]]

    @property
    def label(self) -> str:
        return format_minutes(self.start)


@dataclass
class DayAgenda:
    weekday: int
    label: str
    sessions: list[Session] = field(default_factory=list)


@dataclass
class WeekGrid:
    """Rows of start times × seven day columns, and the same sessions as a list per day (for phones)."""

    days: list[tuple[int, str]]
    rows: list[GridRow]
    agenda: list[DayAgenda]

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def session_count(self) -> int:
        return sum(len(day.sessions) for day in self.agenda)


def week_grid(sessions: Iterable[Session]) -> WeekGrid:
    """Lay sessions out by day and start time: one row per start time in use (no empty rows)."""
    by_cell: dict[tuple[int, int], list[Session]] = defaultdict(list)
    agenda = [DayAgenda(day, str(label)) for day, label in WEEKDAY_CHOICES]
    for session in sorted(sessions, key=lambda s: (s.weekday, s.start, s.group.name, s.number)):
        by_cell[(session.start, session.weekday)].append(session)
        agenda[session.weekday].sessions.append(session)
    starts = sorted({start for start, _day in by_cell})
    rows = [GridRow(start, [by_cell.get((start, day), []) for day in range(7)]) for start in starts]
    days = [(day, str(label)) for day, label in WEEKDAY_CHOICES]
    return WeekGrid(days, rows, [day for day in agenda if day.sessions])


@dataclass(frozen=True)
class CommunityWeek:
    """One community's line in a week too big to draw: its sessions by weekday and how many break a hard rule."""

    community: Community
    by_day: tuple[int, ...]  # Monday … Sunday
    conflicts: int

    @property
    def total(self) -> int:
        return sum(self.by_day)


@dataclass(frozen=True)
class WeekOverview:
    """A filtered week counted by community instead of drawn, and the ids of the sessions it counts."""

    communities: list[CommunityWeek]
    session_ids: frozenset[int]

    @property
    def session_count(self) -> int:
        return len(self.session_ids)


def week_overview(timetable: Timetable, week_filter: WeekFilter, broken: frozenset[int] = frozenset()) -> WeekOverview:
    """The filtered week counted by community and weekday, communities by name (plain rows: no session is loaded);
    ``broken`` are the ids of the sessions that break a hard rule."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * 7)
    conflicts: dict[int, int] = defaultdict(int)
    ids = []
    rows = week_filter.apply(Session.objects.filter(timetable=timetable)).order_by()
    for pk, community_id, weekday in rows.values_list("pk", "group__community_id", "weekday"):
        counts[community_id][weekday] += 1
        conflicts[community_id] += pk in broken
        ids.append(pk)
    communities = Community.objects.filter(pk__in=list(counts)).order_by("name", "pk")
    return WeekOverview([CommunityWeek(c, tuple(counts[c.pk]), conflicts[c.pk]) for c in communities], frozenset(ids))


def venue_week_visible(scope: Scope, venue: Venue) -> bool:
    """A coordinator sees the week of a venue of their own communities."""
    return scope.may_change(venue.community_id)


def teacher_week_visible(scope: Scope, teacher: Teacher) -> bool:
    """A coordinator sees the week of a teacher of their communities, or of one who teaches a group there."""
    if scope.district or scope.may_change(teacher.community_id):
        return True
    return teacher.interest_groups.filter(community_id__in=scope.community_ids).exists()


def teaching_loads(timetable: Timetable, week_filter: WeekFilter) -> list[tuple[Teacher, int, float]]:
    """(teacher, sessions a week, hours a week) of everyone teaching in the filtered week, busiest first."""
    sessions = week_filter.apply(Session.objects.filter(timetable=timetable)).order_by()
    loads = sessions.values("teacher_id").annotate(n=Count("pk"), minutes=Sum(F("end") - F("start")))
    teachers = Teacher.objects.select_related("community").in_bulk([row["teacher_id"] for row in loads])
    rows = [(teachers[row["teacher_id"]], row["n"], row["minutes"] / 60) for row in loads]
    return sorted(rows, key=lambda r: (-r[1], r[0].name))


def teaching_minutes(sessions: Iterable[Session]) -> int:
    """A teacher's weekly load: the minutes of their sessions."""
    return sum(s.end - s.start for s in sessions)
