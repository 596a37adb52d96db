"""The prepared input of a proposal run: unmet demand, who is free, who can teach, where is room, and K.

Everything comes from the published timetable and the 点单 survey, already reduced to what the engine needs:
residents' free time and the weekly windows their groups already take (``busy``), teachers' free weekly
capacity and their published sessions, venues' opening hours and the sessions already in them. Times are
weekday (0 = Monday) and minutes after midnight, as in ``scheduler.problem``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from scheduler.problem import Window, covered, overlaps_any
from scheduler.problem.errors import ProblemError, _check


@dataclass(frozen=True, order=True)
class Pattern:
    """A weekly time: the same start on each of ``days`` (ascending), each session ``length`` minutes."""

    days: tuple[int, ...]
    start: int
    length: int

    @cached_property
    def windows(self) -> tuple[Window, ...]:
        return tuple(Window(d, self.start, self.start + self.length) for d in self.days)


@dataclass(frozen=True)
class Activity:
    """What residents wish for, and the shape a new group of it takes (sessions a week, length, sizes, needs)."""

    id: str
    name: str
    category: str
    sessions: int = 1
    length: int = 90
    min_size: int = 5
    max_size: int = 20
    facilities: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Resident:
    """A resident with unmet wishes: when they are free, and when their groups already meet."""

    id: str
    free: tuple[Window, ...]
    busy: tuple[Window, ...] = ()

    def fits(self, pattern: Pattern) -> bool:
        return all(covered(self.free, w.weekday, w.start, w.end) for w in pattern.windows) and not any(
            overlaps_any(self.busy, w.weekday, w.start, w.end) for w in pattern.windows
        )


@dataclass(frozen=True)
class Wish:
    """A resident's wish for an activity no group within their reach offers: where they can go for it."""

    resident: str
    activity: str
    communities: tuple[str, ...]


@dataclass(frozen=True)
class Busy:
    """A published session of a teacher: its window and the community it meets in."""

    window: Window
    community: str


@dataclass(frozen=True)
class Tutor:
    """A teacher who might take a new group on (接单).

    May lead an activity they list, or any activity of a category among their skills; in their home community
    or one of ``communities``; at times within ``availability`` that leave room for ``busy`` (with the travel
    time when a published session is in another community); at most ``sessions_left`` more sessions a week.
    """

    id: str
    name: str
    community: str
    skills: frozenset[str] = frozenset()
    activities: frozenset[str] = frozenset()
    availability: tuple[Window, ...] = ()
    sessions_left: int = 0
    busy: tuple[Busy, ...] = ()
    communities: tuple[str, ...] = ()

    @property
    def reach(self) -> tuple[str, ...]:
        return (self.community, *(c for c in self.communities if c != self.community))

    def leads(self, activity: Activity) -> bool:
        return activity.id in self.activities or activity.category in self.skills

    def free_for(self, pattern: Pattern, community: str, travel: int) -> bool:
        for w in pattern.windows:
            if not covered(self.availability, w.weekday, w.start, w.end):
                return False
            for b in self.busy:
                pad = 0 if b.community == community else travel
                if b.window.weekday == w.weekday and b.window.start < w.end + pad and w.start < b.window.end + pad:
                    return False
        return True


@dataclass(frozen=True)
class Room:
    """A venue: its size, facilities, opening hours and the published sessions already in it."""

    id: str
    name: str
    community: str
    capacity: int
    facilities: frozenset[str] = frozenset()
    opening: tuple[Window, ...] = ()
    busy: tuple[Window, ...] = ()

    def suits(self, activity: Activity) -> bool:
        return self.capacity >= activity.min_size and activity.facilities <= self.facilities

    def free_for(self, pattern: Pattern) -> bool:
        return all(
            covered(self.opening, w.weekday, w.start, w.end) and not overlaps_any(self.busy, w.weekday, w.start, w.end)
            for w in pattern.windows
        )


@dataclass(frozen=True)
class Demand:
    """One proposal run's input: the term's start times, the catalogue, residents, wishes, teachers, venues."""

    starts: tuple[int, ...]
    activities: tuple[Activity, ...]
    residents: tuple[Resident, ...]
    wishes: tuple[Wish, ...]
    tutors: tuple[Tutor, ...]
    rooms: tuple[Room, ...]
    openings: int  # K: at most this many proposals
    travel_minutes: int = 30
    days: tuple[int, ...] = field(default=(0, 1, 2, 3, 4, 5, 6))

    def __post_init__(self) -> None:
        _check(self.openings >= 0, f"openings={self.openings} must be 0 or more")
        _check(all(0 <= s < 24 * 60 for s in self.starts), "start times must be minutes of the day")
        for kind, items in (("activity", self.activities), ("resident", self.residents), ("teacher", self.tutors),
                            ("venue", self.rooms)):  # fmt: skip
            ids = [x.id for x in items]
            if len(ids) != len(set(ids)):
                raise ProblemError(f"{kind} ids must be unique")
        for a in self.activities:
            _check(1 <= a.sessions <= len(self.days), f"activity {a.id}: sessions {a.sessions} do not fit the week")
            _check(0 < a.length <= 24 * 60, f"activity {a.id}: length {a.length} is not a session length")
            _check(1 <= a.min_size <= a.max_size, f"activity {a.id}: sizes {a.min_size}–{a.max_size} are impossible")
        for t in self.tutors:
            _check(t.sessions_left >= 0, f"teacher {t.id}: sessions left {t.sessions_left} must be 0 or more")
        for w in self.wishes:
            _check(w.resident in self.resident, f"a wish names resident {w.resident}, who is not in the input")
            _check(w.activity in self.activity, f"a wish names activity {w.activity}, which is not in the input")

    @cached_property
    def activity(self) -> dict[str, Activity]:
        return {a.id: a for a in self.activities}

    @cached_property
    def resident(self) -> dict[str, Resident]:
        return {r.id: r for r in self.residents}

    @cached_property
    def tutor(self) -> dict[str, Tutor]:
        return {t.id: t for t in self.tutors}

    @cached_property
    def room(self) -> dict[str, Room]:
        return {v.id: v for v in self.rooms}

    def patterns(self, activity: Activity) -> tuple[Pattern, ...]:
        """Every weekly time of the activity: ``sessions`` different days, one start time of the term."""
        return tuple(
            Pattern(days, start, activity.length)
            for days in combinations(self.days, activity.sessions)
            for start in sorted(self.starts)
            if start + activity.length <= 24 * 60
        )
