"""Every session of every group is placed exactly once, at a candidate slot and venue (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Group, Problem
from scheduler.reason import COMMUNITY, FACILITY, GROUP, TEACHER, VENUE, Reason

HARD = True
NO_VENUE = "placement.no_venue"  # no venue suits the group: where it may meet, seats, facilities, step-free access
NO_SLOT = "placement.no_slot"  # venues suit it, but none is open while its teacher is free


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the group meets its number of sessions a week."""
    return Reason("placement", {GROUP: (entity,)}, {"sessions": problem.group[entity].sessions})


def no_venue(problem: Problem, g: Group) -> Reason:
    """What the group needs from a venue (seats, step-free access, facilities, where), when no venue has it."""
    where = {VENUE: g.venues} if g.venues else {COMMUNITY: g.allowed_communities}
    ids = {GROUP: (g.id,), FACILITY: tuple(sorted(g.facilities)), **where}
    return Reason(NO_VENUE, ids, {"seats": g.max_size, "step_free": g.step_free})


def no_slot(problem: Problem, g: Group) -> Reason:
    return Reason(NO_SLOT, {GROUP: (g.id,), TEACHER: (g.teacher,)})


def add(b: Build) -> Penalty:
    for g in b.problem.groups:
        lits = [lit for _, lit in b.vars.meetings(g.id)]
        if len(lits) < g.sessions:
            b.hard(
                b.model.add_bool_or([]), "placement", g.id
            )  # not enough candidate slots: infeasible, explain/ says why
        else:
            b.hard(b.model.add(sum(lits) == g.sessions), "placement", g.id)
    return 0
