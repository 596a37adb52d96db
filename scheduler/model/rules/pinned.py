"""Pinned sessions stay where they are (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Placement, Problem
from scheduler.reason import GROUP, TEACHER, VENUE, Reason

HARD = True
TEACHER_AWAY = "pinned.teacher_away"  # pinned to a time its teacher is not available
CLOSED = "pinned.closed"  # pinned to a time no venue it may use is open
UNSUITABLE = "pinned.unsuitable"  # pinned to a venue that does not suit it or is closed then


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the group keeps its pinned sessions."""
    return Reason("pinned", {GROUP: (entity,)}, {"pins": len(problem.group[entity].pinned)})


def broken(problem: Problem, group_id: str, pin: Placement, code: str) -> Reason:
    """A pin that cannot be kept, with the pinned weekday and start (and venue)."""
    g = problem.group[group_id]
    ids = {GROUP: (g.id,), TEACHER: (g.teacher,) if code == TEACHER_AWAY else ()}
    if code == UNSUITABLE and pin.venue is not None:
        ids[VENUE] = (pin.venue,)
    return Reason(code, ids, {"weekday": pin.slot.weekday, "start": pin.slot.start})


def add(b: Build) -> Penalty:
    for g in b.problem.groups:
        for pin in g.pinned:
            t = b.problem.slot_index[pin.slot]
            lit = b.vars.meets(g.id, t) if pin.venue is None else b.vars.place(g.id, t, pin.venue)
            if lit is None:
                b.hard(
                    b.model.add_bool_or([]), "pinned", g.id
                )  # the pin is not a candidate: infeasible, explain/ says why
            else:
                b.hard(b.model.add(lit == 1), "pinned", g.id)
    return 0
