"""The one-model solve: warm start (greedy, repaired, improved by best responses), CP-SAT search, progress, polish.

Reproducible mode (``reproducible=True``): the solve is limited by CP-SAT's deterministic time
(``max_deterministic_time``) instead of the wall clock, and with more than one worker it interleaves the
workers (``interleave_search``), so the same problem, seed and worker count give the same timetable on any
machine load. Stopping a reproducible solve early still returns a valid timetable, but not a reproducible one.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.bounds.coverage import coverage_bound
from scheduler.bounds.dual import DualBound
from scheduler.bounds.side import SideBound
from scheduler.bounds.side import wanted as wants_side_bound
from scheduler.explain.prechecks import explain
from scheduler.model.build import Model, add_hint, build, polish, read_assignments
from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand, aggregate
from scheduler.model.rules.base import OutOfTime, Scope
from scheduler.options import DEFAULT_TIME_LIMIT
from scheduler.problem import Placement, Problem, Weights
from scheduler.search import best_response, eviction, refine, units
from scheduler.search.greedy import Greedy
from scheduler.search.greedy_patterns import fits_from_demand, pattern_first
from scheduler.solution import Assignment, Progress, ProgressCallback, Solution, Status, Timings
from scheduler.verify import verify

LOCAL_SHARE = 0.5  # of the time left once the greedy's timetable is in hand: best responses and kicks before CP-SAT
EVICTION_SHARE = 0.75  # of the time limit: at most this long placing and evicting before CP-SAT searches alone
EVICTION_MAX_SECONDS = 25.0  # a long solve keeps the rest for CP-SAT, which finds what eviction misses at times
LOCAL_MAX_SECONDS = 3.0
REPRODUCIBLE_KICKS = 20
REPAIR_RINGS = 3  # a repair frees the groups around the left-out ones, then theirs, at most this far
DUAL_SHARE = 0.25  # of the time limit: the dual's first sweeps and clusters, before the greedy (then beside it)
DUAL_SWEEPS = 5  # at least: the first sweeps raise it most, each a fraction of building the model
DUAL_MAX_SECONDS = 0.5  # that share at most: a longer solve's search leaves the thread time enough beside it
REPAIR_SECONDS = 5.0  # at most, for placing what the greedy left out (a share of a shorter limit)
REFINED_LEFT = 0.1  # of the time limit: left when a school's refinement stops, the model is built and searched
MIN_SEARCH = 0.2  # seconds of CP-SAT search below which building the model is not worth it
VALUE_SHARE = 0.3  # of building's time: valuing a timetable in the built model (the hint, the polish)


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, start: float, on_progress: ProgressCallback | None, *beside: SideBound | DualBound) -> None:
        super().__init__()
        self.start, self.on_progress, self.first, self.beside = start, on_progress, None, beside

    def on_solution_callback(self) -> None:
        elapsed = time.perf_counter() - self.start
        if self.first is None:
            self.first = elapsed
        if self.on_progress is not None:
            objective, bound = round(self.objective_value), self.best_objective_bound
            for other in self.beside:  # bounds worked out beside the search: the best one holds
                value = other.value()
                if value is not None:
                    bound = min(float(objective), max(bound, value))
            self.on_progress(Progress(objective, bound, elapsed))


def solve(
    problem: Problem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
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
    explained: bool = True,
    dual_bound: bool = True,
    beside: DualBound | None = None,
) -> Solution:
    """Build and solve one model; ``stop.set()`` from another thread ends the search, keeping the best.

    ``side_bound``: work out the LP bound with clique cuts beside the search (``bounds.side``); None: when
    the problem is small and the time long enough for it to pay. ``dual_bound``: raise the bound beside the search
    by the Lagrangian bound over weekly patterns (``bounds.dual``) too, of this problem when it is whole, or
    ``beside``'s, a relaxation of it (not started yet: it starts and stops with the search).

    ``time_limit`` bounds the whole call (building, warm start, search, polish), except in ``reproducible``
    mode where it is CP-SAT's deterministic time. Without a ``hint``, a greedy timetable
    (``greedy_warm_start``), improved by best responses (``best_response``) when it stays a
    timetable, warm-starts the search. That timetable is in hand before the model is built: when building runs
    into the limit, or leaves too little time to search, the kicks get the rest and the best timetable in hand
    comes back valued by the verifier; a school's (cohorts, groups once a week) is placed by evicting
    (``eviction``) in at most ``EVICTION_SHARE`` of the limit (and ``EVICTION_MAX_SECONDS``), the greedy's
    when that finds none; its soft penalties are then refined by small searches around them (``refine``), and
    the model is searched only when that stops early. ``explained=False``: an impossible problem comes back
    without the (costly) explanation.
    """
    start = time.perf_counter()
    deadline = None if reproducible or scope is not None else start + time_limit  # a block's clock plans its own
    cands = cands or Candidates(problem)
    demand = demand or aggregate(problem, cands)
    reserve = 2 * (time.perf_counter() - start) + 0.05  # checking a timetable walks every interest, as this did
    dual = beside or (DualBound(problem, cands, demand, start=False) if scope is None else None)
    dual = dual if dual_bound and not reproducible and demand.interests else None  # without residents it stays 0
    if dual is not None and beside is None:  # a share of the time now: a short solve may have no search to go beside
        dual.advance(min(DUAL_SHARE * time_limit, DUAL_MAX_SECONDS), DUAL_SWEEPS)
    greedy, greedy_at, placed_at, improved = None, None, None, None
    if hint is None and warm_start and scope is None and _schoolish(problem) and not reproducible:
        stopped = None if stop is None else stop.is_set  # the greedy ignores cohorts: a school's classes clash
        seconds = min(EVICTION_SHARE * time_limit, EVICTION_MAX_SECONDS)
        hint = eviction.construct(problem, cands, seconds, seed, stopped)
        placed_at = None if hint is None else time.perf_counter() - start
        # its soft penalties refined by small searches when it keeps every hard rule (else the model's search mends it)
        if hint is not None and refine.applies(problem) and not verify(problem, hint).violations:
            refined = _refined(problem, cands, hint, deadline - reserve, seed, stopped, on_progress, start)
            ended = deadline - time.perf_counter() < REFINED_LEFT * time_limit or (stop is not None and stop.is_set())
            if ended:  # refined to the end (it stops early when nothing costs): no model to search
                held = _Held((refined, hint), placed_at, stop, seed, workers)
                return held.valued(problem, cands, demand, start, 0.0)
            hint = refined
    if hint is None and warm_start:  # before building: a timetable in hand as soon as the greedy has one
        greedy = greedy_warm_start(problem, cands, demand, REPAIR_SECONDS if reproducible else _repair(time_limit))
        greedy_at = None if greedy.unplaced else time.perf_counter() - start
        hint = greedy.assignments
        if scope is None:  # one whole problem: improve the greedy by best responses (a block's terms differ)
            improved = best_response.improve(
                problem,
                cands,
                demand,
                hint,
                seed=seed,
                stop=None if stop is None else stop.is_set,
                **_search_share(start, time_limit, reproducible),
            )
    since = placed_at if placed_at is not None else greedy_at if _greedy_checks_all(problem) else None
    held = _Held((improved, hint), since, stop, seed, workers)
    building = time.perf_counter()
    try:
        m = build(problem, cands, demand, scope=scope, patterns=patterns, cuts=cuts,
                  deadline=None if deadline is None else deadline - reserve)  # fmt: skip
    except OutOfTime:
        cut = time.perf_counter() - building
        left = dict(seconds=deadline - reserve - time.perf_counter(), kicks=10**6) if deadline is not None else {}
        if improved is not None and left and left["seconds"] > MIN_SEARCH:  # the model's time goes to more kicks
            better = best_response.improve(problem, cands, demand, improved, seed=seed + 1, stop=held.stopped, **left)
            held = replace(held, timetables=(better, *held.timetables))
        return _with_coverage_bound(held.valued(problem, cands, demand, start, cut), problem, cands, demand, dual)
    if deadline is not None and deadline - time.perf_counter() < reserve + 2 * VALUE_SHARE * m.seconds + MIN_SEARCH:
        s = held.valued(problem, cands, demand, start, m.seconds)  # no time left to search the model
        s = _with_coverage_bound(s, problem, cands, demand, dual)
        if s.status.has_timetable:
            return s
    if side_bound is None:
        side_bound = wants_side_bound(problem, time_limit, reproducible)
    side = SideBound(problem, cands, demand, scope, time_limit) if side_bound else None
    # wall time for valuing the hint (past it, the decisions alone are hinted): half of what is left, at least
    valuing = None if deadline is None else max(VALUE_SHARE * m.seconds, (deadline - time.perf_counter()) / 2)
    valued_from = time.perf_counter()
    hinted = None
    if improved is not None and improved != hint:
        hinted = add_hint(m, improved, valuing)
        hint = improved if hinted is not None else hint
    if hinted is None and hint:
        m.build.model.clear_hints()  # an improved timetable that broke a rule left its raw hints
        hinted = add_hint(m, hint, valuing)
    hint_seconds = time.perf_counter() - start
    polishing = max(VALUE_SHARE * m.seconds, time.perf_counter() - valued_from)  # the polish is such a valuation
    if not reproducible:  # the whole call's limit: less what building took, and what polishing will take
        time_limit = max(0.1, time_limit - hint_seconds - 0.15 - polishing)
    solver = _solver(time_limit, workers, seed, reproducible, log)
    if dual is not None:  # on while CP-SAT searches (in a thread earlier, its Python would slow the rest down)
        dual.start()
    watcher = _Watcher(start, on_progress, *(b for b in (side, dual) if b is not None))
    done = threading.Event()
    if stop is not None:
        threading.Thread(target=_stop_when, args=(stop, done, solver), daemon=True).start()
    searching = time.perf_counter()
    status = solver.solve(m.build.model, watcher)
    searched = time.perf_counter() - searching
    done.set()
    if dual is not None:
        dual.stop()
    stopped = stop is not None and stop.is_set()
    hinted_at = hint_seconds  # the hint is a timetable, valued exactly
    if greedy_at is not None and _greedy_checks_all(problem):
        hinted_at = greedy_at  # the greedy's complete timetable kept every hard rule (the hint it led to is one)
    hinted_at = hinted_at if placed_at is None else placed_at  # the model took the constructed one as it was
    if status == cp_model.UNKNOWN and hinted is not None:  # out of time before CP-SAT took the hint in
        s = _hint_solution(m, solver, hint, hinted, start, hinted_at, stopped, seed, workers)
    else:
        first = hinted_at if hinted is not None else watcher.first
        s = extract(m, solver, status, start, first, stopped, seed, workers, explained)
    s = replace(s, timings=replace(s.timings, search=searched))
    return _with_coverage_bound(s, problem, cands, demand, side, dual)


def _refined(problem, cands, hint, until, seed, stopped, on_progress, start) -> tuple[Assignment, ...]:
    """A school's constructed timetable with its soft penalties refined until ``until`` (``refine``)."""
    board = units.board(problem, cands)
    improved = None if on_progress is None else lambda p: on_progress(Progress(p, 0.0, time.perf_counter() - start))
    where = refine.improve(board, units.where_of(board, hint), until, seed, stopped, improved)
    return units.timetable(board, where)


