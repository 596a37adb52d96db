"""A set of groups kept apart has at most its cap of sessions on one day (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True


def add(b: Build) -> Penalty:
    for a in b.problem.apart:
        if a.hard or not a.per_day:
            continue  # a hard set keeps whole days apart already (apart.py)
        for day in b.cands.day_points:
            lits = [lit for g in a.groups for lit in b.vars.on_day(g, day)]
            if len(lits) > a.per_day:
                b.hard(b.model.add(sum(lits) <= a.per_day), "day_cap", a.id)
    return 0
