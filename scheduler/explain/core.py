"""The CP-SAT part of the explanation: an infeasible core of named hard constraints, as one reason."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.model.build import build
from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand
from scheduler.model.rules.registry import reason
from scheduler.problem import Problem
from scheduler.reason import Reason

CORE = "explain.core"  # these rules cannot all hold at once (one part per rule)
NO_CAUSE = "explain.no_cause"  # no timetable found in time and no single cause isolated


def _infeasible(model: cp_model.CpModel, assumptions: list[cp_model.IntVar], seconds: float) -> tuple[int, list]:
    model.clear_assumptions()
    model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    core = solver.sufficient_assumptions_for_infeasibility() if status == cp_model.INFEASIBLE else []
    return status, core


def core_reason(problem: Problem, cands: Candidates, time_limit: float) -> Reason:
    """A ``CORE`` reason with one part per hard rule in a minimal infeasible core (each rule module says its
    part), or ``NO_CAUSE`` when none is isolated in ``time_limit`` seconds."""
    deadline = time.perf_counter() + time_limit
    m = build(problem, cands, Demand((), 0, 0, {}), guarded=True)
    model = m.build.model
    model.clear_objective()
    names = {lit.index: key for key, lit in m.build.guards.items()}
    lits = {key: lit for key, lit in m.build.guards.items()}
    status, core = _infeasible(model, list(lits.values()), deadline - time.perf_counter())
    if status != cp_model.INFEASIBLE:
        return Reason(NO_CAUSE)
    keys = [names[i] for i in core]
    keys = _shrink(model, lits, keys, deadline)
    return Reason(CORE, parts=tuple(reason(rule, problem, entity) for rule, entity in sorted(keys)))


def _shrink(model: cp_model.CpModel, lits: dict, keys: list, deadline: float) -> list:
    """Deletion: drop each assumption whose removal keeps the rest infeasible (a minimal core)."""
    kept = list(keys)
    for key in list(kept):
        if time.perf_counter() > deadline or len(kept) <= 1:
            break
        trial = [k for k in kept if k != key]
        status, _ = _infeasible(model, [lits[k] for k in trial], min(2.0, deadline - time.perf_counter()))
        if status == cp_model.INFEASIBLE:
            kept = trial
    return kept