def _repair(time_limit: float) -> float:
    """Seconds the greedy's repair may take within ``time_limit``."""
    return min(REPAIR_SECONDS, max(0.5, time_limit / 6))


@dataclass(frozen=True)
class _Held:
    """The timetables in hand before the model is built (best first), and since when the first was."""

    timetables: tuple[tuple[Assignment, ...] | None, ...]
    since: float | None
    stop: threading.Event | None
    seed: int
    workers: int

    def stopped(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def valued(self, problem: Problem, cands: Candidates, demand: Demand, start: float, build: float) -> Solution:
        """The first that keeps every hard rule, valued by the verifier: the answer when the time left cannot pay
        for building and searching the model (UNKNOWN when none does)."""
        common = dict(seed=self.seed, workers=self.workers)
        for assignments in self.timetables:
            report = verify(problem, assignments) if assignments else None
            if report is None or report.violations:
                continue
            ordered = sorted(assignments, key=lambda a: (a.group, a.slot.weekday, a.slot.start))
            out, index = [], {}
            for a in ordered:
                i = index[a.group] = index.get(a.group, -1) + 1
                out.append(replace(a, index=i))
            now = time.perf_counter() - start
            status = Status.STOPPED if self.stopped() else Status.FEASIBLE
            timings = Timings(build, now if self.since is None else self.since, now)
            s = Solution(status, tuple(out), report.objective, None, dict(report.penalties), timings, **common)
            return _with_coverage_bound(s, problem, cands, demand)
        return Solution(Status.UNKNOWN, timings=Timings(build, None, time.perf_counter() - start), **common)


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
    s: Solution, problem: Problem, cands: Candidates, demand: Demand, *beside: SideBound | DualBound | None
) -> Solution:
    """Raise a weak proven bound to the coverage bound or one worked out ``beside`` the search: all are valid,
    the largest is kept."""
    if s.objective is None or s.status is Status.OPTIMAL:
        return s
    known = [b.value() or 0 for b in beside if b is not None]
    bound = min(float(s.objective), max(s.bound or 0.0, coverage_bound(problem, cands, demand), *known))
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
    # CP-SAT's presolve rewrites the pattern constraints into a form whose LP relaxation is much weaker;
    # one pass keeps them intact.
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
    explained: bool = True,
) -> Solution:
    """Turn the solver's answer into a ``Solution`` (exact objective: derived variables polished)."""
    result = _STATUS[status]
    if result is Status.FEASIBLE and stopped:
        result = Status.STOPPED
    common = dict(variables=m.vars.count, seed=seed, workers=workers)
    if not result.has_timetable:
        timings = Timings(m.seconds, None, time.perf_counter() - start)
        if result is Status.INFEASIBLE and explained:
            return Solution(result, timings=timings, explanation=explain(m.problem), **common)
        return Solution(result, timings=timings, **common)
    bound = solver.best_objective_bound
    assignments = read_assignments(m, solver)
    penalties = polish(m, solver)
    objective = sum(penalties.values())
    timings = Timings(m.seconds, first, time.perf_counter() - start)
    return Solution(result, assignments, objective, min(bound, objective), penalties, timings, **common)


