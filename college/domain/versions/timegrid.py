"""The coordinators' week drawn to real time: each session a block as long as it lasts, side by side when they
overlap, with the hours a teacher cannot teach or a venue is closed shaded, hard-rule conflicts marked and, in a
draft, the sessions that moved from the published version outlined.

Positions are minutes from the top of the grid (``first``); the template turns them into lengths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from college.domain.versions.conflicts import Conflicts
from college.domain.versions.differences import diff
from college.models import (
    Session,
    Teacher,
    TeacherAbsence,
    Term,
    Timetable,
    TimetableStatus,
    Venue,
    VenueClosure,
)
from college.models.choices import WEEKDAY_CHOICES
from college.models.fields import format_minutes

EARLIEST, LATEST = 8 * 60, 21 * 60  # the grid shows at least these hours, so weeks compare at a glance


@dataclass(frozen=True)
class Block:
    """One session placed in its day column."""

    session: Session
    top: int  # minutes from the grid's first hour
    length: int
    lane: int  # 0-based column among the sessions it overlaps
    lanes: int
    conflicts: tuple[str, ...] = ()
    moved_from: str | None = None  # the published place it moved from; "" when it is new in this version

    @property
    def moved(self) -> bool:
        return self.moved_from is not None


@dataclass(frozen=True)
class Shade:
    """Hours of a day when the teacher cannot teach or the venue is closed."""

    top: int
    length: int
    kind: str  # "unavailable" | "closed"
    label: str


@dataclass
class Day:
    weekday: int
    label: str
    blocks: list[Block] = field(default_factory=list)
    shades: list[Shade] = field(default_factory=list)


@dataclass(frozen=True)
class ConflictLine:
    """A broken rule as the grid's notice says it: its label and the groups concerned."""

    label: str
    groups: tuple[str, ...]


@dataclass
class TimeGrid:
    first: int  # minute of the day at the top
    last: int
    days: list[Day]
    starts: tuple[int, ...]  # the term's slot starts: where a session may be dropped
    conflicts: Conflicts
    moved: int  # sessions moved or new against the published version
    conflict_lines: list[ConflictLine] = field(default_factory=list)  # the broken rules this view shows, by rule
    conflicts_elsewhere: int = 0  # broken rules among sessions the filters leave out

    @property
    def hours(self) -> list[tuple[int, str]]:
        """(minutes from the top, 'HH:00') of every hour line."""
        return [(m - self.first, format_minutes(m)) for m in range(self.first, self.last + 1, 60)]

    @property
    def height(self) -> int:
        return self.last - self.first

    @property
    def session_count(self) -> int:
        return sum(len(d.blocks) for d in self.days)

    @property
    def empty(self) -> bool:
        return not self.session_count

    @property
    def conflict_count(self) -> int:
        return sum(1 for d in self.days for b in d.blocks if b.conflicts)


@dataclass(frozen=True)
class Marks:
    """What a grid marks beyond the sessions: conflicts, moves, and whose hours to shade."""

    conflicts: Conflicts = field(default_factory=Conflicts)
    moved_from: dict[tuple[int, int], str] = field(default_factory=dict)  # (group id, number) → old place
    teacher: Teacher | None = None
    venue: Venue | None = None


