"""The fully prepared input of one weekly timetabling problem.

Everything the solver needs and nothing it has to look up elsewhere: the week's slot grid, communities,
venues, teachers, interest groups, residents' demand (kept per resident) and the objective weights.
Times are weekday (0 = Monday … 6 = Sunday) and minutes after midnight. Ids are stable strings
(natural keys), so a solution can be saved and compared with the next one.

A session of a group placed at a slot occupies ``[slot.start, slot.start + group.length)`` on the slot's
weekday; it may start at a slot only if ``group.length <= slot.length``. Sessions of one group are
interchangeable: the solver numbers them by weekday (session 0 is the earliest in the week).

``__post_init__`` refuses duplicate ids, dangling references and impossible values with a
``ProblemError`` that names the offending entity, so a bad input never reaches the solver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from scheduler.problem.errors import _check
from scheduler.problem.validate import validate

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_MINUTES = 24 * 60


@dataclass(frozen=True, order=True)
class Window:
    """A weekly time window: weekday 0–6 and [start, end) in minutes after midnight."""

    weekday: int
    start: int
    end: int

    def __post_init__(self) -> None:
        _check(0 <= self.weekday <= 6, f"window weekday {self.weekday} is not 0 (Monday) … 6 (Sunday)")
        _check(
            0 <= self.start < self.end <= DAY_MINUTES,
            f"window {self.start}–{self.end} on weekday {self.weekday} is not a non-empty span of one day",
        )

    def covers(self, weekday: int, start: int, end: int) -> bool:
        return self.weekday == weekday and self.start <= start and end <= self.end


def covered(windows: tuple[Window, ...], weekday: int, start: int, end: int) -> bool:
    """True when one of ``windows`` contains the whole span [start, end) of ``weekday``."""
    return any(w.covers(weekday, start, end) for w in windows)


def overlaps_any(windows: tuple[Window, ...], weekday: int, start: int, end: int) -> bool:
    """True when the span [start, end) of ``weekday`` overlaps one of ``windows``."""
    return any(w.weekday == weekday and w.start < end and start < w.end for w in windows)


@dataclass(frozen=True, order=True)
class Slot:
    """A start time of the weekly grid; sessions up to ``length`` minutes may start here."""

    weekday: int
    start: int
    length: int

    def __post_init__(self) -> None:
        _check(0 <= self.weekday <= 6, f"slot weekday {self.weekday} is not 0 (Monday) … 6 (Sunday)")
        _check(0 <= self.start < DAY_MINUTES, f"slot start {self.start} is not a minute of the day")
        _check(
            self.length > 0 and self.start + self.length <= DAY_MINUTES,
            f"slot {self.label} has length {self.length}: it must be positive and end by midnight",
        )

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.start // 60:02d}:{self.start % 60:02d}"


@dataclass(frozen=True)
class Placement:
    """Where and when one session of a group takes place. ``venue=None`` in a pin fixes the time only."""

    slot: Slot
    venue: str | None = None


@dataclass(frozen=True)
class Community:
    id: str
    name: str


@dataclass(frozen=True)
class Travel:
    """Minutes a teacher needs between a session in community ``a`` and one in community ``b``."""

    a: str
    b: str
    minutes: int


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    community: str
    capacity: int
    facilities: frozenset[str] = frozenset()
    step_free: bool = False
    opening: tuple[Window, ...] = ()
    location: tuple[float, float] | None = None  # latitude, longitude


@dataclass(frozen=True)
class Teacher:
    id: str
    name: str
    community: str  # home community
    availability: tuple[Window, ...]
    max_sessions: int  # per week


@dataclass(frozen=True)
class Group:
    """An interest group: its teacher, how many sessions a week and how long, and where it may meet.

    ``preferred`` are the times its audience can come (empty: no time preference); the caller fills
    them from the audience with ``scheduler.problem.audience.audience_windows`` unless the group says otherwise.
    ``communities``/``venues`` restrict where it may meet (empty: its own community, any venue there).
    ``pinned`` placements must be kept; ``previous`` is the published timetable's placement.
    """

    id: str
    name: str
    community: str
    teacher: str
    sessions: int
    length: int  # minutes per session
    min_size: int
    max_size: int
    facilities: frozenset[str] = frozenset()
    step_free: bool = False
    audience: str = "all"
    preferred: tuple[Window, ...] = ()
    communities: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    pinned: tuple[Placement, ...] = ()
    previous: tuple[Placement, ...] = ()
    # Optional, for imported timetables (ITC-2007, FET) and stricter colleges; the defaults change nothing.
    one_per_day: bool = True  # False: two sessions may fall on one day (then up to one per grid slot)
    min_days: int = 0  # soft: its sessions should spread over at least this many days
    overflow: bool = False  # True: may meet in a venue too small for max_size, each missing seat costs
    blocked: tuple[Window, ...] = ()  # no session may overlap these windows (its members are busy)
    starts: tuple[Slot, ...] = ()  # if given, sessions may start only at these grid slots

    @property
    def allowed_communities(self) -> tuple[str, ...]:
        return self.communities or (self.community,)


@dataclass(frozen=True)
class Resident:
    """One resident's demand: when they are free and which groups they are in or wish to join."""

    id: str
    community: str
    free: tuple[Window, ...]
    enrolled: tuple[str, ...] = ()
    wished: tuple[str, ...] = ()

    @property
    def interests(self) -> tuple[str, ...]:
        """Enrolled then wished groups (validation guarantees each appears once)."""
        return self.enrolled + self.wished if self.wished else self.enrolled


