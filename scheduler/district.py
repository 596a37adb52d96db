"""Solving a district: many communities joined by shared teachers, venues and residents.

1. A greedy timetable of the whole district (``greedy_patterns.warm_start_light``): the first feasible
   answer, in seconds, and every block's warm start.
2. Blocks (communities) are coloured so that coupled blocks never share a round. Round-0 blocks are solved
   alone, in parallel worker processes; blocks of later rounds are solved with the groups of their earlier
   coupled blocks fixed. A cross term (a clash between groups of two blocks, a resident's interests spread
   over blocks, a shared teacher's days) is counted once, by the later block, when every group it depends
   on is placed: the blocks' objectives add up to the district's exactly.
3. The bound: every block alone with its couplings relaxed bounds its share of the objective (each term is
   counted in at most one block and never above its cost): CP-SAT's bound for round-0 blocks, the coverage
   bound (``bounds.py``) for the others; their sum bounds the district.
The timetable is the union of the blocks' answers; its objective is the sum of theirs.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass

from scheduler import blocks as bl
from scheduler.bounds import coverage_bound
from scheduler.candidates import Candidates
from scheduler.demand import aggregate, answers_of
from scheduler.greedy_patterns import warm_start_light
from scheduler.model import Progress, ProgressCallback
from scheduler.model import solve as solve_model
from scheduler.problem import Problem
from scheduler.solution import Assignment, Solution, Status, Timings


@dataclass(frozen=True)
class BlockResult:
    block: int
    assignments: tuple[Assignment, ...]
    objective: int | None
    bound: float
    status: str
    variables: int
    penalties: dict[str, int]


_STOP: threading.Event | None = None


def _init_worker(stop) -> None:  # runs in each worker process
    global _STOP
    _STOP = stop


def run_job(job: bl.Job, time_limit: float, seed: int, reproducible: bool, threads: int = 1) -> BlockResult:
    """Solve one block's model (in a worker process) with ``threads`` CP-SAT workers."""
    from scheduler.candidates import Candidates as _Candidates

    cands = _Candidates(job.problem)
    demand = aggregate(job.problem, cands, job.answers, job.own, job.fixed)
    hint = _complete_hint(job)
    for attempt in range(3):  # a block that found nothing in time gets twice the time
        s = solve_model(
            job.problem,
            time_limit=time_limit * 2**attempt,
            workers=threads,
            seed=seed,
            reproducible=reproducible,
            stop=_STOP,
            hint=hint,  # None: the block's own greedy warm start
            demand=demand,
            scope=job.scope,
        )
        if s.status.has_timetable or s.status is Status.INFEASIBLE:
            break
    own = tuple(a for a in s.assignments if a.group in job.own)
    bound = s.bound if s.bound is not None else 0.0
    if job.bound_answers is not None:  # the block alone, couplings relaxed: its coverage bound
        alone = aggregate(job.problem, cands, job.bound_answers, job.own)
        bound = float(coverage_bound(job.problem, cands, alone))
    return BlockResult(job.block, own, s.objective, bound, str(s.status), s.variables, dict(s.penalties))


def _complete_hint(job: bl.Job) -> tuple[Assignment, ...] | None:
    """The job's hint plus the fixed neighbours where they are pinned; None unless every session is in it."""
    fixed = [
        Assignment(g.id, i, pin.slot, pin.venue or "", g.teacher)
        for g in job.problem.groups
        if g.id not in job.own
        for i, pin in enumerate(g.pinned)
    ]
    hint = (*job.hint, *fixed)
    placed = Counter(a.group for a in hint)
    return hint if all(placed[g.id] == g.sessions for g in job.problem.groups) else None


