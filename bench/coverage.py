"""Demand coverage references: the coordinator's greedy timetable and an upper bound.

The upper bound lets every group pick its best weekly pattern alone: teacher and venue limits are relaxed
and so are clashes between groups, so no timetable can make more interests attendable.
"""

from __future__ import annotations

from itertools import combinations, product

from scheduler.candidates import Candidates
from scheduler.demand import aggregate
from scheduler.problem import Problem


def upper_bound(problem: Problem, cands: Candidates | None = None) -> tuple[int, int]:
    """(attendable interests in the best case, all interests)."""
    cands = cands or Candidates(problem)
    demand = aggregate(problem, cands)
    by_group: dict[str, list] = {}
    for i in demand.interests:
        by_group.setdefault(i.group, []).append(i)
    best = 0
    for g in problem.groups:
        blocked: dict[int, int] = {}
        for i in by_group.get(g.id, []):
            mask = sum(1 << t for t in i.blocked)
            blocked[mask] = blocked.get(mask, 0) + i.count
        if blocked:
            masks = [sum(1 << t for t in p) for p in _patterns(problem, cands, g)]
            best += max((sum(n for b, n in blocked.items() if not b & m) for m in masks), default=0)
    return best, demand.total


def _patterns(problem: Problem, cands: Candidates, g) -> list[frozenset[int]]:
    by_day: dict[int, list[int]] = {}
    for t in cands.of[g.id].slots:
        by_day.setdefault(problem.slots[t].weekday, []).append(t)
    out = []
    for days in combinations(sorted(by_day), g.sessions):
        out += [frozenset(c) for c in product(*(by_day[d] for d in days))]
    return out
