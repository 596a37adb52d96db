"""A set of groups kept apart has at most its cap of sessions on one day (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Problem
from scheduler.reason import APART, GROUP, Reason

HARD = True


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the set's groups meet at most its cap a day."""
    a = next(x for x in problem.apart if x.id == entity)
    return Reason("day_cap", {APART: (a.id,), GROUP: a.groups}, {"per_day": a.per_day})


def add(b: Build) -> Penalty:
    for a in b.problem.apart:
        if a.hard or not a.per_day:
            continue  # a hard set keeps whole days apart already (apart.py)
        for day in b.cands.day_points:
            lits = [lit for g in a.groups for lit in b.vars.on_day(g, day)]
            if len(lits) > a.per_day:
                b.hard(b.model.add(sum(lits) <= a.per_day), "day_cap", a.id)
    return 0
