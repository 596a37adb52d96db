"""Solve a problem whose venues differ only in size: times first, venues second, then both together.

1. Phase 1 (``venues_later``): the times, with venues counted by size; CP-SAT finds a first timetable, then
   large-neighbourhood search (``lns``) improves it.
2. Phase 2: the engine's full model with every meeting fixed to phase 1's times chooses the venues.
3. The full model, warm-started from phase 2, is improved by large-neighbourhood search until the time is up,
   so times and venues are traded against each other with the exact objective.
The result is an ordinary ``Solution``: the verifier checks it like any other.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model.build import Model, build, read_assignments
from scheduler.options import DEFAULT_TIME_LIMIT
from scheduler.phases.lns import Decisions, Incumbent, Search, fix, neighbourhoods
from scheduler.phases.venue_matching import homes, matched_venues
from scheduler.phases.venues_later import (
    add_home_clashes,
    add_venue_counts,
    chosen_starts,
    greedy_venues,
    obstacle,
    time_problem,
    venue_problem,
)
from scheduler.problem import Problem
from scheduler.solution import Progress, Solution, Status, Timings


def decisions(m: Model) -> Decisions:
    meets, places = {}, {}
    for g in m.problem.groups:
        for t, lit in m.vars.meetings(g.id):
            meets[(g.id, t)] = lit.index
            places[(g.id, t)] = {v: m.vars.place(g.id, t, v).index for v in m.vars.venues(g.id, t)}
    return Decisions(meets, places)


def _solve(
    model: cp_model.CpModel,
    seconds: float,
    workers: int,
    seed: int,
    hint: Incumbent | None = None,
    first_only: bool = False,
) -> Incumbent | None:
    if hint is not None:
        model.proto.solution_hint.vars.clear()
        model.proto.solution_hint.vars.extend(range(len(hint.values)))
        model.proto.solution_hint.values.clear()
        model.proto.solution_hint.values.extend(hint.values)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.stop_after_first_solution = first_only
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return Incumbent(
        list(solver.response_proto.solution),
        round(solver.objective_value),
        status == cp_model.OPTIMAL,
        math.ceil(solver.best_objective_bound - 1e-6),
    )


def objective_floor(model: cp_model.CpModel) -> int:
    """The least the objective of ``model`` can be from its variables' domains alone."""
    objective = model.proto.objective
    low = objective.offset
    for ref, coeff in zip(objective.vars, objective.coeffs, strict=True):
        domain = model.proto.variables[ref if ref >= 0 else -ref - 1].domain
        ends = (domain[0], domain[-1]) if ref >= 0 else (-domain[-1], -domain[0])  # a negative ref is -x
        low += min(coeff * ends[0], coeff * ends[1])
    return math.ceil(low * (objective.scaling_factor or 1) - 1e-6)


def _with_times(
    problem: Problem,
    full: Model,
    starts: dict[str, list[int]],
    seconds: float,
    workers: int,
    home: dict[str, str] | None = None,
) -> Incumbent | None:
    """Phase 2: venues for fixed times, as values of the full model. Greedily when every session finds a free
    venue that way (matching from the groups' ``home`` venues when given; the joint search then improves it),
    otherwise by solving the small model of those times."""
    greedy = matched_venues(problem, starts, home=home) or greedy_venues(problem, starts)
    if greedy:
        return _fixed(full, {(g, t, v) for (g, t), v in greedy.items()})
    m = build(venue_problem(problem, starts))
    found = _solve(m.build.model, seconds, workers, 0)
    if found is None:
        return None
    chosen = {(g.id, t, v) for g in problem.groups for t, v, lit in m.vars.placements(g.id) if found.values[lit.index]}
    return _fixed(full, chosen)


def _fixed(full: Model, chosen: set[tuple[str, int, str]]) -> Incumbent:
    """The full model's values for a timetable given as (group, slot, venue) triples."""
    proto = full.build.model.proto
    lits = []
    for g in full.problem.groups:
        for t, lit in full.vars.meetings(g.id):
            lits.append((lit.index, int(any((g.id, t, v) in chosen for v in full.vars.venues(g.id, t)))))
        for t, v, lit in full.vars.placements(g.id):
            lits.append((lit.index, int((g.id, t, v) in chosen)))
    for i, v in lits:
        fix(proto, i, v)
    found = _solve(full.build.model, 60.0, 1, 0)
    for i, _ in lits:
        fix(proto, i, 0, 1)
    if found is None:
        raise RuntimeError("a timetable from phase 2 does not satisfy the full model")
    return found