@dataclass(frozen=True)
class Cohort:
    """Groups that must never overlap because the same people attend all of them (hard).

    A 点单 cohort of residents who chose these groups together, a curriculum of a university, a class of
    a school: every session of one group is at a different time from every session of the others.
    """

    id: str
    name: str
    groups: tuple[str, ...]
    max_gaps: int | None = None  # hard: idle grid slots a week between its sessions (None: no limit)

    def idle_points(self, problem: Problem) -> dict[int, list[int]]:
        """Each weekday's grid starts where a gap can count: all but those blocked for every group (breaks)."""
        groups = [problem.group[g] for g in self.groups]
        out: dict[int, list[int]] = {}
        for s in sorted(problem.slots):
            if not all(overlaps_any(g.blocked, s.weekday, s.start, s.start + 1) for g in groups):
                out.setdefault(s.weekday, []).append(s.start)
        return out


@dataclass(frozen=True)
class Apart:
    """Sessions of different groups among ``groups`` should be at least ``days`` days apart.

    ``hard``: they must be; otherwise each pair of groups with two sessions closer than that costs.
    ``per_day`` (hard, 0 = no cap): at most this many of their sessions fall on one day, even when the set is
    soft (FET keeps activities of a min-days constraint at most two a day).
    """

    id: str
    groups: tuple[str, ...]
    days: int = 1
    hard: bool = False
    per_day: int = 0

    @property
    def cap(self) -> int:
        """Most sessions of the set on one day (0: no cap)."""
        return 1 if self.hard else self.per_day


@dataclass(frozen=True)
class Weights:
    """Objective weights, one per soft rule (penalty points per unit named in the comment)."""

    coverage: int = 10  # per (resident, group) interest the resident cannot attend
    audience: int = 3  # per session outside the group's preferred times
    clash: int = 2  # per shared member of two groups whose sessions overlap
    same_venue: int = 3  # per venue beyond the first that a group uses
    spread: int = 2  # per two sessions of a group on consecutive days
    teacher_days: int = 1  # per day a teacher teaches
    teacher_gaps: int = 1  # per idle grid slot between a teacher's sessions of one day
    venue_size: int = 1  # per 10 empty seats (capacity minus group max size) per session
    moved: int = 20  # per previous session whose time changed
    venue_changed: int = 5  # per previous session kept in time but moved to another venue
    overflow: int = 1  # per person beyond a venue's seats, per session (groups allowed to overflow)
    min_days: int = 5  # per day fewer than a group's min_days
    isolated: int = 2  # per session of a cohort with no session of the cohort right before or after it
    apart: int = 1  # per pair of groups of a soft Apart with sessions closer than its days

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            _check(isinstance(value, int) and value >= 0, f"weight {name}={value!r} must be a whole number ≥ 0")


@dataclass(frozen=True)
class Problem:
    slots: tuple[Slot, ...]
    communities: tuple[Community, ...]
    venues: tuple[Venue, ...]
    teachers: tuple[Teacher, ...]
    groups: tuple[Group, ...]
    residents: tuple[Resident, ...] = ()
    weights: Weights = field(default_factory=Weights)
    travel_minutes: int = 30  # between two different communities, unless ``travel`` says otherwise
    travel: tuple[Travel, ...] = ()
    name: str = ""
    cohorts: tuple[Cohort, ...] = ()  # groups that must never overlap
    apart: tuple[Apart, ...] = ()  # groups whose sessions should (or must) be days apart
    together: tuple[tuple[str, ...], ...] = ()  # groups whose sessions start at the same times (hard)

    def __post_init__(self) -> None:
        validate(self)

    # Look-ups -----------------------------------------------------------------------------------------
    @cached_property
    def slot_index(self) -> dict[Slot, int]:
        return {s: i for i, s in enumerate(self.slots)}

    @cached_property
    def community(self) -> dict[str, Community]:
        return {c.id: c for c in self.communities}

    @cached_property
    def venue(self) -> dict[str, Venue]:
        return {v.id: v for v in self.venues}

    @cached_property
    def teacher(self) -> dict[str, Teacher]:
        return {t.id: t for t in self.teachers}

    @cached_property
    def group(self) -> dict[str, Group]:
        return {g.id: g for g in self.groups}

    @cached_property
    def cohort(self) -> dict[str, Cohort]:
        return {c.id: c for c in self.cohorts}

    @cached_property
    def travel_between(self) -> dict[tuple[str, str], int]:
        table = {(t.a, t.b): t.minutes for t in self.travel}
        table.update({(t.b, t.a): t.minutes for t in self.travel})
        return table

    def travel_time(self, a: str, b: str) -> int:
        """Minutes a teacher needs to get from community ``a`` to community ``b`` (0 inside one)."""
        if a == b:
            return 0
        return self.travel_between.get((a, b), self.travel_minutes)

    @property
    def session_count(self) -> int:
        return sum(g.sessions for g in self.groups)

    def fits(self, group: Group, slot: Slot) -> bool:
        """May a session of ``group`` start at ``slot`` (grid length allows it)?"""
        return group.length <= slot.length
