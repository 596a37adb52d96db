"""Which groups a partial solve leaves out before searching: those the pre-checks prove impossible.

Alone first (no venue suits the group, its teacher and venues are never free together, a pin that cannot be
kept, too few days), then together on what is left (a teacher's sessions beyond their maximum or their free
slots, an apart set's days, a cohort's slots), then venue shortages by matching. Each check sees the problem
without the groups already left out, so a group is left out once, for the first reason found.
"""

from __future__ import annotations

from dataclasses import replace

from scheduler.explain.matching import venue_shortages
from scheduler.explain.prechecks import ALONE, TOGETHER
from scheduler.model.candidates import Candidates
from scheduler.problem import Problem
from scheduler.problem.subset import without
from scheduler.reason import GROUP, LeftOut

MATCHING_ROUNDS = 20  # venue shortages found one Hall set at a time; more than this is left to the core


def impossible(problem: Problem, cands: Candidates | None = None) -> tuple[LeftOut, ...]:
    """The groups proven impossible by counting and matching, each with its reason (empty: none is)."""
    cands = cands or Candidates(problem)  # a group's candidates do not depend on the other groups: reused
    light = problem  # the checks never read residents: the subsets are built without them
    out: list[LeftOut] = []
    for check in (*ALONE, *TOGETHER, *(venue_shortages,) * MATCHING_ROUNDS):
        found = check(light, cands)
        if not found:
            if check is venue_shortages:
                break
            continue
        dropped = {g for x in out for g in x.groups}
        for reason in found:
            groups = tuple(g for g in reason.named(GROUP) if g not in dropped)
            if groups:
                out.append(LeftOut(groups, reason))
                dropped.update(groups)
        if light is problem:
            light = replace(problem, residents=())
        light = without(light, dropped)
    return tuple(out)
