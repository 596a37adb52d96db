"""Sessions of a group should be spread over the week: two on consecutive days cost (soft)."""

from __future__ import annotations

from scheduler.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.spread
    if not w:
        return 0
    terms = []
    days = sorted(b.cands.day_points)
    for g in b.problem.groups:
        if g.sessions < 2:
            continue
        for d in days:
            if d + 1 not in b.cands.day_points:
                continue
            today, tomorrow = b.vars.on_day(g.id, d), b.vars.on_day(g.id, d + 1)
            if today and tomorrow:
                both = b.new_bool(f"adjacent[{g.id},{d}]")
                b.model.add(sum(today) + sum(tomorrow) <= 1 + both)
                terms.append(both)
    return w * sum(terms)
