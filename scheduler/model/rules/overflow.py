"""A group allowed to overflow may meet in a venue short of seats: each missing seat costs, per session (soft)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.overflow
    if not w:
        return 0
    terms = []
    for g in b.problem.groups:
        if not g.overflow or not b.counts_group(g.id):
            continue  # the hard capacity rule applies to it instead
        for _, v, lit in b.vars.placements(g.id):
            short = g.max_size - b.problem.venue[v].capacity
            if short > 0:
                terms.append(short * lit)
    return w * sum(terms)
