"""A cohort with a gap limit has at most that many idle grid slots between its sessions in a week (hard).

An idle slot lies between two sessions of the cohort on one day and no session of it covers it; slots
blocked for every group of the cohort (breaks, times its members are away) are not gaps.
"""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.model.rules.teacher_gaps import _idle
from scheduler.problem import Problem
from scheduler.reason import COHORT, GROUP, Reason

HARD = True


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the cohort has at most its idle slots a week."""
    c = problem.cohort[entity]
    return Reason("cohort_gaps", {COHORT: (entity,), GROUP: c.groups}, {"max_gaps": c.max_gaps or 0})


def add(b: Build) -> Penalty:
    for c in b.problem.cohorts:
        if c.max_gaps is None:
            continue
        index = {(s.weekday, s.start): i for i, s in enumerate(b.problem.slots)}
        idle = []
        for day, starts in c.idle_points(b.problem).items():
            points = [index[(day, start)] for start in starts]
            busy = [sum(lit for g in c.groups for lit in b.vars.covering(g, p)) for p in points]
            idle.extend(_idle(b, busy))
        if len(idle) > c.max_gaps:
            b.hard(b.model.add(sum(idle) <= c.max_gaps), "cohort_gaps", c.id)
    return 0
