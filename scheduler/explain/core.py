"""The CP-SAT part of the explanation: an infeasible core of named hard constraints, in words."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.model.build import build
from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand
from scheduler.problem import Problem


def _phrase(problem: Problem, rule: str, entity: str) -> str:
    if rule in ("placement", "different_days", "pinned"):
        g = problem.group[entity]
        return {
            "placement": f"{g.name} meets {g.sessions} time(s) a week",
            "different_days": f"the sessions of {g.name} fall on different days",
            "pinned": f"{g.name} keeps its pinned sessions",
        }[rule]
    if rule in ("teacher_conflict", "teacher_load", "travel"):
        t = problem.teacher[entity]
        return {
            "teacher_conflict": f"teacher {t.name} is in one place at a time",
            "teacher_load": f"teacher {t.name} teaches at most {t.max_sessions} sessions",
            "travel": f"teacher {t.name} has time to travel between communities",
        }[rule]
    if rule == "cohort_clash":
        c = problem.cohort[entity]
        return f"the groups of cohort {c.name} never overlap"
    if rule == "cohort_gaps":
        c = problem.cohort[entity]
        return f"cohort {c.name} has at most {c.max_gaps} idle slot(s) a week"
    if rule == "day_cap":
        a = next(x for x in problem.apart if x.id == entity)
        names = ", ".join(problem.group[g].name for g in a.groups)
        return f"{names} meet at most {a.per_day} time(s) a day"
    if rule == "apart":
        a = next(x for x in problem.apart if x.id == entity)
        names = ", ".join(problem.group[g].name for g in a.groups)
        return f"{names} meet at least {a.days} day(s) apart"
    if rule == "same_start":
        return f"the groups set together with {problem.group[entity].name} start at the same times"
    return f"venue {problem.venue[entity].name} hosts one session at a time"


def _infeasible(model: cp_model.CpModel, assumptions: list[cp_model.IntVar], seconds: float) -> tuple[int, list]:
    model.clear_assumptions()
    model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    core = solver.sufficient_assumptions_for_infeasibility() if status == cp_model.INFEASIBLE else []
    return status, core


def core_sentences(problem: Problem, cands: Candidates, time_limit: float) -> tuple[str, ...]:
    deadline = time.perf_counter() + time_limit
    m = build(problem, cands, Demand((), 0, 0, {}), guarded=True)
    model = m.build.model
    model.clear_objective()
    names = {lit.index: key for key, lit in m.build.guards.items()}
    lits = {key: lit for key, lit in m.build.guards.items()}
    status, core = _infeasible(model, list(lits.values()), deadline - time.perf_counter())
    if status != cp_model.INFEASIBLE:
        return (
            "No timetable was found in the time allowed, and no single cause was isolated: "
            "try fewer pinned sessions, more teacher availability or more venue opening hours.",
        )
    keys = [names[i] for i in core]
    keys = _shrink(model, lits, keys, deadline)
    parts = [_phrase(problem, rule, entity) for rule, entity in sorted(keys)]
    return ("These cannot all hold at once: " + "; ".join(parts) + ".",)


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
