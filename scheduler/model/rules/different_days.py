"""Two sessions of one group fall on different days, unless the group allows several a day (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True


def add(b: Build) -> Penalty:
    for g in b.problem.groups:
        if g.sessions < 2 or not g.one_per_day:
            continue
        for day in b.cands.day_points:
            lits = b.vars.on_day(g.id, day)
            if len(lits) > 1:
                b.hard(b.model.add_at_most_one(lits), "different_days", g.id)
    return 0
