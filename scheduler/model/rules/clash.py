"""Two groups that share members should not overlap: a clash costs per shared member (soft)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.clash
    if not w:
        return 0
    terms = []
    for (g, h), shared in sorted(b.demand.shared.items()):
        lit = b.vars.clash(g, h)
        if not isinstance(lit, int):
            terms.append(shared * lit)
    return w * sum(terms)
