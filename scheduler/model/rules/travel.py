"""A teacher who moves between communities has the travel time between consecutive sessions (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Problem
from scheduler.reason import TEACHER, Reason

HARD = True


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the teacher has time to travel between communities."""
    return Reason("travel", {TEACHER: (entity,)})


def add(b: Build) -> Penalty:
    for tid, groups in b.teachers_groups().items():
        if len(groups) < 2:
            continue
        spots = [spot for g in groups for spot in _spots(b, g)]
        if len({c for _, _, c, _, _ in spots}) < 2:
            continue  # always in one community: the overlap rule is enough
        slots = b.problem.slots
        for i, (g1, t1, c1, len1, x1) in enumerate(spots):
            s1 = slots[t1]
            for g2, t2, c2, _, x2 in spots[i + 1 :]:
                s2 = slots[t2]
                if g1 == g2 or c1 == c2 or s1.weekday != s2.weekday:
                    continue
                first, second, length = (s1, s2, len1) if s1.start <= s2.start else (s2, s1, _len(b, g2))
                if second.start < first.start + length + b.problem.travel_time(c1, c2):
                    b.hard(b.model.add(x1 + x2 <= 1), "travel", tid)
    return 0


def _len(b: Build, g: str) -> int:
    return b.problem.group[g].length


def _spots(b: Build, g: str) -> list[tuple[str, int, str, int, object]]:
    """(group, slot, community, length, 'meets there in that community') for each candidate slot."""
    venue = b.problem.venue
    out = []
    for t in b.vars.slots(g):
        by_community: dict[str, list] = {}
        for v in b.vars.venues(g, t):
            by_community.setdefault(venue[v].community, []).append(b.vars.place(g, t, v))
        for c, lits in by_community.items():
            expr = b.vars.meets(g, t) if len(by_community) == 1 else sum(lits)
            out.append((g, t, c, _len(b, g), expr))
    return out
