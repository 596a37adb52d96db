"""The solver's answer: one assignment per session, the status, objective, bound, gap and timings; and
``Progress``, what a solve reports while it searches."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from scheduler.problem import Slot
from scheduler.reason import LeftOut, Reason


class Status(StrEnum):
    OPTIMAL = "optimal"  # proven best under the objective
    FEASIBLE = "feasible"  # a valid timetable, not proven best (time limit)
    INFEASIBLE = "infeasible"  # proven impossible; see ``Solution.explanation`` (reasons)
    UNKNOWN = "unknown"  # no timetable found and nothing proven within the time limit
    STOPPED = "stopped"  # the caller stopped the solve; the best timetable so far is kept

    @property
    def has_timetable(self) -> bool:
        return self in (Status.OPTIMAL, Status.FEASIBLE, Status.STOPPED)


@dataclass(frozen=True, order=True)
class Session:
    """Session ``index`` (0-based, numbered by weekday) of group ``group``."""

    group: str
    index: int


@dataclass(frozen=True)
class Assignment:
    """When, where and by whom one session takes place."""

    group: str
    index: int
    slot: Slot
    venue: str
    teacher: str

    @property
    def session(self) -> Session:
        return Session(self.group, self.index)


@dataclass(frozen=True)
class Timings:
    """Seconds of wall time: building the model, until the first timetable, in total, and in CP-SAT's search."""

    build: float = 0.0
    first_solution: float | None = None
    total: float = 0.0
    search: float = 0.0


@dataclass(frozen=True)
class Solution:
    status: Status
    assignments: tuple[Assignment, ...] = ()
    objective: int | None = None
    bound: float | None = None
    penalties: Mapping[str, int] = field(default_factory=dict)  # rule name → weighted penalty
    timings: Timings = field(default_factory=Timings)
    explanation: tuple[Reason, ...] = ()  # what makes the problem infeasible (or why nothing was found in time)
    variables: int = 0  # decision variables in the model(s)
    seed: int | None = None
    workers: int | None = None
    left_out: tuple[LeftOut, ...] = ()  # a partial solve: groups proven impossible, unscheduled, and why
    bound_method: str = ""  # "": the solve proved its bound; else the method of the known bound it reported instead

    def __post_init__(self) -> None:
        object.__setattr__(self, "penalties", MappingProxyType(dict(self.penalties)))
        object.__setattr__(self, "assignments", tuple(sorted(self.assignments, key=lambda a: a.session)))

    @property
    def gap(self) -> float | None:
        """Relative gap between the objective and the proven bound: 0 means proven optimal."""
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, self.objective - self.bound) / max(1, abs(self.objective))

    @property
    def unplaced(self) -> frozenset[str]:
        """The groups a partial solve left out (``verify(…, unplaced=solution.unplaced)``)."""
        return frozenset(g for x in self.left_out for g in x.groups)

    def by_session(self) -> dict[Session, Assignment]:
        return {a.session: a for a in self.assignments}

    def of_group(self, group: str) -> tuple[Assignment, ...]:
        return tuple(a for a in self.assignments if a.group == group)


@dataclass(frozen=True)
class Progress:
    """One improving timetable: its objective, the best proven bound, and seconds since the start."""

    objective: int
    bound: float
    elapsed: float
    placed: int | None = None  # sessions in that timetable when a partial solve left groups out (None: all)


ProgressCallback = Callable[[Progress], None]
