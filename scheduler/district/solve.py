"""Solving a district: many communities joined by shared teachers, venues and residents.

1. A greedy timetable of the whole district (``greedy_patterns.pattern_first`` and ``repair``): the first
   feasible answer, in seconds, and every block's warm start.
2. Blocks (communities) are coloured so that coupled blocks never share a round. Round-0 blocks are solved
   alone, in parallel worker processes; blocks of later rounds are solved with the groups of their earlier
   coupled blocks fixed. A cross term (a clash between groups of two blocks, a resident's interests spread
   over blocks, a shared teacher's days) is counted once, by the later block, when every group it depends
   on is placed: the blocks' objectives add up to the district's exactly.
3. The bound: every block alone with its couplings relaxed bounds its share of the objective (each term is
   counted in at most one block and never above its cost): the best of CP-SAT's bound (round-0 blocks that
   were searched with no later group pinned), the Lagrangian bound over weekly patterns of a block whose
   residents' interests stay within it (``bounds.dual``, raised beside its search in its worker) and the
   coverage bound (``bounds.coverage``, worked out here while the workers search); their sum bounds the district.
The timetable is the union of the blocks' answers; its objective is the sum of theirs. The whole solve fits in
its wall-time limit: ``district.clock`` gives each block job its expected overhead plus a share of the search time
left, and a block whose full model the time left cannot pay for keeps its greedy placement, valued exactly
(``district.job``). A block impossible on its own makes the district infeasible, with its explanation.
Every block job keeps the later blocks' groups it shares a teacher or venue with pinned at the greedy's placement
(``blocks.later``), so every block starts where its warm start is a timetable. A block that finds nothing all
the same goes again with the time the others leave; then the whole district is solved as one model.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import replace

from scheduler.bounds.coverage import missed_at_best
from scheduler.district import blocks as bl
from scheduler.district.clock import SAFETY, BlockClock
from scheduler.district.job import BlockResult, run_job, watch_stop
from scheduler.model.candidates import Candidates
from scheduler.model.demand import answers_of
from scheduler.options import DEFAULT_TIME_LIMIT
from scheduler.problem import Problem
from scheduler.reason import COMMUNITY, Reason
from scheduler.search.greedy_patterns import fits_from_answers, pattern_first, shared_from_answers
from scheduler.search.one_model import repair
from scheduler.search.one_model import solve as solve_model
from scheduler.solution import Assignment, Progress, ProgressCallback, Solution, Status, Timings

__all__ = ["BlockResult", "run_job", "solve_district"]  # run_job: what the fan-out's task workers call
log = logging.getLogger(__name__)
NOT_FOUND = "district.not_found"  # no timetable found for these communities in the time allowed, none proven
MARGIN = 2.0  # seconds kept at the end of the limit: the last jobs overrunning their plan, assembling the answer


class _Inline(Executor):
    """Runs jobs in this process (one worker: no process start-up, easier to debug and test)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def solve_district(
    problem: Problem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = 2,
    seed: int = 0,
    reproducible: bool = False,
    on_progress: ProgressCallback | None = None,
    stop=None,
    processes: int | None = None,
    executor: Executor | None = None,
) -> Solution:
    """``processes`` block solves run at once (default: ``workers``), each with workers // processes threads.

    ``executor``: run the block solves there instead (for instance task workers on other machines, each with
    ``workers`` threads); it runs ``executor.slots`` of them at once, and every job it gets must pickle.
    Everything, from the greedy to the assembled answer, fits in ``time_limit`` seconds of wall time (except in
    ``reproducible`` mode, where every block gets a fixed share of deterministic time).
    """
    start = time.perf_counter()
    processes = workers if processes is None else processes
    threads = max(1, workers // max(1, processes))
    if executor is not None:
        processes, threads = max(1, getattr(executor, "slots", 1)), workers
        watch_stop(stop)  # block solves the executor runs in this process watch the same stop
    elif processes > 1:
        executor = ProcessPoolExecutor(
            processes, mp_context=multiprocessing.get_context("spawn"), initializer=watch_stop, initargs=(stop,)
        )  # its processes start with the first jobs: starting them earlier slows the greedy
    else:
        watch_stop(stop)
        executor = _Inline()
    with executor:
        with _gc_paused():  # hundreds of thousands of residents: collections would cost seconds here
            cands = Candidates(problem)
            answers = answers_of(problem)
            p = bl.plan(problem, cands, answers)
            fits = fits_from_answers(problem, cands, answers)
            shared, seconds = shared_from_answers(answers), min(5.0, max(0.5, time_limit / 6))
            found = pattern_first(problem, cands, fits, shared, again=False)
            warm = repair(problem, cands, found, seconds)
            if warm.unplaced:  # the repair could not place them: the greedy's second pass, left-out groups first
                again = pattern_first(problem, cands, fits, shared, again=False, ahead=found.unplaced)
                warm = repair(problem, cands, min(found, again, key=lambda r: len(r.unplaced)), seconds)
        first = time.perf_counter() - start if not warm.unplaced else None
        hints: dict[str, list[Assignment]] = {}
        for a in warm.assignments:
            hints.setdefault(a.group, []).append(a)
        build = time.perf_counter() - start
        if on_progress is not None and first is not None:
            on_progress(Progress(-1, 0.0, first))
        clock = BlockClock(p, start + time_limit - MARGIN, processes, reproducible, time_limit * processes)
        alone = _AloneBounds(problem, cands, p, fits)
        final = _run(problem, cands, p, hints, executor, clock, (seed, threads), (on_progress, alone), start, stop)
    s = _assemble(p, alone, final, start, build, first, seed, workers, stop)
    if s.status is Status.UNKNOWN and not _set(stop):  # last resort: the whole district as one model
        cost = sum(clock.cost(b, False) for b in p.blocks)  # the whole model: every block's full job, at least
        s = _whole(
            problem, final, hints, s, (start, time_limit, cost), (seed, workers, reproducible), (on_progress, stop)
        )
    return s


def _whole(problem: Problem, final, hints, failed: Solution, clock: tuple[float, ...], how, report) -> Solution:
    """The whole district as one model in the time left, warm-started from the blocks' answers and the greedy's
    placement of the groups of blocks that found none; ``failed`` when it finds no timetable either, or when the
    time left cannot pay for building the model (``clock``: start, limit, and the model's expected cost)."""
    seed, workers, reproducible = how
    on_progress, stop = report
    start, time_limit, cost = clock
    offset = time.perf_counter() - start
    left = time_limit - offset - MARGIN / 2
    if left < MARGIN or (not reproducible and left < SAFETY * cost):
        log.debug("whole district at %.1f s skipped: %.1f s left, its model costs about %.1f s", offset, left, cost)
        return failed
    answered = tuple(a for r in final.values() for a in r.assignments)
    placed = {a.group for a in answered}
    hint = answered + tuple(a for g, sessions in hints.items() if g not in placed for a in sessions)

    def shifted(progress: Progress) -> None:
        if on_progress is not None:
            on_progress(replace(progress, elapsed=progress.elapsed + offset))

    s = solve_model(
        problem, time_limit=left, workers=workers, seed=seed, reproducible=reproducible, on_progress=shifted,
        stop=stop, hint=hint, dual_bound=False,
    )  # fmt: skip
    log.debug("whole district at %.1f s: %s", offset, s.status)
    if not s.status.has_timetable:
        return replace(failed, timings=replace(failed.timings, total=offset + s.timings.total))
    first = failed.timings.first_solution
    if first is None and s.timings.first_solution is not None:
        first = offset + s.timings.first_solution
    timings = Timings(failed.timings.build, first, offset + s.timings.total, s.timings.search)
    return replace(s, timings=timings)


class _AloneBounds:
    """Each block alone, its couplings relaxed, every group at its best weekly pattern: a bound on its share of
    the objective (the coverage bound, ``bounds.coverage``), worked out while the worker processes search."""

    def __init__(self, problem: Problem, cands: Candidates, p: bl.Plan, fits: dict[str, dict[int, int]]) -> None:
        self.problem, self.cands, self.p, self.fits = problem, cands, p, fits
        self.bounds: dict[int, float] = {}

    def of(self, b: bl.Block) -> float:
        if b.index not in self.bounds:
            by_group = {g: self.fits[g] for g in b.groups if g in self.fits}
            missed = missed_at_best(self.problem, self.cands, by_group)
            self.bounds[b.index] = float(self.problem.weights.coverage * missed)
        return self.bounds[b.index]

    def next(self) -> None:
        """Work out one bound not yet known."""
        b = next((b for b in self.p.blocks if b.index not in self.bounds), None)
        if b is not None:
            self.of(b)

    def total(self, results: dict[int, BlockResult], known_only: bool = False) -> float:
        """The district's bound: per block the best of its own search's bound, the Lagrangian bound of the block
        alone raised beside that search (``job.run_job``) and the coverage bound (with ``known_only``, 0 for a
        block whose coverage bound is not worked out yet: still a bound, at no cost)."""
        total = 0.0
        for b in self.p.blocks:
            r = results.get(b.index)
            coverage = self.bounds.get(b.index, 0.0) if known_only else self.of(b)
            total += max(0.0 if r is None else max(r.bound, r.alone), coverage)
        return total


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(problem, cands, p, hints, executor, clock: BlockClock, how, report, start, stop) -> dict[int, BlockResult]:
    """Block solves, at most ``clock.processes`` at a time, each told by the clock how long and how."""
    seed, threads = how
    on_progress, alone = report

    def job_for(b: bl.Block) -> bl.Job:
        hint = tuple(a for g in b.groups for a in hints.get(g, ()))
        if b.round == 0:  # alone and final at once: nothing before it is coupled to it
            return bl.relaxed_job(problem, p, b, hint, ahead, cands)
        placed: dict[str, tuple[Assignment, ...]] = {}
        for r in final.values():
            for a in r.assignments:
                placed[a.group] = (*placed.get(a.group, ()), a)
        return bl.final_job(problem, cands, p, b, placed, hint, ahead)

    ahead = {g: tuple(a) for g, a in hints.items()}

    final: dict[int, BlockResult] = {}
    pending: dict[Future, bl.Block] = {}
    ready = [b for b in p.order() if b.round == 0]
    waiting = [b for b in p.order() if b.round > 0]
    again: set[int] = set()  # blocks that found nothing in their share: once more, with the time others leave
    impossible = False
    while (ready and not impossible) or pending:
        while ready and not impossible and len(pending) < clock.processes:
            b = ready.pop(0)
            stopped = stop is not None and stop.is_set()
            if b.index in again:
                seconds, evaluate, kicks = clock.again(b, [*ready, *waiting]), False, 0.0
            else:
                seconds, evaluate, kicks = clock.plan(b, [*ready, *waiting], stopped=stopped)
            log.debug(
                "block %s (round %s) at %.1f s: %.2f s%s",
                b.community, b.round, time.perf_counter() - start, seconds, ", warm start valued" if evaluate else "",
            )  # fmt: skip
            job = job_for(b)
            pending[executor.submit(run_job, job, seconds, seed, clock.reproducible, threads, evaluate, kicks)] = b
        alone.next()  # while the workers search
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            b = pending.pop(future)
            r = future.result()
            clock.finished(b, r)
            log.debug(
                "block %s done at %.1f s, %.2f s outside search%s", b.community, time.perf_counter() - start,
                r.overhead, "" if r.objective is not None else f", no timetable ({r.status})",
            )  # fmt: skip
            proven = r.status == str(Status.INFEASIBLE)
            if r.objective is None and not proven and b.index not in again and clock.left() > 0 and not _set(stop):
                again.add(b.index)
                ready.insert(0, b)  # its coupled later blocks keep waiting for it
                continue
            final[b.index] = r
            impossible = impossible or proven
        for b in list(waiting):
            if all(c in final for c in p.coupled[b.index] if p.blocks[c].round < b.round):
                waiting.remove(b)
                ready.append(b)
        if on_progress is not None:
            on_progress(Progress(-1, alone.total(final, known_only=True), time.perf_counter() - start))
    return final


def _set(stop) -> bool:
    return stop is not None and stop.is_set()


def _assemble(p, alone: _AloneBounds, final, start, build, first, seed, workers, stop) -> Solution:
    total = time.perf_counter() - start
    common = dict(seed=seed, workers=workers)
    proven = [r for r in final.values() if r.status == Status.INFEASIBLE]
    if proven:  # one community cannot be timetabled even alone: neither can the district
        explanation = tuple(s for r in proven for s in r.explanation)
        return Solution(Status.INFEASIBLE, timings=Timings(build, first, total), explanation=explanation, **common)
    results = [final.get(b.index) for b in p.blocks]
    if any(r is None or r.objective is None for r in results):
        failed = [b.community for b, r in zip(p.blocks, results, strict=True) if r is not None and r.objective is None]
        why = tuple(s for r in results if r is not None for s in r.explanation)
        return Solution(
            Status.UNKNOWN,
            timings=Timings(build, first, total),
            explanation=(Reason(NOT_FOUND, {COMMUNITY: tuple(failed)}), *why),
            **common,
        )
    penalties: dict[str, int] = {}
    for r in results:
        for rule, value in r.penalties.items():
            penalties[rule] = penalties.get(rule, 0) + value
    objective = sum(r.objective for r in results)
    bound = min(float(objective), alone.total(final))
    proven_best = bound >= objective
    status = Status.OPTIMAL if proven_best else Status.FEASIBLE
    if stop is not None and stop.is_set() and not proven_best:
        status = Status.STOPPED
    return Solution(
        status,
        tuple(a for r in results for a in r.assignments),
        objective,
        bound,
        penalties,
        Timings(build, total if first is None else first, total),  # no complete greedy: complete once assembled
        variables=sum(r.variables for r in results),
        **common,
    )
