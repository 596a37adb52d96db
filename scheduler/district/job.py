"""One block of a district solve, as a worker process (or a task worker on another machine) runs it.

``run_job`` first improves the block's warm start by local search (``best_response``), then builds the block's
model and searches it in the seconds it is given. When those seconds cannot pay
for building the full model (``evaluate=True``, the district's clock decides), the block keeps its warm start
and only values it: its groups pinned where the warm start put them make a model with one weekly pattern per
group, built in a fraction of the time, whose objective is the exact cost of that timetable.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, replace

from scheduler.bounds.dual import DualBound
from scheduler.district import blocks as bl
from scheduler.explain import NO_CAUSE, explain
from scheduler.model.build import add_hint, build
from scheduler.model.candidates import Candidates
from scheduler.model.demand import Demand, aggregate
from scheduler.problem import Placement, Problem
from scheduler.reason import Reason
from scheduler.search import best_response
from scheduler.search.greedy import Greedy, _Calendar
from scheduler.search.one_model import repair
from scheduler.search.one_model import solve as solve_model
from scheduler.solution import Assignment, Solution, Status

DUAL_SHARE = 0.25  # of a valued block's kicks: the Lagrangian bound of the block alone


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
    explanation: tuple[Reason, ...] = ()  # why the block has no timetable (status "infeasible": proven)
    evaluated: bool = False  # the warm start valued, no search
    alone: float = 0.0  # a bound of the block alone, every coupling dropped (its share of the district's bound)


_STOP: threading.Event | None = None


def watch_stop(stop) -> None:  # runs in each worker process, and wherever a block job runs
    global _STOP
    _STOP = stop


def run_job(
    job: bl.Job,
    time_limit: float,
    seed: int,
    reproducible: bool,
    threads: int = 1,
    evaluate: bool = False,
    kicks: float | None = 0.0,
) -> BlockResult:
    """Solve one block's model with ``threads`` CP-SAT workers, all in ``time_limit`` (or value its warm start,
    after ``kicks`` seconds of the local search's kicks; None: no local search, the district is out of time)."""
    start = time.perf_counter()
    hint = complete_hint(job)
    cands = Candidates(job.problem)
    demand = aggregate(job.problem, cands, job.answers, job.own, job.fixed)
    greedy, stopped = hint, _STOP is not None and _STOP.is_set()
    late = evaluate and kicks is None
    dual = alone_dual(job, demand) if not reproducible else None
    if dual is not None and evaluate and kicks:  # no search to go beside: a share of the kicks' time instead
        spent = time.perf_counter()
        dual.advance(DUAL_SHARE * kicks)
        kicks = max(0.0, kicks - (time.perf_counter() - spent))
    if hint is not None and not stopped and not late:  # local search: far more than a short CP-SAT search finds
        hint = _improved(job, cands, demand, hint, seed, (kicks or 0.0) if evaluate and not reproducible else 0.0)
    if (evaluate or stopped) and hint is not None:
        valued = _evaluate(job, hint, demand, start)
        valued = valued or (_evaluate(job, greedy, demand, start) if greedy is not None else None)
        if valued is not None:
            alone_bound = float((dual.value() if dual is not None else None) or 0)
            return replace(valued, overhead=max(0.0, valued.overhead - (kicks or 0.0)), alone=alone_bound)
    for attempt in range(3 if reproducible else 1):  # deterministic time only: a block that found nothing retries
        left = time_limit * 2**attempt - (0 if reproducible else time.perf_counter() - start)
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
            beside=dual,
        )
        if s.status.has_timetable or s.status is Status.INFEASIBLE:
            break
    if not s.status.has_timetable and s.status is not Status.INFEASIBLE and hint is not None:
        valued = _evaluate(job, hint, demand, start)  # out of time before any timetable: keep the warm start
        if valued is not None:
            return valued
    if s.status is Status.INFEASIBLE:
        return _impossible(job, s, start)
    own = tuple(a for a in s.assignments if a.group in job.own)
    bound = s.bound if s.bound is not None and job.relaxed else 0.0  # fixed neighbours: no bound of its share
    overhead = time.perf_counter() - start - s.timings.search
    alone_bound = float((dual.value() if dual is not None else None) or 0)
    return BlockResult(
        job.block, own, s.objective, bound, str(s.status), s.variables, dict(s.penalties), overhead, alone=alone_bound
    )


