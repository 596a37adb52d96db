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

import logging
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
    overhead: float = 0.0  # seconds of the job outside CP-SAT's search (preparing, building, polishing)


_STOP: threading.Event | None = None
log = logging.getLogger(__name__)


def _init_worker(stop) -> None:  # runs in each worker process
    global _STOP
    _STOP = stop


def run_job(job: bl.Job, time_limit: float, seed: int, reproducible: bool, threads: int = 1) -> BlockResult:
    """Solve one block's model (in a worker process) with ``threads`` CP-SAT workers, all in ``time_limit``."""
    from scheduler.candidates import Candidates as _Candidates

    start = time.perf_counter()
    cands = _Candidates(job.problem)
    demand = aggregate(job.problem, cands, job.answers, job.own, job.fixed)
    hint = _complete_hint(job)
    for attempt in range(3):  # a block that found nothing in time gets twice the time
        left = time_limit * 2**attempt - (0 if reproducible or attempt else time.perf_counter() - start)
        s = solve_model(
            job.problem,
            time_limit=max(0.1, left),
            workers=threads,
            seed=seed,
            reproducible=reproducible,
            stop=_STOP,
            hint=hint,  # None: the block's own greedy warm start
            demand=demand,
            scope=job.scope,
            cands=cands,
        )
        if s.status.has_timetable or s.status is Status.INFEASIBLE:
            break
    own = tuple(a for a in s.assignments if a.group in job.own)
    bound = s.bound if s.bound is not None else 0.0
    if job.bound_answers is not None:  # the block alone, couplings relaxed: its coverage bound
        alone = aggregate(job.problem, cands, job.bound_answers, job.own)
        bound = float(coverage_bound(job.problem, cands, alone))
    overhead = time.perf_counter() - start - s.timings.search
    return BlockResult(job.block, own, s.objective, bound, str(s.status), s.variables, dict(s.penalties), overhead)


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
    """Block solves, at most ``processes`` at a time; each gets an equal share of the wall time still left."""
    limit, processes = budget
    deadline = start + limit - 0.8  # what the last job may overrun, stopping the workers and assembling take

    def job_for(b: bl.Block) -> bl.Job:
        hint = tuple(a for g in b.groups for a in hints[g])
        if b.round == 0:  # alone and final at once: nothing before it is coupled to it
            return bl.relaxed_job(problem, p, b, hint)
        placed: dict[str, tuple[Assignment, ...]] = {}
        for r in final.values():
            for a in r.assignments:
                placed[a.group] = (*placed.get(a.group, ()), a)
        return bl.final_job(problem, cands, p, b, placed, hint)

    relaxed: dict[int, BlockResult] = {}
    final: dict[int, BlockResult] = {}
    pending: dict[Future, tuple[bl.Block, float]] = {}  # future → block, when its time runs out
    ready = [b for b in p.order() if b.round == 0]
    waiting = [b for b in p.order() if b.round > 0]
    while ready or pending:
        while ready and len(pending) < processes:
            b = ready.pop(0)
            seconds = per_job
            if not reproducible:  # deterministic time must not depend on the load; the wall clock must
                seconds = _share(b, [*ready, *waiting], pending.values(), final, p, deadline, processes)
            log.debug(
                "block %s (round %s) at %.1f s gets %.2f s", b.community, b.round, time.perf_counter() - start, seconds
            )
            pending[executor.submit(run_job, job_for(b), seconds, seed, reproducible, threads)] = (
                b,
                time.perf_counter() + seconds,
            )
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            b, _ = pending.pop(future)
            relaxed[b.index] = final[b.index] = future.result()  # a final job also bounds its block alone
            log.debug(
                "block %s done at %.1f s, %.2f s outside search",
                b.community,
                time.perf_counter() - start,
                final[b.index].overhead,
            )
        for b in list(waiting):
            if all(c in final for c in p.coupled[b.index] if p.blocks[c].round < b.round):
                waiting.remove(b)
                ready.append(b)
        if on_progress is not None:
            bound = sum(r.bound for r in relaxed.values())
            on_progress(Progress(-1, bound, time.perf_counter() - start))
    return relaxed, final


def _share(block, later, running, final, p, deadline: float, processes: int) -> float:
    """Seconds for ``block``'s job: its expected overhead (building, warm start, polish: as measured on the
    blocks of its round so far) plus an equal share of the search time the process slots have left."""

    def overhead(b: bl.Block) -> float:
        same = [r.overhead for i, r in final.items() if p.blocks[i].round == b.round]
        if same:
            return sum(same) / len(same)
        seen = [r.overhead for r in final.values()]
        return 1.5 * max(seen) if seen else 1.0

    now = time.perf_counter()
    busy = sum(max(0.0, until - now) for _, until in running)
    left = (deadline - now) * processes - busy - sum(overhead(b) for b in (block, *later))
    return overhead(block) + max(0.1, left / (len(later) + 1))


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