class _Clock:
    def __init__(self, limit: float, on_progress: Callable[[Progress], None] | None) -> None:
        self.start = time.perf_counter()
        self.deadline = self.start + limit
        self.on_progress = on_progress
        self.first: float | None = None
        self.floor: float = -math.inf  # a proven lower bound on the whole problem's objective

    def proved(self, found: Incumbent | None) -> None:
        """Raise the floor to what ``found``'s solve proved (of the whole model or a relaxation of it)."""
        if found is not None and found.bound is not None:
            self.floor = max(self.floor, found.bound)

    def reached(self, best: Incumbent) -> bool:
        return best.objective <= self.floor

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def at(self, share: float) -> float:
        return self.start + share * (self.deadline - self.start)

    def share(self, share: float) -> float:
        """Seconds in ``share`` of the whole time limit, or what is left if less."""
        return min(share * (self.deadline - self.start), self.deadline - time.perf_counter())

    def report(self, best: Incumbent) -> None:
        elapsed = time.perf_counter() - self.start
        self.first = elapsed if self.first is None else self.first
        if self.on_progress is not None:
            self.on_progress(Progress(best.objective, self.floor if self.floor > -math.inf else 0.0, elapsed))


def solve_in_phases(
    problem: Problem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = 2,
    seed: int = 0,
    on_progress: Callable[[Progress], None] | None = None,
    log: Callable[[str], None] | None = None,
    times_share: float = 0.5,
    times_search: str = "mixed",
    homes: bool = True,
) -> Solution:
    """Solve ``problem`` in ``time_limit`` seconds; ``times_share`` of it improves the times alone (phase 1), with
    clashes of groups sharing a home venue counted in its second half when ``homes``."""
    say = log or (lambda _: None)
    reason = obstacle(problem)
    if reason:
        raise ValueError(f"times-first solving does not apply: {reason}")
    clock = _Clock(time_limit, on_progress)
    phase1 = _times_model(problem, None)
    full = build(problem)
    clock.floor = objective_floor(full.build.model)
    # the first times may take all but what choosing their venues needs: never give up with time left
    first = _solve(phase1.build.model, clock.at(0.95) - time.perf_counter(), workers, seed, first_only=True)
    if first is None:
        return _whole(full, clock, seed, workers)
    clock.proved(first)  # phase 1 is a relaxation: venue counts and overflow by counting are at most the real ones
    say(f"phase 1: first times cost {first.objective} at {clock.elapsed():.1f}s")
    best = _with_times(problem, full, chosen_starts(phase1, first.values), clock.share(0.05), workers)
    if best is None:  # no venues for those times: the full model in the time left
        return _whole(full, clock, seed, workers)
    clock.report(best)
    say(f"phase 2: venues chosen, cost {best.objective} at {clock.elapsed():.1f}s")
    if clock.reached(best):
        return _finish(full, best, clock, seed, workers)
    times = _Times(problem, full, phase1, clock, workers, seed, homes and bool(problem.weights.same_venue))
    best = times.improve(first, best, clock.at(times_share), times_search)
    say(
        f"phase 1: {times.spells} spells, {times.rounds} LNS rounds ({times.timeouts} timed out), "
        f"last times cost {times.last}, best cost {best.objective}"
    )
    moves = neighbourhoods(problem, decisions(full))
    joint = Search(
        full.build.model, decisions(full), moves, workers, seed + 1, size=0.05, round_limit=2.0, venue_rounds=0.3
    )
    best = joint.run(best, clock.deadline, clock.report, clock.floor)
    say(
        f"joint LNS: {joint.rounds} rounds ({joint.timeouts} timed out), {joint.improved} better, "
        f"size {joint.size:.2f}, cost {best.objective}"
    )
    return _finish(full, best, clock, seed, workers)


def _times_model(problem: Problem, home: dict[str, str] | None) -> Model:
    """Phase 1's model: the times, venues counted by size, and clashes of groups that share a ``home`` venue."""
    m = build(time_problem(problem))
    clashes = add_home_clashes(m, problem, home) if home else 0
    m.build.model.minimize(sum(m.terms.values()) + add_venue_counts(m, problem) + clashes)
    return m


def _carry(m: Model, times: dict[tuple[str, int], int]) -> Incumbent:
    """The values of model ``m`` for a timetable given as each (group, slot) meeting's 0 or 1."""
    meets = decisions(m).meets
    for key, i in meets.items():
        fix(m.build.model.proto, i, times[key])
    found = _solve(m.build.model, 60.0, 1, 0)
    for i in meets.values():
        fix(m.build.model.proto, i, 0, 1)
    if found is None:
        raise RuntimeError("a timetable of phase 1 does not satisfy phase 1's model with homes")
    return found