def alone_dual(job: bl.Job, demand: Demand) -> DualBound | None:
    """The Lagrangian bound of the block alone, to raise beside its search or in a share of its kicks."""
    problem = alone(job)
    own = job.own
    interests = tuple(
        replace(i, others=i.others & own) for i in demand.interests if i.group in own
    )  # interests reaching into other blocks' groups: their clashes there dropped (the block alone)
    shared = {pair: n for pair, n in demand.shared.items() if pair[0] in own and pair[1] in own}
    return DualBound(problem, Candidates(problem), replace(demand, interests=interests, shared=shared), start=False)


def alone(job: bl.Job) -> Problem:
    """The block's groups only, every coupling to other blocks dropped."""
    return replace(job.problem, groups=tuple(g for g in job.problem.groups if g.id in job.own))


def _improved(job: bl.Job, cands, demand: Demand, hint, seed: int, kicks: float):
    """The hint after best responses (``search.best_response``), then ``kicks`` seconds of its kicks.

    The district's greedy placed a block's groups before its earlier neighbours moved: a group whose hinted
    sessions now break a hard rule is placed again by ``greedy_patterns.repair`` first (None if it cannot be).
    """
    clashing = _clashing(job, cands, hint)
    if clashing:
        kept = tuple(a for a in hint if a.group not in clashing)
        found = repair(job.problem, cands, Greedy(kept, clashing), seconds=1.0)
        if found.unplaced:
            return None
        hint = found.assignments
    many = 10**6 if kicks > 0 else 0  # as many as the seconds allow
    return best_response.improve(job.problem, cands, demand, hint, seconds=kicks, kicks=many, seed=seed, stop=_stopped)


def _stopped() -> bool:
    return _STOP is not None and _STOP.is_set()


def _clashing(job: bl.Job, cands, hint) -> tuple[str, ...]:
    """Own groups whose hinted sessions overlap a teacher's or venue's other session (or travel, or a day)."""
    problem = job.problem
    cal = _Calendar(problem, cands)
    sessions: dict[str, list[tuple[int, str]]] = {}
    for a in hint:
        sessions.setdefault(a.group, []).append((problem.slot_index[a.slot], a.venue))
    out = []
    for gid in sorted(sessions, key=lambda gid: (gid in job.own, gid)):  # fixed neighbours first
        g = problem.group[gid]
        days = [problem.slots[t].weekday for t, _ in sessions[gid]]
        if g.one_per_day and len(set(days)) < len(days):
            out.append(gid)
            continue
        for t, v in sessions[gid]:
            if not cal.free(g, t, v):
                out.append(gid)
                break
            cal.book(g, t, v)
    return tuple(g for g in out if g in job.own)


def complete_hint(job: bl.Job) -> tuple[Assignment, ...] | None:
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


def _evaluate(job: bl.Job, hint: tuple[Assignment, ...], demand: Demand, start: float) -> BlockResult | None:
    """The warm start valued exactly: own groups pinned to it, every decision fixed (None when it breaks a hard
    rule with neighbours that moved since the district's greedy placed them)."""
    where: dict[str, list[Placement]] = {}
    for a in hint:
        if a.group in job.own:
            where.setdefault(a.group, []).append(Placement(a.slot, a.venue))
    groups = tuple(replace(g, pinned=tuple(where[g.id])) if g.id in job.own else g for g in job.problem.groups)
    pinned = replace(job.problem, groups=groups)
    cands = Candidates(pinned)
    m = build(pinned, cands, demand, scope=job.scope)  # the block's demand: pinning changes no interest's value
    penalties = add_hint(m, hint)
    if penalties is None:
        return None
    own = sorted((a for a in hint if a.group in job.own), key=lambda a: (a.group, a.slot.weekday, a.slot.start))
    index: dict[str, int] = {}
    for k, a in enumerate(own):
        i = index[a.group] = index.get(a.group, -1) + 1
        own[k] = replace(a, index=i)
    overhead = time.perf_counter() - start
    objective = sum(penalties.values())
    status = str(Status.STOPPED if _STOP is not None and _STOP.is_set() else Status.FEASIBLE)  # never proven
    return BlockResult(job.block, tuple(own), objective, 0.0, status, m.vars.count, penalties, overhead, evaluated=True)


def _impossible(job: bl.Job, s: Solution, start: float) -> BlockResult:
    """A block proven impossible: "infeasible" when the block alone is (so is the district), else "unknown"
    (its fixed neighbours leave it no room; another order might)."""
    explanation = s.explanation
    if job.fixed:
        alone = replace(job.problem, groups=tuple(g for g in job.problem.groups if g.id in job.own))
        explanation = explain(alone, time_limit=5.0)
    proven = bool(explanation) and explanation[0].code != NO_CAUSE
    status = Status.INFEASIBLE if proven else Status.UNKNOWN
    return BlockResult(job.block, (), None, 0.0, str(status), s.variables, {}, time.perf_counter() - start, explanation)
