"""Builds the CP-SAT model from the rules, solves it, reports progress and returns a ``Solution``.

Reproducible mode (``reproducible=True``): the solve is limited by CP-SAT's deterministic time
(``max_deterministic_time``) instead of the wall clock, and with more than one worker it interleaves the
workers (``interleave_search``), so the same problem, seed and worker count give the same timetable on any
machine load. Stopping a reproducible solve early still returns a valid timetable, but not a reproducible one.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler import best_response, eviction, greedy_patterns
from scheduler.bounds import coverage_bound
from scheduler.candidates import Candidates
from scheduler.cliques import add_clique_cuts
from scheduler.demand import Demand, aggregate
from scheduler.problem import Problem
from scheduler.rules import RULES, SOFT_RULES
from scheduler.rules.base import Build, Scope
from scheduler.side_bound import SideBound
from scheduler.side_bound import wanted as wants_side_bound
from scheduler.solution import Assignment, Solution, Status, Timings
from scheduler.variables import Variables

LOCAL_SHARE = 0.5  # of the time left after building: best responses and kicks before CP-SAT
EVICTION_SHARE = 0.5  # of the time limit: at most this long placing and evicting before CP-SAT searches alone
EVICTION_MAX_SECONDS = 15.0  # a long solve keeps the rest for CP-SAT, which finds what eviction misses at times
LOCAL_MAX_SECONDS = 3.0
REPRODUCIBLE_KICKS = 20


@dataclass(frozen=True)
class Progress:
    """One improving timetable: its objective, the best proven bound, and seconds since the start."""

    objective: int
    bound: float
    elapsed: float


ProgressCallback = Callable[[Progress], None]


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
) -> Model:
    """The model of ``problem``; ``guarded`` puts every hard constraint under a named assumption.

    ``rules``: the names of the rules to add (default: all of ``RULES``); a relaxation leaves some out.
    ``cuts``: add the clique cuts (``cliques.py``) to the overlap literals the rules made. Off by default: they
    raise the LP bound (community: 124,199 → 127,382) but CP-SAT's own LP does not get that far in a solve's time
    (measured at 30 s: bound 122,764 with, 122,866 without, load 5.4), and they cost 0.1–0.4 s of building.
    """
    start = time.perf_counter()
    cands = cands or Candidates(problem)
    demand = demand or aggregate(problem, cands)
    model = cp_model.CpModel()
    variables = Variables(model, cands, pattern_limit=400 if patterns else 0)
    b = Build(problem, cands, demand, model, variables, scope=scope, guarded=guarded)
    terms = {name: rule.add(b) for name, rule in RULES.items() if rules is None or name in rules}
    if cuts:
        add_clique_cuts(variables)
    soft = {name: terms[name] for name in SOFT_RULES if name in terms}
    model.minimize(sum(soft.values()))
    return Model(problem, b, soft, time.perf_counter() - start)


def add_hint(m: Model, assignments: tuple[Assignment, ...] | list[Assignment]) -> dict[str, int] | None:
    """Warm start from a timetable (greedy's, or the previous one); its penalties when it is a solution.

    A hint that sets only the decisions leaves CP-SAT to guess the derived variables, and it often drops
    the hint; so the derived values are computed first (decisions fixed: a propagation, not a search).
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
    if solver.solve(trial) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = list(solver.response_proto.solution)
        model.clear_hints()
        model.proto.solution_hint.vars.extend(range(len(values)))  # every variable at once: fast
        model.proto.solution_hint.values.extend(values)
        return {name: round(solver.value(term)) for name, term in m.terms.items()}
    for lit, value in decisions:
        model.add_hint(lit, value)
    return None


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, start: float, on_progress: ProgressCallback | None, side: SideBound | None = None) -> None:
        super().__init__()
        self.start, self.on_progress, self.first, self.side = start, on_progress, None, side

    def on_solution_callback(self) -> None:
        elapsed = time.perf_counter() - self.start
        if self.first is None:
            self.first = elapsed
        if self.on_progress is not None:
            objective, bound = round(self.objective_value), self.best_objective_bound
            side = None if self.side is None else self.side.value()
            if side is not None:
                bound = min(float(objective), max(bound, side))
            self.on_progress(Progress(objective, bound, elapsed))


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    reproducible: bool = False,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    hint: tuple[Assignment, ...] | None = None,
    warm_start: bool = True,
    demand: Demand | None = None,
    scope: Scope | None = None,
    patterns: bool = True,
    log: bool = False,
    cands: Candidates | None = None,
    cuts: bool = False,
    side_bound: bool | None = None,
) -> Solution:
    """Build and solve one model; ``stop.set()`` from another thread ends the search, keeping the best.

    ``side_bound``: work out the LP bound with clique cuts beside the search (``side_bound.py``); None: when
    the problem is small and the time long enough for it to pay.

    ``time_limit`` bounds the whole call (building, warm start, search, polish), except in ``reproducible``
    mode where it is CP-SAT's deterministic time. Without a ``hint``, a greedy timetable
    (``greedy_patterns.warm_start``), improved by best responses (``best_response.py``) when it stays a
    timetable, warm-starts the search; a school's (cohorts, groups once a week) is placed by evicting
    (``eviction.py``) in at most ``EVICTION_SHARE`` of the limit (and ``EVICTION_MAX_SECONDS``), the greedy's
    when that finds none.
    """
    start = time.perf_counter()
    cands = cands or Candidates(problem)
    demand = demand or aggregate(problem, cands)
    greedy, greedy_at, placed_at = None, None, None
    if hint is None and warm_start and scope is None and _schoolish(problem) and not reproducible:
        stopped = None if stop is None else stop.is_set  # the greedy ignores cohorts: a school's classes clash
        seconds = min(EVICTION_SHARE * time_limit, EVICTION_MAX_SECONDS)
        hint = eviction.construct(problem, cands, seconds, seed, stopped)
        placed_at = None if hint is None else time.perf_counter() - start
    if hint is None and warm_start:  # before building: a timetable in hand as soon as the greedy has one
        greedy = greedy_patterns.warm_start(problem, cands, demand)
        greedy_at = None if greedy.unplaced else time.perf_counter() - start
    m = build(problem, cands, demand, scope=scope, patterns=patterns, cuts=cuts)
    if side_bound is None:
        side_bound = wants_side_bound(problem, time_limit, reproducible)
    side = SideBound(problem, cands, demand, scope, time_limit) if side_bound else None
    hinted = None
    if greedy is not None:
        hint = greedy.assignments
        if scope is None:  # one whole problem: improve the greedy by best responses (a block's terms differ)
            better = best_response.improve(
                problem,
                cands,
                demand,
                hint,
                seed=seed,
                stop=None if stop is None else stop.is_set,
                **_search_share(start, time_limit, reproducible),
            )
            hinted = add_hint(m, better) if better != hint else None
            hint = better if hinted is not None else hint
    if hinted is None and hint:
        m.build.model.clear_hints()  # an improved timetable that broke a rule left its raw hints
        hinted = add_hint(m, hint)
    hint_seconds = time.perf_counter() - start
    if not reproducible:  # the whole call's limit: less what building took, and what polishing will take
        time_limit = max(0.1, time_limit - hint_seconds - 0.15 - 0.3 * m.seconds)
    solver = _solver(time_limit, workers, seed, reproducible, log)
    watcher = _Watcher(start, on_progress, side)
    done = threading.Event()
    if stop is not None:
        threading.Thread(target=_stop_when, args=(stop, done, solver), daemon=True).start()
    searching = time.perf_counter()
    status = solver.solve(m.build.model, watcher)
    searched = time.perf_counter() - searching
    done.set()
    stopped = stop is not None and stop.is_set()
    hinted_at = hint_seconds  # the hint is a timetable, valued exactly
    if greedy_at is not None and _greedy_checks_all(problem):
        hinted_at = greedy_at  # the greedy's complete timetable kept every hard rule (the hint it led to is one)
    hinted_at = hinted_at if placed_at is None else placed_at  # the model took the constructed one as it was
    if status == cp_model.UNKNOWN and hinted is not None:  # out of time before CP-SAT took the hint in
        s = _hint_solution(m, solver, hint, hinted, start, hinted_at, stopped, seed, workers)
    else:
        first = hinted_at if hinted is not None else watcher.first
        s = extract(m, solver, status, start, first, stopped, seed, workers)
    s = replace(s, timings=replace(s.timings, search=searched))
    return _with_coverage_bound(s, problem, cands, demand, None if side is None else side.value())


