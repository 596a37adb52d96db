"""Every session of every group is placed exactly once, at a candidate slot and venue (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True


def add(b: Build) -> Penalty:
    for g in b.problem.groups:
        lits = [lit for _, lit in b.vars.meetings(g.id)]
        if len(lits) < g.sessions:
            b.hard(
                b.model.add_bool_or([]), "placement", g.id
            )  # not enough candidate slots: infeasible, explain.py says why
        else:
            b.hard(b.model.add(sum(lits) == g.sessions), "placement", g.id)
    return 0
