"""Two sessions of one group fall on different days, unless the group allows several a day (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Problem
from scheduler.reason import GROUP, TEACHER, Reason

HARD = True
TOO_FEW_DAYS = "different_days.too_few_days"  # its teacher and a venue are free together on too few days


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the group's sessions fall on different days."""
    return Reason("different_days", {GROUP: (entity,)}, {"sessions": problem.group[entity].sessions})


def too_few_days(problem: Problem, group_id: str, days: int) -> Reason:
    g = problem.group[group_id]
    return Reason(TOO_FEW_DAYS, {GROUP: (g.id,), TEACHER: (g.teacher,)}, {"sessions": g.sessions, "days": days})


def add(b: Build) -> Penalty:
    for g in b.problem.groups:
        if g.sessions < 2 or not g.one_per_day:
            continue
        for day in b.cands.day_points:
            lits = b.vars.on_day(g.id, day)
            if len(lits) > 1:
                b.hard(b.model.add_at_most_one(lits), "different_days", g.id)
    return 0
