"""Groups of one cohort never overlap: the same people attend all of them (hard).

When the cohort's sessions exactly fill the grid points its groups can reach (a school class with a full
week), every such point is covered by exactly one session: stating it lets the solver propagate far sooner.
"""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Problem
from scheduler.reason import COHORT, GROUP, Reason

HARD = True
TOO_FEW_SLOTS = "cohort_clash.too_few_slots"  # the cohort's sessions need more start times than its groups have


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the groups of the cohort never overlap."""
    return Reason("cohort_clash", {COHORT: (entity,), GROUP: problem.cohort[entity].groups})


def too_few_slots(problem: Problem, cohort_id: str, need: int, slots: int) -> Reason:
    ids = {COHORT: (cohort_id,), GROUP: problem.cohort[cohort_id].groups}
    return Reason(TOO_FEW_SLOTS, ids, {"need": need, "slots": slots})


def add(b: Build) -> Penalty:
    for c in b.problem.cohorts:
        points = sorted({p for g in c.groups for p in b.vars.points(g)})
        full = _fills(b, c.groups, len(points))
        for p in points:
            lits = [lit for g in c.groups for lit in b.vars.covering(g, p)]
            if full:
                b.hard(b.model.add_exactly_one(lits), "cohort_clash", c.id)
            elif len(lits) > 1:
                b.hard(b.model.add_at_most_one(lits), "cohort_clash", c.id)
    return 0


def _fills(b: Build, groups: tuple[str, ...], points: int) -> bool:
    """True when the groups' sessions cover exactly ``points`` grid points wherever they are placed."""
    need = 0
    for g in groups:
        group = b.problem.group[g]
        sizes = {len(b.vars.covers(t, group.length)) for t in b.vars.slots(g)}
        if len(sizes) != 1:
            return False
        need += group.sessions * sizes.pop()
    return need == points
