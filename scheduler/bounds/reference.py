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
MIN_BLOCK = 0.5  # seconds of search a block needs for its bound to beat its groups' coverage alone


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
        value, method = _lp(build(solved, cuts=True).build.model, max(1.0, seconds)), LP
    else:
        value, method = _blocks(solved, start + seconds), BLOCKS
    if value is None:
        return None
    return KnownBound(key(solved), value, method, round(time.perf_counter() - start, 1))


def _lp(model, seconds: float) -> int | None:
    bound = solve_highs(model, seconds).bound
    return None if bound is None else math.ceil(bound)  # the objective is whole


def _blocks(problem: Problem, end: float) -> int:
    """The blocks' bounds added up, by ``end``: each block gets an equal share of the time left, less what
    preparing the blocks still to come is expected to cost (measured per group on the blocks done); a block left
    less than ``MIN_BLOCK`` counts its groups' coverage alone."""
    cands = Candidates(problem)
    answers = answers_of(problem)
    p = bl.plan(problem, cands, answers)
    fits = fits_from_answers(problem, cands, answers)
    total, overhead, done = 0, 0.0, 0  # seconds beyond their shares the blocks done took; their groups
    to_come = sum(len(b.groups) for b in p.blocks)
    for n, block in enumerate(p.blocks):
        bound = math.ceil(  # its groups' coverage alone
            problem.weights.coverage * missed_at_best(problem, cands, {g: fits[g] for g in block.groups if g in fits})
        )
        preparing = overhead / done * to_come if done else 0.0
        share = (end - time.perf_counter() - preparing) / (len(p.blocks) - n)
        if share >= MIN_BLOCK:
            began = time.perf_counter()
            bound = max(bound, _block(bl.relaxed_job(problem, p, block, ()), share))
            overhead += max(0.0, time.perf_counter() - began - share)
            done += len(block.groups)
        to_come -= len(block.groups)
        total += bound
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
