"""A quick lower bound on the objective: coverage with every limit between groups relaxed.

Each group alone takes the weekly pattern that fits most of its interested residents; no timetable can make
more interests attendable, so the coverage penalty cannot be lower, and every other term is ≥ 0. CP-SAT
usually proves more; on a short solve this keeps the reported bound honest and useful.
"""

from __future__ import annotations

from itertools import combinations, product

from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand
from scheduler.problem import Problem

MAX_PATTERNS = 20000


def coverage_bound(problem: Problem, cands: Candidates, demand: Demand) -> int:
    by_group: dict[str, dict[int, int]] = {}
    for i in demand.interests:
        masks = by_group.setdefault(i.group, {})
        mask = sum(1 << t for t in i.blocked)
        masks[mask] = masks.get(mask, 0) + i.count
    return problem.weights.coverage * (demand.hopeless + missed_at_best(problem, cands, by_group))


def missed_at_best(problem: Problem, cands: Candidates, by_group: dict[str, dict[int, int]]) -> int:
    """Interests missed when every group takes its best pattern alone; ``by_group``: group → blocked-slot mask
    → residents (an interest no pattern fits is missed here too)."""
    return sum(sum(masks.values()) - _best_fit(problem, cands, gid, masks) for gid, masks in by_group.items())


def _best_fit(problem: Problem, cands: Candidates, gid: str, masks: dict[int, int]) -> int:
    g = problem.group[gid]
    if not g.one_per_day:
        return sum(masks.values())  # no pattern structure assumed: every interest may fit
    by_day: dict[int, list[int]] = {}
    for t in cands.of[gid].slots:
        by_day.setdefault(problem.slots[t].weekday, []).append(t)
    best, seen = 0, 0
    for days in combinations(sorted(by_day), g.sessions):
        for pattern in product(*(by_day[d] for d in days)):
            seen += 1
            if seen > MAX_PATTERNS:
                return sum(masks.values())  # too many to try: assume every interest fits
            m = sum(1 << t for t in pattern)
            best = max(best, sum(n for blocked, n in masks.items() if not blocked & m))
    return best
