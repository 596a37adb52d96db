"""Each (resident, group) interest of a timetable, attendable or why not: the verifier's own coverage count.

An interest is attendable when every session of the group lies inside the resident's free windows and no
session of the resident's other groups overlaps it. ``verify_soft`` counts coverage from these outcomes, so
a page that shows them and ``bench.solve`` can never disagree. Never imports the model.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scheduler.problem import Problem, covered
from scheduler.solution import Assignment

ATTENDABLE = ""
NOT_SCHEDULED = "not_scheduled"  # the group has no session in the timetable
OUTSIDE_FREE_TIME = "outside_free_time"  # a session lies outside the resident's free windows
CLASH = "clash"  # a session overlaps one of the resident's other groups


@dataclass(frozen=True)
class Outcome:
    resident: str
    group: str
    reason: str  # ATTENDABLE, NOT_SCHEDULED, OUTSIDE_FREE_TIME or CLASH
    clashes: tuple[str, ...] = ()  # with CLASH: the resident's other groups meeting at the same time

    @property
    def attendable(self) -> bool:
        return self.reason == ATTENDABLE


def _end(problem: Problem, a: Assignment) -> int:
    return a.slot.start + problem.group[a.group].length


def _overlap(problem: Problem, a: Assignment, b: Assignment) -> bool:
    same_day = a.slot.weekday == b.slot.weekday
    return same_day and a.slot.start < _end(problem, b) and b.slot.start < _end(problem, a)


def outcomes(problem: Problem, by_group: dict[str, Sequence[Assignment]]) -> Iterator[Outcome]:
    """Every interest of every resident, in resident then interest order, with its outcome."""
    overlaps: dict[tuple[str, str], bool] = {}
    for r in problem.residents:
        mine = r.interests
        for g in mine:
            sessions = by_group.get(g, ())
            if not sessions:
                yield Outcome(r.id, g, NOT_SCHEDULED)
                continue
            if not all(covered(r.free, a.slot.weekday, a.slot.start, _end(problem, a)) for a in sessions):
                yield Outcome(r.id, g, OUTSIDE_FREE_TIME)
                continue
            clashes = []
            for h in mine:
                if h == g:
                    continue
                key = (g, h) if g < h else (h, g)
                if key not in overlaps:
                    other = by_group.get(h, ())
                    overlaps[key] = any(_overlap(problem, a, b) for a in sessions for b in other)
                if overlaps[key]:
                    clashes.append(h)
            yield Outcome(r.id, g, CLASH, tuple(clashes)) if clashes else Outcome(r.id, g, ATTENDABLE)
