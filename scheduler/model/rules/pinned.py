"""Pinned sessions stay where they are (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True


def add(b: Build) -> Penalty:
    for g in b.problem.groups:
        for pin in g.pinned:
            t = b.problem.slot_index[pin.slot]
            lit = b.vars.meets(g.id, t) if pin.venue is None else b.vars.place(g.id, t, pin.venue)
            if lit is None:
                b.hard(
                    b.model.add_bool_or([]), "pinned", g.id
                )  # the pin is not a candidate: infeasible, explain.py says why
            else:
                b.hard(b.model.add(lit == 1), "pinned", g.id)
    return 0
