"""Groups of one cohort never overlap: the same people attend all of them (hard)."""

from __future__ import annotations

from scheduler.rules.base import Build, Penalty

HARD = True


def add(b: Build) -> Penalty:
    for c in b.problem.cohorts:
        points = sorted({p for g in c.groups for p in b.vars.points(g)})
        for p in points:
            lits = [lit for g in c.groups for lit in b.vars.covering(g, p)]
            if len(lits) > 1:
                b.hard(b.model.add_at_most_one(lits), "cohort_clash", c.id)
    return 0