def greedy_warm_start(problem: Problem, cands: Candidates, demand: Demand, seconds: float = REPAIR_SECONDS) -> Greedy:
    """The greedy timetable by patterns, its left-out groups placed by a small CP-SAT repair (``seconds``)."""
    found = pattern_first(problem, cands, fits_from_demand(demand), demand.shared)
    return repair(problem, cands, found, seconds)


def repair(problem: Problem, cands: Candidates, found: Greedy, seconds: float = 5.0) -> Greedy:
    """Place left-out groups: re-solve them with the groups sharing their teachers or venues (feasibility
    only), everything else pinned where the greedy put it. When that is impossible, the groups sharing with
    those are freed too, ring by ring (``REPAIR_RINGS``), all in ``seconds``."""
    if not found.unplaced:
        return found
    deadline = time.perf_counter() + seconds
    placed: dict[str, list[Assignment]] = defaultdict(list)
    for a in found.assignments:
        placed[a.group].append(a)
    sets = _group_sets(problem)
    free = set(found.unplaced)
    for _ in range(REPAIR_RINGS):
        free |= _sharing(problem, cands, free)
        members = _sharing(problem, cands, free) | free  # the blockers: who shares with the freed groups
        members |= {g for s in sets if free & set(s) for g in s}  # cohorts and sets of a freed group come whole
        groups = [
            g if g.id in free else replace(g, pinned=tuple(Placement(a.slot, a.venue) for a in placed[g.id]))
            for g in problem.groups
            if g.id in members
        ]
        zero = Weights(**dict.fromkeys(vars(Weights()), 0))
        sub = replace(
            problem,
            groups=tuple(groups),
            residents=(),
            weights=zero,
            cohorts=tuple(c for c in problem.cohorts if members.issuperset(c.groups)),
            apart=tuple(a for a in problem.apart if members.issuperset(a.groups)),
            together=tuple(t for t in problem.together if members.issuperset(t)),
        )
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        # feasibility only, no bound wanted; a failed repair is no news
        s = solve(sub, time_limit=left, workers=1, warm_start=False, explained=False, dual_bound=False)
        if s.status.has_timetable:
            kept = [a for a in found.assignments if a.group not in free]
            return Greedy(tuple(kept) + tuple(a for a in s.assignments if a.group in free), ())
        if s.status is not Status.INFEASIBLE:  # out of time: a wider ring would not be faster
            break
    return found


def _sharing(problem: Problem, cands: Candidates, groups: set[str]) -> set[str]:
    """The groups that share a teacher or a candidate venue with one of ``groups``."""
    teachers = {problem.group[g].teacher for g in groups}
    venues = {v for g in groups for v in cands.of[g].venues}
    return {g.id for g in problem.groups if g.teacher in teachers or not venues.isdisjoint(cands.of[g.id].venues)}


def _group_sets(problem: Problem) -> list[tuple[str, ...]]:
    """The groups of every cohort, apart set and together set: hard rules that span groups."""
    return [*(c.groups for c in problem.cohorts), *(a.groups for a in problem.apart), *problem.together]
