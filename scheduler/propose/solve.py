"""``propose(demand, options) -> Proposals``: the proposal run, with progress and stop like a timetable solve.

The greedy warm start is handed to CP-SAT as a complete hint; beside the search, HiGHS solves the LP relaxation
of the same model in a thread (interrupted when the caller stops or the time is up) for the bound. The best
proposals found are then given every resident they can still take (augmenting paths), each counted once.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import replace

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from scheduler.options import SolveOptions
from scheduler.propose.candidates import Candidates, room_cap
from scheduler.propose.formulation import Formulation, formulate, to_cp_sat, to_lp
from scheduler.propose.greedy import Pick, greedy
from scheduler.propose.problem import Demand
from scheduler.propose.result import Proposal, Proposals
from scheduler.solution import Progress, Status

LP_SHARE = 0.9  # of the time limit: the LP relaxation is interrupted after this, without a bound


class _LpBound:
    """The LP relaxation's optimum, solved by HiGHS in a thread; ``value`` is None until (unless) it is done."""

    def __init__(self, f: Formulation, seconds: float) -> None:
        self.value: float | None = None
        self._solver = to_lp(f)
        self._done = threading.Event()
        if self._solver is None:
            self._done.set()
            return
        self._solver.SuppressOutput()
        self._solver.SetTimeLimit(int(seconds * 1000))
        threading.Thread(target=self._run, daemon=True, name="propose-lp").start()

    def _run(self) -> None:
        try:
            if self._solver.Solve() == pywraplp.Solver.OPTIMAL:
                value = self._solver.Objective().Value()
                self.value = value + 1e-6 * max(1.0, value)  # HiGHS's tolerances
        finally:
            self._done.set()

    def interrupt(self) -> None:
        if self._solver is not None and not self._done.is_set():
            self._solver.InterruptSolve()

    def wait(self, seconds: float) -> float | None:
        self._done.wait(max(0.0, seconds))
        return self.value


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, start: float, lp: _LpBound, on_progress) -> None:
        super().__init__()
        self.start, self.lp, self.on_progress = start, lp, on_progress
        self.best = 0

    def on_solution_callback(self) -> None:
        self.best = served = round(self.objective_value)
        if self.on_progress is not None:
            bound = self.best_objective_bound
            if self.lp.value is not None:
                bound = min(bound, self.lp.value)
            self.on_progress(Progress(served, max(float(served), bound), time.perf_counter() - self.start))


def propose(demand: Demand, options: SolveOptions | None = None, **fields: object) -> Proposals:
    """Up to ``demand.openings`` proposals serving the most residents; ``fields`` replace those of ``options``."""
    o = replace(options or SolveOptions(), **fields)  # type: ignore[arg-type]
    start = time.perf_counter()
    cands = Candidates(demand)
    if not cands.options or demand.openings == 0:
        return Proposals(Status.OPTIMAL, bound=0.0, lp_bound=0.0, seconds=time.perf_counter() - start)
    f = formulate(cands)
    picks = greedy(cands)
    greedy_served = sum(sum(p.served.values()) for p in picks)
    deadline = start + o.time_limit
    lp = _LpBound(f, LP_SHARE * max(0.1, deadline - time.perf_counter()))
    model, xs = to_cp_sat(f)
    _hint(model, xs, f, picks)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    solver.parameters.num_workers = o.workers
    solver.parameters.random_seed = o.seed
    done = threading.Event()
    watcher = _Watcher(start, lp, o.on_progress)
    threading.Thread(target=_stop_when, args=(o.stop, done, solver, lp, watcher), daemon=True).start()
    if o.on_progress is not None and picks:
        o.on_progress(Progress(greedy_served, float(sum(f.upper[i] for i in f.objective)), time.perf_counter() - start))
    status = solver.solve(model, watcher)
    done.set()
    stopped = o.stop is not None and o.stop.is_set()
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and round(solver.objective_value) >= greedy_served:
        picks = _read(cands, f, solver, xs)
    lp_bound = lp.wait(0.0 if stopped else deadline - time.perf_counter())
    lp.interrupt()
    bound = solver.best_objective_bound if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
    if lp_bound is not None:
        bound = lp_bound if bound is None else min(bound, lp_bound)
    picks = _augment(cands, picks)
    proposals = _proposals(cands, picks)
    served = sum(p.served for p in proposals)
    if status == cp_model.OPTIMAL or (bound is not None and served >= math.floor(bound)):
        result = Status.OPTIMAL
    else:
        result = Status.STOPPED if stopped else Status.FEASIBLE
    return Proposals(
        result, proposals, None if bound is None else max(float(served), bound), lp_bound, greedy_served,
        len(cands.options), time.perf_counter() - start,
    )  # fmt: skip


