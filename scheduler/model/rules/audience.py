"""A session should fall inside its group's preferred times, by default its audience's usual times (soft)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import covered

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.audience
    terms = []
    for g in b.problem.groups:
        if not g.preferred or not w or not b.counts_group(g.id):
            continue
        for t, lit in b.vars.meetings(g.id):
            s = b.problem.slots[t]
            if not covered(g.preferred, s.weekday, s.start, s.start + g.length):
                terms.append(lit)
    return w * sum(terms)
