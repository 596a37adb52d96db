"""Demand coverage with teacher and venue limits relaxed: how many interests any timetable can make attendable.

The relaxed model is the normal model (``model.build``) without the rules named in ``RELAXED``, with coverage
as its only objective; every other hard rule and the residents' clash logic stay, and groups of one teacher
may overlap (so their shared residents can lose them). Any real timetable is a relaxed one with the same
coverage, so any proven bound of the relaxed optimum bounds every timetable's coverage: the smallest of each
group alone (``bounds.py``), CP-SAT's proven bound after ``time_limit`` and the LP relaxation of the relaxed
model with its clique cuts (``lp_bound.py``; much stronger than CP-SAT's own LP in the same time). The best
relaxed timetable CP-SAT finds shows how close the bound is to what the relaxation can reach.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.bounds import coverage_bound
from scheduler.candidates import Candidates
from scheduler.demand import aggregate
from scheduler.lp_bound import lp_bound
from scheduler.model import _solver, add_hint, build, read_assignments
from scheduler.problem import Problem
from scheduler.rules import HARD_RULES
from scheduler.solution import Assignment
from scheduler.verify_soft import penalties

RELAXED = ("teacher_load", "teacher_conflict", "travel", "venue_conflict")


@dataclass(frozen=True)
class RelaxedCoverage:
    """Attendable interests: ``bound`` proven for every timetable, ``found`` by the best relaxed timetable."""

    bound: int  # the smallest of the three below
    found: int | None  # None: out of time before any relaxed timetable (and no hint)
    total: int
    optimal: bool
    per_group: int  # each group's best pattern alone
    cp_sat: int | None  # CP-SAT's proven bound
    lp: int | None  # the LP relaxation's (None: not solved in the time)
    timetable: tuple[Assignment, ...]  # the best relaxed timetable (may break the relaxed teacher/venue rules)


def relaxed_coverage(
    problem: Problem,
    cands: Candidates | None = None,
    *,
    time_limit: float = 20.0,
    workers: int = 2,
    seed: int = 0,
    hint: tuple[Assignment, ...] | None = None,
) -> RelaxedCoverage:
    """Solve the relaxation for at most ``time_limit`` seconds; ``hint``: a timetable to start from."""
    if not problem.weights.coverage:  # the relaxation's objective is coverage alone, whatever its weight
        problem = replace(problem, weights=replace(problem.weights, coverage=1))
    cands = cands or Candidates(problem)
    demand = aggregate(problem, cands, teachers_apart=False)
    rules = [name for name in HARD_RULES if name not in RELAXED] + ["coverage"]
    m = build(problem, cands, demand, rules=rules, cuts=True)
    lp = lp_bound(m.build.model, time_limit=max(10.0, 3 * time_limit))
    if hint:
        add_hint(m, hint)
    solver = _solver(time_limit, workers, seed, reproducible=False, log=False)
    status = solver.solve(m.build.model)
    if status in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
        raise RuntimeError(f"the coverage relaxation is {solver.status_name(status)}: so is the problem")
    w = problem.weights.coverage

    def attendable(missed_bound: float | None) -> int | None:
        if missed_bound is None or not math.isfinite(missed_bound):
            return None
        return demand.total - math.ceil(missed_bound / w - 1e-6)

    per_group = demand.total - coverage_bound(problem, cands, demand) // w
    cp_sat, lp_attendable = attendable(solver.best_objective_bound), attendable(lp)
    bound = min(b for b in (per_group, cp_sat, lp_attendable) if b is not None)
    timetable = read_assignments(m, solver) if status != cp_model.UNKNOWN else tuple(hint or ())
    found = penalties(problem, list(timetable))[1] if timetable else None
    optimal = status == cp_model.OPTIMAL
    return RelaxedCoverage(bound, found, demand.total, optimal, per_group, cp_sat, lp_attendable, timetable)