def _stop_when(stop, done: threading.Event, solver: cp_model.CpSolver, lp: _LpBound, watcher: _Watcher) -> None:
    """Ends the search when the caller stops it, or when the best proposals reach the LP bound (none can serve more:
    the residents served are a whole number)."""
    while not done.wait(0.05):
        if stop is not None and stop.is_set():
            solver.stop_search()
            lp.interrupt()
            return
        if lp.value is not None and watcher.best >= math.floor(lp.value):
            solver.stop_search()
            return


def _hint(model: cp_model.CpModel, xs: list, f: Formulation, picks: list[Pick]) -> None:
    values = [0] * len(xs)
    for p in picks:
        values[f.open[p.option]] = 1
        values[f.teach[(p.option, p.tutor)]] = 1
        values[f.room[(p.option, p.room)]] = 1
        for k, n in p.served.items():
            values[f.serve[(k, p.option)]] = n
    for x, v in zip(xs, values, strict=True):
        model.add_hint(x, v)


def _read(cands: Candidates, f: Formulation, solver: cp_model.CpSolver, xs: list) -> list[Pick]:
    picks = []
    for o in cands.options:
        if solver.value(xs[f.open[o.index]]):
            tutor = next(t for t in o.tutors if solver.value(xs[f.teach[(o.index, t)]]))
            room = next(v for v in o.rooms if solver.value(xs[f.room[(o.index, v)]]))
            served = {k: n for k in cands.of_option[o.index] if (n := solver.value(xs[f.serve[(k, o.index)]]))}
            picks.append(Pick(o.index, tutor, room, served))
    return picks


def _augment(cands: Candidates, picks: list[Pick]) -> list[Pick]:
    """Serve every resident the chosen proposals can still take: augmenting paths from the current allocation,
    which never lower a proposal's count (each stays at or above its minimum size)."""
    left = [k.count for k in cands.classes]
    for p in picks:
        for k, n in p.served.items():
            left[k] -= n
    room = {i: room_cap(cands.options[p.option].activity, cands.demand.room[p.room]) - sum(p.served.values())
            for i, p in enumerate(picks)}  # fmt: skip
    chosen: dict[int, list[int]] = {}
    for i, p in enumerate(picks):
        for k in cands.of_option[p.option]:
            chosen.setdefault(k, []).append(i)
    for k0 in range(len(cands.classes)):
        while left[k0] > 0 and k0 in chosen:
            path = _path(k0, chosen, picks, room)
            if path is None:
                break
            left[k0] -= 1
            for k, i, previous in path:
                picks[i].served[k] = picks[i].served.get(k, 0) + 1
                if previous is not None:
                    picks[previous].served[k] -= 1
            room[path[-1][1]] -= 1
    return picks


def _path(k0: int, chosen: dict[int, list[int]], picks: list[Pick], room: dict[int, int]):
    """A shortest path class → pick (→ class it serves → another pick …) ending at a pick with room left, as
    (class, pick it moves to, pick it moves from or None) steps; None when there is none."""
    came: dict[int, tuple[int, int | None]] = {}  # pick → (class moved into it, pick that class came from)
    queue: deque[tuple[int, int | None]] = deque([(k0, None)])
    seen_classes = {k0}
    while queue:
        k, source = queue.popleft()
        for i in chosen.get(k, ()):
            if i in came or i == source:
                continue
            came[i] = (k, source)
            if room[i] > 0:
                steps, at = [], i
                while at is not None:
                    kk, src = came[at]
                    steps.append((kk, at, src))
                    at = src
                return steps[::-1]
            for k2, n in picks[i].served.items():
                if n > 0 and k2 not in seen_classes:
                    seen_classes.add(k2)
                    queue.append((k2, i))
    return None


def _proposals(cands: Candidates, picks: list[Pick]) -> tuple[Proposal, ...]:
    taken = {k: 0 for k in range(len(cands.classes))}
    out = []
    for p in sorted(picks, key=lambda p: p.option):
        o = cands.options[p.option]
        residents: list[str] = []
        for k, n in sorted(p.served.items()):
            residents.extend(cands.classes[k].residents[taken[k] : taken[k] + n])
            taken[k] += n
        left = cands.demand.tutor[p.tutor].sessions_left
        out.append(Proposal(o.activity.id, o.community, p.tutor, p.room, o.pattern, tuple(sorted(residents)),
                            o.fitting, left))  # fmt: skip
    return tuple(out)