def _schoolish(problem: Problem) -> bool:
    """Classes as cohorts, each group once a week: placing and evicting finds the first timetable."""
    return bool(problem.cohorts) and eviction.applies(problem)


def _greedy_checks_all(problem: Problem) -> bool:
    """Whether the greedy's calendar and candidates check every hard rule (none across groups but clashes)."""
    return not (problem.cohorts or problem.apart or problem.together)


def _search_share(start: float, time_limit: float, reproducible: bool) -> dict[str, float]:
    """The local search's share of the time: half of what is left, at most ``LOCAL_MAX_SECONDS`` (no progress is
    reported meanwhile); a fixed number of kicks when reproducible."""
    if reproducible:
        return dict(seconds=math.inf, kicks=REPRODUCIBLE_KICKS)
    left = time_limit - (time.perf_counter() - start)
    return dict(seconds=min(LOCAL_MAX_SECONDS, LOCAL_SHARE * left), kicks=10**6)


def _with_coverage_bound(
    s: Solution, problem: Problem, cands: Candidates, demand: Demand, side: int | None = None
) -> Solution:
    """Raise a weak proven bound to the coverage bound or the ``side`` bound (all valid: the largest is kept)."""
    if s.objective is None or s.status is Status.OPTIMAL:
        return s
    bound = min(float(s.objective), max(s.bound or 0.0, coverage_bound(problem, cands, demand), side or 0))
    status = Status.OPTIMAL if bound >= s.objective and s.status is Status.FEASIBLE else s.status
    return replace(s, bound=bound, status=status)


