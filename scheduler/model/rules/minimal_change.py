"""A re-solve should keep the previous timetable: every moved session costs, a changed venue less (soft)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    moved, changed = b.problem.weights.moved, b.problem.weights.venue_changed
    terms = []
    for g in b.problem.groups:
        if not b.counts_group(g.id):
            continue
        for before in g.previous:
            t = b.problem.slot_index[before.slot]
            meets = b.vars.meets(g.id, t)
            if meets is None:
                terms.append(moved)
                continue
            place = b.vars.place(g.id, t, before.venue) if before.venue else meets
            terms.append(moved * (1 - meets) + changed * (meets - (0 if place is None else place)))
    return sum(terms)
