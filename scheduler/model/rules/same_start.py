"""Groups set together start their sessions at the same times (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Problem
from scheduler.reason import GROUP, Reason

HARD = True


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the groups set together (named by the first) start at the same times."""
    together = next((t for t in problem.together if t[0] == entity), (entity,))
    return Reason("same_start", {GROUP: together})


def add(b: Build) -> Penalty:
    for together in b.problem.together:
        first, *others = together
        for g in others:
            for t in sorted(set(b.vars.slots(first)) | set(b.vars.slots(g))):
                x, y = b.vars.meets(first, t), b.vars.meets(g, t)
                ct = b.model.add((0 if x is None else x) == (0 if y is None else y))
                b.hard(ct, "same_start", first)
    return 0