def _hint_solution(m: Model, solver, hint, penalties, start, first, stopped, seed, workers) -> Solution:
    """The warm start itself, valued by the model (decisions fixed, derived variables minimised)."""
    ordered = sorted(hint, key=lambda a: (a.group, a.slot.weekday, a.slot.start))
    out, index = [], {}
    for a in ordered:
        i = index[a.group] = index.get(a.group, -1) + 1
        out.append(Assignment(a.group, i, a.slot, a.venue, m.problem.group[a.group].teacher))
    objective = sum(penalties.values())
    bound = solver.best_objective_bound
    bound = min(float(objective), bound) if math.isfinite(bound) else None
    status = Status.STOPPED if stopped else Status.FEASIBLE
    timings = Timings(m.seconds, first, time.perf_counter() - start)
    return Solution(
        status, tuple(out), objective, bound, penalties, timings, variables=m.vars.count, seed=seed, workers=workers
    )


def _solver(time_limit: float, workers: int, seed: int, reproducible: bool, log: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = max(1, workers)
    p.random_seed = seed
    p.log_search_progress = log
    # CP-SAT's presolve rewrites the pattern constraints into a form whose LP relaxation is much weaker
    # (measured: root bound 44.2k instead of 46.6k on the community preset); one pass keeps them intact.
    p.max_presolve_iterations = 0
    if reproducible:
        p.max_deterministic_time = time_limit
        p.interleave_search = workers > 1
    else:
        p.max_time_in_seconds = time_limit
    return solver


def _stop_when(stop: threading.Event, done: threading.Event, solver: cp_model.CpSolver) -> None:
    while not done.is_set():
        if stop.wait(0.05):
            solver.stop_search()
            return


_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.MODEL_INVALID: Status.UNKNOWN,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


def extract(
    m: Model,
    solver: cp_model.CpSolver,
    status: int,
    start: float,
    first: float | None,
    stopped: bool,
    seed: int,
    workers: int,
) -> Solution:
    """Turn the solver's answer into a ``Solution`` (exact objective: derived variables polished)."""
    result = _STATUS[status]
    if result is Status.FEASIBLE and stopped:
        result = Status.STOPPED
    common = dict(variables=m.vars.count, seed=seed, workers=workers)
    if not result.has_timetable:
        timings = Timings(m.seconds, None, time.perf_counter() - start)
        if result is Status.INFEASIBLE:
            from scheduler.explain import explain

            return Solution(result, timings=timings, explanation=explain(m.problem), **common)
        return Solution(result, timings=timings, **common)
    bound = solver.best_objective_bound
    assignments = read_assignments(m, solver)
    penalties = polish(m, solver)
    objective = sum(penalties.values())
    timings = Timings(m.seconds, first, time.perf_counter() - start)
    return Solution(result, assignments, objective, min(bound, objective), penalties, timings, **common)


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
    status = exact.solve(model)
    if status != cp_model.OPTIMAL:
        raise RuntimeError(f"polishing a found timetable failed with {exact.status_name(status)}")
    return {name: round(exact.value(term)) for name, term in m.terms.items()}