@dataclass
class _Times:
    """Phase 1's search in spells. Each spell improves the times by LNS or CP-SAT's portfolio on the times alone
    (in turns when "mixed"; only CP-SAT proves phase 1 optimal), then matches venues to them: a timetable better than
    the best becomes the best. In the second half, its venues give every group the home whose clashes (a proxy
    for venue stability) the next spell avoids."""

    problem: Problem
    full: Model
    pure: Model  # the times alone: a relaxation of the whole problem
    clock: _Clock
    workers: int
    seed: int
    homes: bool  # count clashes of groups sharing a home venue in the second half
    rounds: int = 0
    spells: int = 0
    timeouts: int = 0
    last: int | None = None
    home: dict[str, str] | None = None  # the homes whose clashes the current times model counts

    def improve(self, first: Incumbent, best: Incumbent, deadline: float, how: str) -> Incumbent:
        clock, model, current, size = self.clock, self.pure, first, 0.15
        # homes pay only once the times are good: earlier their clashes are noise that slows the times down
        homes_from = time.perf_counter() + (deadline - time.perf_counter()) / 2
        solved = False
        while time.perf_counter() < deadline - 0.1 and not solved and not clock.reached(best):
            spell = min(20.0, deadline - time.perf_counter())
            if how == "cp-sat" or (how == "mixed" and self.spells % 2 == 0):
                pure = current if model is self.pure else _carry(self.pure, self._times(model, current))
                found = _solve(self.pure.build.model, spell, self.workers, self.seed + self.spells, hint=pure)
                clock.proved(found)
                if found is not None and found.objective <= pure.objective:
                    current = found if model is self.pure else _carry(model, self._times(self.pure, found))
                    solved = found.optimal
            else:
                lns = Search(model.build.model, decisions(model), neighbourhoods(self.problem, decisions(model)),
                             self.workers, self.seed + self.spells, size=size, round_limit=5.0)  # fmt: skip
                current = lns.run(current, time.perf_counter() + spell, floor=clock.floor)
                size = lns.size
                self.rounds += lns.rounds
                self.timeouts += lns.timeouts
            self.spells += 1
            self.last = current.objective
            starts = chosen_starts(model, current.values)
            found = _with_times(self.problem, self.full, starts, clock.share(0.05), self.workers, self.home)
            if found is not None and found.objective < best.objective:
                best = found
                clock.report(best)
            if found is not None and self.homes and time.perf_counter() >= homes_from:
                times = self._times(model, current)
                self.home = _homes(self.full, found.values)
                model = _times_model(self.problem, self.home)
                current = _carry(model, times)
        return best

    @staticmethod
    def _times(m: Model, found: Incumbent) -> dict[tuple[str, int], int]:
        return {key: found.values[i] for key, i in decisions(m).meets.items()}


def _homes(full: Model, values: list[int]) -> dict[str, str]:
    """Each group's home in a timetable of the full model: the venue of most of its sessions."""
    d = decisions(full)
    return homes({key: v for key in d.meets if (v := d.venue_of(key, values)) is not None})


def _finish(full: Model, best: Incumbent, clock: _Clock, seed: int, workers: int) -> Solution:
    """The incumbent as a ``Solution``, with each soft rule's exact penalty (decisions fixed, derived set tight)."""
    model = full.build.model
    proto = model.proto
    found = decisions(full)
    idx = [i for key in found.meets for i in found.indices(key)]
    model.clear_hints()
    for i in idx:
        fix(proto, i, best.values[i])
    exact = cp_model.CpSolver()
    exact.parameters.num_workers = 1
    status = exact.solve(model)
    if status != cp_model.OPTIMAL:
        raise RuntimeError(f"evaluating the final timetable failed with {exact.status_name(status)}")
    penalties = {name: round(exact.value(term)) for name, term in full.terms.items()}
    assignments = read_assignments(full, exact)
    objective = sum(penalties.values())
    timings = Timings(full.seconds, clock.first, time.perf_counter() - clock.start)
    return Solution(
        Status.OPTIMAL if objective <= clock.floor else Status.FEASIBLE,
        assignments,
        objective,
        clock.floor if clock.floor > -math.inf else None,
        penalties,
        timings,
        variables=full.vars.count,
        seed=seed,
        workers=workers,
    )


def _whole(full: Model, clock: _Clock, seed: int, workers: int) -> Solution:
    """The full model searched in the time left (times and venues at once); no timetable when it finds none."""
    found = _solve(full.build.model, clock.deadline - time.perf_counter(), workers, seed, first_only=True)
    if found is None:
        return _no_timetable(full, clock)
    clock.proved(found)
    clock.report(found)
    return _finish(full, found, clock, seed, workers)


def _no_timetable(full: Model, clock: _Clock) -> Solution:
    timings = Timings(full.seconds, None, time.perf_counter() - clock.start)
    return Solution(Status.UNKNOWN, timings=timings)
