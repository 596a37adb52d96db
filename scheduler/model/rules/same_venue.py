"""All sessions of a group should be in the same venue: each extra venue costs (soft)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.same_venue
    if not w:
        return 0
    terms = []
    for g in b.problem.groups:
        venues = b.cands.of[g.id].venues
        if g.sessions < 2 or len(venues) < 2 or not b.counts_group(g.id):
            continue
        uses = [b.vars.uses(g.id, v) for v in venues]
        b.model.add(sum(uses) >= 1)
        terms.append(sum(uses) - 1)
    return w * sum(terms)