def time_grid(term: Term, sessions: Sequence[Session], marks: Marks | None = None) -> TimeGrid:
    """Lay out ``sessions`` on a days × real-time grid of ``term``."""
    marks = marks or Marks()
    starts = tuple(sorted(term.slot_starts))
    first = min([EARLIEST, *starts, *(s.start for s in sessions)]) // 60 * 60
    last = -(-max([LATEST, *(st + 60 for st in starts[-1:]), *(s.end for s in sessions)]) // 60) * 60
    days = [Day(day, str(label)) for day, label in WEEKDAY_CHOICES]
    by_day: dict[int, list[Session]] = {d: [] for d in range(7)}
    for s in sessions:
        by_day[s.weekday].append(s)
    for day in days:
        for session, lane, lanes in _lanes(by_day[day.weekday]):
            day.blocks.append(
                Block(
                    session,
                    session.start - first,
                    session.end - session.start,
                    lane,
                    lanes,
                    marks.conflicts.of(session.pk),
                    marks.moved_from.get((session.group_id, session.number)),
                )
            )
    if marks.teacher is not None:
        _shade_teacher(days, marks.teacher, term, first, last)
    if marks.venue is not None:
        _shade_venue(days, marks.venue, term, first, last)
    lines, elsewhere = conflict_lines(marks.conflicts, {s.pk for s in sessions})
    return TimeGrid(first, last, days, starts, marks.conflicts, len(marks.moved_from), lines, elsewhere)


def conflict_lines(conflicts: Conflicts, shown: set[int]) -> tuple[list[ConflictLine], int]:
    """The broken rules that touch a session in view (or no saved session at all), grouped by rule."""
    groups: dict[str, dict[str, None]] = {}
    elsewhere = 0
    for c in conflicts.found:
        if c.sessions and not shown.intersection(c.sessions):
            elsewhere += 1
            continue
        groups.setdefault(c.label, {}).update(dict.fromkeys(c.groups))
    return [ConflictLine(label, tuple(names)) for label, names in groups.items()], elsewhere


def _lanes(sessions: Iterable[Session]) -> list[tuple[Session, int, int]]:
    """Side-by-side columns: overlapping sessions share a cluster, each takes the first free lane."""
    ordered = sorted(sessions, key=lambda s: (s.start, -s.end, s.group.name, s.number))
    placed: list[tuple[Session, int, int]] = []
    cluster: list[tuple[Session, int]] = []
    lane_ends: list[int] = []
    cluster_end = 0

    def close() -> None:
        width = len(lane_ends)
        placed.extend((s, lane, width) for s, lane in cluster)

    for s in ordered:
        if cluster and s.start >= cluster_end:
            close()
            cluster, lane_ends = [], []
        if not cluster:
            cluster_end = s.end
        lane = next((i for i, end in enumerate(lane_ends) if end <= s.start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(s.end)
        else:
            lane_ends[lane] = s.end
        cluster.append((s, lane))
        cluster_end = max(cluster_end, s.end)
    close()
    return placed


def _gaps(windows: list[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
    """The parts of [first, last) that no window covers."""
    gaps, at = [], first
    for start, end in sorted(windows):
        if start > at:
            gaps.append((at, min(start, last)))
        at = max(at, end)
    if at < last:
        gaps.append((at, last))
    return [(a, b) for a, b in gaps if b > a]


def _shade(days: list[Day], windows: dict[int, list[tuple[int, int]]], kind: str, label: str, span: tuple[int, int]):
    first, last = span
    for day in days:
        for start, end in _gaps(windows.get(day.weekday, []), first, last):
            day.shades.append(Shade(start - first, end - start, kind, label))


def _shade_teacher(days: list[Day], teacher: Teacher, term: Term, first: int, last: int) -> None:
    windows: dict[int, list[tuple[int, int]]] = {}
    for w in teacher.availability.all():
        windows.setdefault(w.weekday, []).append((w.start, w.end))
    for absence in TeacherAbsence.objects.filter(teacher=teacher, from_date__lte=term.last_day):
        for weekday in range(7) if absence.weekday is None else (absence.weekday,):
            windows[weekday] = []
    _shade(days, windows, "unavailable", _("%(teacher)s is not available") % {"teacher": teacher.name}, (first, last))


def _shade_venue(days: list[Day], venue: Venue, term: Term, first: int, last: int) -> None:
    windows: dict[int, list[tuple[int, int]]] = {}
    for w in venue.openings.all():
        windows.setdefault(w.weekday, []).append((w.start, w.end))
    for closure in VenueClosure.objects.filter(venue=venue, from_date__lte=term.last_day):
        windows[closure.weekday] = []
    _shade(days, windows, "closed", _("%(venue)s is closed") % {"venue": venue.name}, (first, last))


def moved_from_published(timetable: Timetable) -> dict[tuple[int, int], str]:
    """For a version that is not the published one: (group id, number) of each session that moved from the
    published version, with the place it had there ("" for a session the published version does not have)."""
    if timetable.status == TimetableStatus.PUBLISHED:
        return {}
    published = Timetable.objects.filter(term_id=timetable.term_id, status=TimetableStatus.PUBLISHED).first()
    if published is None:
        return {}
    changes = diff(published.pk, timetable.pk)
    found = {(c.group_id, c.number): (c.old.label if c.old else "") for c in changes.moved}
    found.update({(c.group_id, c.number): "" for c in changes.added})
    return found
