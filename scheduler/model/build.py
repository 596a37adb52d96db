"""Builds the CP-SAT model of a problem from the rules, warm-starts it, and reads a found timetable back."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model.candidates import Candidates
from scheduler.model.cliques import add_clique_cuts
from scheduler.model.demand import Demand, aggregate
from scheduler.model.rules.base import Build, Scope
from scheduler.model.rules.registry import RULES, SOFT_RULES
from scheduler.model.variables import PATTERN_LIMIT, Variables
from scheduler.problem import Problem
from scheduler.solution import Assignment


@dataclass
class Model:
    """A built model: CP-SAT's model, the variables, and each soft rule's objective term."""

    problem: Problem
    build: Build
    terms: dict[str, cp_model.LinearExprT]
    seconds: float

    @property
    def vars(self) -> Variables:
        return self.build.vars


def build(
    problem: Problem,
    cands: Candidates | None = None,
    demand: Demand | None = None,
    *,
    scope: Scope | None = None,
    guarded: bool = False,
    patterns: bool = True,
    rules: Collection[str] | None = None,
    cuts: bool = False,
    deadline: float | None = None,
) -> Model:
    """The model of ``problem``; ``guarded`` puts every hard constraint under a named assumption.

    ``rules``: the names of the rules to add (default: all of ``RULES``); a relaxation leaves some out.
    ``cuts``: add the clique cuts (``cliques.py``) to the overlap literals the rules made. Off by default: they
    raise the LP bound but CP-SAT's own LP does not get that far in a solve's time, and they cost building time.
    ``deadline``: a ``time.perf_counter()`` time; building past it raises ``OutOfTime``.
    """
    start = time.perf_counter()
    cands = cands or Candidates(problem)
    demand = demand or aggregate(problem, cands)
    model = cp_model.CpModel()
    variables = Variables(model, cands, pattern_limit=PATTERN_LIMIT if patterns else 0)
    b = Build(problem, cands, demand, model, variables, scope=scope, guarded=guarded, deadline=deadline)
    added = {name: rule for name, rule in RULES.items() if hasattr(rule, "add")}  # the others are candidate filters
    terms = {}
    for name, rule in added.items():
        if rules is None or name in rules:
            b.on_time()
            terms[name] = rule.add(b)
    if cuts:
        add_clique_cuts(variables)
    soft = {name: terms[name] for name in SOFT_RULES if name in terms}
    model.minimize(sum(soft.values()))
    return Model(problem, b, soft, time.perf_counter() - start)


def add_hint(
    m: Model, assignments: tuple[Assignment, ...] | list[Assignment], seconds: float | None = None
) -> dict[str, int] | None:
    """Warm start from a timetable (greedy's, or the previous one); its penalties when it is a solution.

    A hint that sets only the decisions leaves CP-SAT to guess the derived variables, and it often drops
    the hint; so the derived values are computed first (decisions fixed: a propagation, not a search).
    ``seconds``: at most this much wall time for that (the decisions alone are hinted when it runs out).
    """
    chosen = {(a.group, m.problem.slot_index[a.slot]): a.venue for a in assignments}
    decisions = []
    for g in m.problem.groups:
        for t, lit in m.vars.meetings(g.id):
            decisions.append((lit, int((g.id, t) in chosen)))
        for t, v, lit in m.vars.placements(g.id):
            if len(m.vars.venues(g.id, t)) > 1:
                decisions.append((lit, int(chosen.get((g.id, t)) == v)))
    model = m.build.model
    trial = model.clone()
    for lit, value in decisions:
        trial.add(trial.get_bool_var_from_proto_index(lit.index) == value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 10.0  # load-independent: keeps reproducible mode reproducible
    solver.parameters.max_presolve_iterations = 0  # every decision is fixed: presolving only costs time
    if seconds is not None:
        solver.parameters.max_time_in_seconds = max(0.01, seconds)
    if solver.solve(trial) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = list(solver.response_proto.solution)
        model.clear_hints()
        model.proto.solution_hint.vars.extend(range(len(values)))  # every variable at once: fast
        model.proto.solution_hint.values.extend(values)
        return {name: round(solver.value(term)) for name, term in m.terms.items()}
    for lit, value in decisions:
        model.add_hint(lit, value)
    return None


def read_assignments(m: Model, solver: cp_model.CpSolver) -> tuple[Assignment, ...]:
    out: list[Assignment] = []
    slots = m.problem.slots
    for g in m.problem.groups:
        chosen = [t for t, lit in m.vars.meetings(g.id) if solver.boolean_value(lit)]
        chosen.sort(key=lambda t: (slots[t].weekday, slots[t].start))
        for index, t in enumerate(chosen):
            venue = next(v for v in m.vars.venues(g.id, t) if solver.boolean_value(m.vars.place(g.id, t, v)))
            out.append(Assignment(g.id, index, slots[t], venue, g.teacher))
    return tuple(out)


def polish(m: Model, solver: cp_model.CpSolver) -> dict[str, int]:
    """Each soft rule's exact penalty for the found timetable.

    Derived variables (clash, attendable, idle …) are only bounded from below, so a timetable found before
    the proof may carry one set higher than needed. Fixing the decisions and minimising once more sets them
    exactly; with every decision fixed this is a propagation, not a search.
    """
    model = m.build.model
    for g in m.problem.groups:
        for _, _, lit in m.vars.placements(g.id):
            model.add(lit == int(solver.boolean_value(lit)))
        for _, lit in m.vars.meetings(g.id):
            model.add(lit == int(solver.boolean_value(lit)))
    exact = cp_model.CpSolver()
    exact.parameters.num_workers = 1
    exact.parameters.max_deterministic_time = 60.0
    exact.parameters.max_presolve_iterations = 0  # every decision is fixed: presolving only costs time
    status = exact.solve(model)
    if status != cp_model.OPTIMAL:
        raise RuntimeError(f"polishing a found timetable failed with {exact.status_name(status)}")
    return {name: round(exact.value(term)) for name, term in m.terms.items()}
