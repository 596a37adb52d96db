"""A school as placing sees it: units (a same-starting-time set moves as one), their slots, and who each keeps busy.

Shared by the construction (``eviction``) and its endgame (``endgame``): a timetable in the making is a ``Where``,
each placed unit's slot and its groups' venues.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from scheduler.model.candidates import Candidates
from scheduler.problem import Apart, Problem
from scheduler.solution import Assignment

TEACHER, COHORT = "t:", "c:"  # the keys a group keeps busy begin so: its teacher's, its classes' (cohorts')

Where = dict[int, tuple[int, dict[str, str]]]  # unit → slot index and each group's venue


@dataclass(frozen=True)
class Board:
    """The units, their common slots, each group's keys, and the min-days sets placing keeps, by group: the hard
    ones, those with a per-day cap, and the soft ones (whose closeness the construction weighs)."""

    problem: Problem
    cands: Candidates
    units: list[tuple[str, ...]]
    slots: list[list[int]]
    keys: dict[str, list[str]]
    aparts: dict[str, list[Apart]]
    points: dict[str, dict[int, tuple[int, ...]]]  # group → candidate slot → grid points its session covers

    @cached_property
    def unit_of(self) -> dict[str, int]:
        return {g: u for u, gs in enumerate(self.units) for g in gs}

    @cached_property
    def by_key(self) -> dict[str, list[int]]:
        """Key (teacher, class) → the units keeping it busy, placed or not."""
        out: dict[str, list[int]] = defaultdict(list)
        for u, unit in enumerate(self.units):
            for k in {k for g in unit for k in self.keys[g]}:
                out[k].append(u)
        return out


def board(problem: Problem, cands: Candidates) -> Board:
    together = {g for t in problem.together for g in t}
    units: list[tuple[str, ...]] = [tuple(t) for t in problem.together]
    units += [(g.id,) for g in problem.groups if g.id not in together]
    keys: dict[str, list[str]] = defaultdict(list)
    for g in problem.groups:
        keys[g.id].append(TEACHER + g.teacher)
    for c in problem.cohorts:
        for g in c.groups:
            keys[g].append(COHORT + c.id)
    aparts: dict[str, list[Apart]] = defaultdict(list)
    for a in problem.apart:
        if a.hard or a.per_day or a.days:
            for g in a.groups:
                aparts[g].append(a)
    slots = [sorted(set.intersection(*(set(cands.of[g].venues_at) for g in u))) for u in units]
    points = {g.id: {t: cands.covers(t, g.length) for t in cands.of[g.id].venues_at} for g in problem.groups}
    return Board(problem, cands, units, slots, keys, aparts, points)


def timetable(board: Board, where: Where) -> tuple[Assignment, ...]:
    """The placed units' sessions."""
    slots, group = board.problem.slots, board.problem.group
    return tuple(
        Assignment(g, 0, slots[t], venues[g], group[g].teacher)
        for k, (t, venues) in where.items()
        for g in board.units[k]
    )


def where_of(board: Board, assignments: tuple[Assignment, ...]) -> Where:
    """The placed units of a timetable (each group once, a same-starting-time set's groups at one slot)."""
    index = board.problem.slot_index
    where: Where = {}
    for a in assignments:
        where.setdefault(board.unit_of[a.group], (index[a.slot], {}))[1][a.group] = a.venue
    return where
