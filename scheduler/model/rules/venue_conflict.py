"""A venue hosts at most one session at a time (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Problem
from scheduler.reason import GROUP, VENUE, Reason

HARD = True
SHORTAGE = "venue_conflict.shortage"  # groups need more (venue, start time) pairs than their venues have


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the venue hosts one session at a time."""
    return Reason("venue_conflict", {VENUE: (entity,)})


def shortage(groups: tuple[str, ...], venues: tuple[str, ...], need: int, slots: int) -> Reason:
    return Reason(SHORTAGE, {GROUP: groups, VENUE: venues}, {"need": need, "slots": slots})


def add(b: Build) -> Penalty:
    at: dict[tuple[str, int], list] = {}
    for g in b.problem.groups:
        for t, v, lit in b.vars.placements(g.id):
            for p in b.vars.covers(t, g.length):
                at.setdefault((v, p), []).append(lit)
    for (v, _), lits in at.items():
        if len(lits) > 1:
            b.hard(b.model.add_at_most_one(lits), "venue_conflict", v)
    return 0