class _Inline(Executor):
    """Runs jobs in this process (one worker: no process start-up, easier to debug and test)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def solve_district(
    problem: Problem,
    *,
    time_limit: float = 30.0,
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
    """
    start = time.perf_counter()
    processes = workers if processes is None else processes
    threads = max(1, workers // max(1, processes))
    if executor is not None:
        processes, threads = max(1, getattr(executor, "slots", 1)), workers
    cands = Candidates(problem)
    answers = answers_of(problem)
    p = bl.plan(problem, cands, answers)
    warm = warm_start_light(problem, cands, answers)
    first = time.perf_counter() - start if not warm.unplaced else None
    hints = {g.id: tuple(a for a in warm.assignments if a.group == g.id) for g in problem.groups}
    build = time.perf_counter() - start
    n_jobs = len(p.blocks)
    budget = time_limit if reproducible else time_limit - build  # deterministic time must not depend on load
    per_job = max(0.5, budget * max(1, processes) / n_jobs * 0.85)
    if executor is not None:
        _init_worker(stop)  # block solves the executor runs in this process watch the same stop
    elif processes > 1:
        executor = ProcessPoolExecutor(
            processes, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker, initargs=(stop,)
        )
    else:
        _init_worker(stop)
        executor = _Inline()
    with executor:
        relaxed, final = _run(
            problem, cands, p, hints, executor, per_job, seed, reproducible, on_progress, start, threads,
            (time_limit, processes),
        )  # fmt: skip
    return _assemble(p, relaxed, final, start, build, first, seed, workers, stop)


def _run(problem, cands, p, hints, executor, per_job, seed, reproducible, on_progress, start, threads, budget):
    limit, processes = budget

    def hint_for(block: bl.Block) -> tuple[Assignment, ...]:
        return tuple(a for g in block.groups for a in hints[g])

    relaxed: dict[int, BlockResult] = {}
    final: dict[int, BlockResult] = {}
    pending: dict[Future, tuple[str, bl.Block]] = {}
    for b in p.order():
        if b.round == 0:  # alone and final at once: nothing before it is coupled to it
            job = bl.relaxed_job(problem, p, b, hint_for(b))
            pending[executor.submit(run_job, job, per_job, seed, reproducible, threads)] = ("relaxed", b)
    waiting = [b for b in p.order() if b.round > 0]
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            _, b = pending.pop(future)
            relaxed[b.index] = final[b.index] = future.result()
        for b in list(waiting):
            if all(c in final for c in p.coupled[b.index] if p.blocks[c].round < b.round):
                waiting.remove(b)
                placed: dict[str, tuple[Assignment, ...]] = {}
                for r in final.values():
                    for a in r.assignments:
                        placed[a.group] = (*placed.get(a.group, ()), a)
                job = bl.final_job(problem, cands, p, b, placed, hint_for(b))
                seconds = per_job
                if not reproducible:  # share what is left of the wall time among the blocks still to solve
                    left = start + limit - time.perf_counter()
                    seconds = max(0.2, min(per_job, 0.8 * left * processes / (len(waiting) + len(pending) + 1)))
                pending[executor.submit(run_job, job, seconds, seed, reproducible, threads)] = ("final", b)
        if on_progress is not None:
            bound = sum(r.bound for r in relaxed.values())
            on_progress(Progress(-1, bound, time.perf_counter() - start))
    return relaxed, final


def _assemble(p, relaxed, final, start, build, first, seed, workers, stop) -> Solution:
    results = [final[b.index] for b in p.blocks]
    total = time.perf_counter() - start
    if any(r.objective is None for r in results):
        failed = [p.blocks[r.block].community for r in results if r.objective is None]
        return Solution(
            Status.UNKNOWN,
            timings=Timings(build, first, total),
            explanation=(f"No timetable was found for community {', '.join(failed)} in the time allowed.",),
            seed=seed,
            workers=workers,
        )
    penalties: dict[str, int] = {}
    for r in results:
        for rule, value in r.penalties.items():
            penalties[rule] = penalties.get(rule, 0) + value
    objective = sum(r.objective for r in results)
    bound = min(float(objective), sum(r.bound for r in relaxed.values()))
    proven = all(r.status == "optimal" for r in relaxed.values()) and bound >= objective
    status = Status.OPTIMAL if proven else Status.FEASIBLE
    if stop is not None and stop.is_set() and not proven:
        status = Status.STOPPED
    return Solution(
        status,
        tuple(a for r in results for a in r.assignments),
        objective,
        bound,
        penalties,
        Timings(build, first, total),
        variables=sum(r.variables for r in results) + sum(r.variables for b, r in relaxed.items() if final[b] is not r),
        seed=seed,
        workers=workers,
    )
