"""A venue should be close to its group's size: every 10 empty seats per session cost a point (soft)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = False


def waste(capacity: int, max_size: int) -> int:
    return max(0, capacity - max_size) // 10


def add(b: Build) -> Penalty:
    w = b.problem.weights.venue_size
    if not w:
        return 0
    terms = []
    for g in b.problem.groups:
        if not b.counts_group(g.id):
            continue
        for _, v, lit in b.vars.placements(g.id):
            cost = waste(b.problem.venue[v].capacity, g.max_size)
            if cost:
                terms.append(cost * lit)
    return w * sum(terms)
