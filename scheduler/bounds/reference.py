"""A bound of one exact problem worked out once, apart from any solve (a background task), for every solve of it.

The problem bounded is the one a solve starts with: a partial solve's, once the groups the pre-checks prove
impossible are left out (``search.partial.rest_of``), without its pins and previous placements (``known``). One
model: HiGHS on the LP relaxation with clique cuts (``lp``), which in a few tens of seconds goes well past what a
short solve proves. A district: every block alone, its couplings dropped (as ``bench.bounds`` does), each the
highest of that LP, the Lagrangian bound over patterns (``dual``) and each group's coverage alone; the dropped
terms only add cost, so the blocks' bounds add up.
"""

from __future__ import annotations

import math
import time

from scheduler.bounds.coverage import missed_at_best
from scheduler.bounds.known import KnownBound, key, without_placements
from scheduler.bounds.lp import solve_highs
from scheduler.district import blocks as bl
from scheduler.district.job import alone_dual
from scheduler.model.build import build
from scheduler.model.candidates import Candidates
from scheduler.model.demand import aggregate, answers_of
from scheduler.problem import Problem
from scheduler.search.greedy_patterns import fits_from_answers
from scheduler.search.partial import rest_of
from scheduler.solver import one_model

LP = "lp"  # one model: HiGHS's LP with clique cuts
BLOCKS = "blocks"  # a district: its blocks alone, summed
MAX_GROUPS = 200  # one model larger than this: building its LP costs more than it is worth
DUAL_SHARE = 0.4  # of a block's seconds: the Lagrangian bound (the rest: HiGHS)
DUAL_STEP = 1.0  # seconds of the dual between two looks: it stops once a step no longer raises it


def reference_bound(problem: Problem, seconds: float, *, partial: bool = True) -> KnownBound | None:
    """A proven lower bound of the problem a solve of ``problem`` starts with (``partial``: as the college solves),
    in about ``seconds``; None when none is found in the time (or the problem is out of reach)."""
    start = time.perf_counter()
    solved = without_placements(rest_of(problem) if partial else problem)
    if not solved.groups:
        return None
    if one_model(solved):
        if len(solved.groups) > MAX_GROUPS:
            return None
        value, method = _lp(build(solved, cuts=True).build.model, seconds), LP
    else:
        value, method = _blocks(solved, seconds), BLOCKS
    if value is None:
        return None
    return KnownBound(key(solved), value, method, round(time.perf_counter() - start, 1))


def _lp(model, seconds: float) -> int | None:
    bound = solve_highs(model, max(1.0, seconds)).bound
    return None if bound is None else math.ceil(bound)  # the objective is whole


def _blocks(problem: Problem, seconds: float) -> int:
    cands = Candidates(problem)
    answers = answers_of(problem)
    p = bl.plan(problem, cands, answers)
    fits = fits_from_answers(problem, cands, answers)
    end = time.perf_counter() + seconds
    total = 0
    for n, block in enumerate(p.blocks):
        share = max(1.0, (end - time.perf_counter()) / (len(p.blocks) - n))  # what earlier blocks left over
        alone = missed_at_best(problem, cands, {g: fits[g] for g in block.groups if g in fits})
        total += max(math.ceil(problem.weights.coverage * alone), _block(bl.relaxed_job(problem, p, block, ()), share))
    return total


def _levelled(dual, seconds: float) -> None:
    """Raise ``dual`` for ``seconds``, or until a step raises it no more (a small block's does in a second)."""
    end = time.perf_counter() + seconds
    last = None
    while (left := end - time.perf_counter()) > 0:
        dual.advance(min(DUAL_STEP, left))
        if last is not None and (dual.value() or 0) <= last:
            return
        last = dual.value() or 0


def _block(job: bl.Job, seconds: float) -> int:
    """The block alone: the higher of its Lagrangian bound and its LP with clique cuts (0 when neither is found)."""
    cands = Candidates(job.problem)
    demand = aggregate(job.problem, cands, job.answers, job.own)
    found = []
    dual = alone_dual(job, demand)
    if dual is not None:
        _levelled(dual, DUAL_SHARE * seconds)
        found.append(dual.value())
    model = build(job.problem, cands, demand, scope=job.scope, cuts=True).build.model
    found.append(_lp(model, (1 - DUAL_SHARE) * seconds))
    return max((b for b in found if b is not None), default=0)
