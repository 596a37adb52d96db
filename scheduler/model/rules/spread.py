"""Sessions of a group should be spread over the week: two on consecutive days cost (soft)."""

from __future__ import annotations

from scheduler.model.rules._days import day_used
from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.spread
    if not w:
        return 0
    terms = []
    days = sorted(b.cands.day_points)
    for g in b.problem.groups:
        if g.sessions < 2 or not b.counts_group(g.id):
            continue
        for d in days:
            if d + 1 not in b.cands.day_points:
                continue
            today, tomorrow = day_used(b, g.id, d), day_used(b, g.id, d + 1)
            if not isinstance(today, int) and not isinstance(tomorrow, int):
                both = b.new_bool(f"adjacent[{g.id},{d}]")
                b.model.add(today + tomorrow <= 1 + both)
                terms.append(both)
    return w * sum(terms)
