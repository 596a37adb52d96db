"""Demand coverage with teacher and venue limits relaxed: how many interests any timetable can make attendable.

The relaxed model is the normal model (``model.build``) without the rules named in ``RELAXED``, with coverage
as its only objective; every other hard rule and the residents' clash logic stay, and groups of one teacher
may overlap (so their shared residents can lose them). Any real timetable is a relaxed one with the same
coverage, so any proven bound of the relaxed optimum bounds every timetable's coverage. The bound is the
smallest of each group alone (``coverage.py``), the dual bound HiGHS proves for the relaxed model with its
clique cuts as a MIP in the time given (``lp.py``; CP-SAT's proven bound on this model is far weaker) and the LP
relaxation without the cuts (a district's largest communities, where the LP with cuts is too slow). The best
relaxed timetable the MIP finds shows how close the bound is to what the relaxation can reach.

A district is relaxed once more, community by community (``district_coverage``, LP): every block alone,
the interests of its residents in other communities' groups left out of its clashes, so the blocks' relaxed
optima add up to at least the district's.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from scheduler.bounds.coverage import coverage_bound
from scheduler.bounds.lp import Relaxed, solve_highs
from scheduler.district import blocks as bl
from scheduler.model.build import add_hint, build, read_assignments
from scheduler.model.candidates import Candidates
from scheduler.model.cliques import add_clique_cuts
from scheduler.model.demand import Answer, aggregate, answers_of
from scheduler.model.rules.registry import HARD_RULES
from scheduler.problem import Problem
from scheduler.solution import Assignment

RELAXED = ("teacher_load", "teacher_conflict", "travel", "venue_conflict")


@dataclass(frozen=True)
class RelaxedCoverage:
    """Attendable interests: ``bound`` proven for every timetable, ``found`` by the best relaxed timetable."""

    bound: int  # the smallest of the three below
    found: int | None  # None: no relaxed timetable in the time (and no hint)
    total: int
    optimal: bool
    per_group: int  # each group's best pattern alone
    mip: int | None  # HiGHS's dual bound with clique cuts (None: not even its root LP in the time)
    lp: int | None  # the LP relaxation: without clique cuts beside the MIP (a safety net), with triangles alone
    timetable: tuple[Assignment, ...]  # the best relaxed timetable (may break the relaxed teacher/venue rules)


def relaxed_coverage(
    problem: Problem,
    cands: Candidates | None = None,
    *,
    time_limit: float = 60.0,
    hint: tuple[Assignment, ...] | None = None,
    answers: list[Answer] | None = None,
    own: frozenset[str] | None = None,
    mip: bool = True,
) -> RelaxedCoverage:
    """Solve the relaxation for at most ``time_limit`` seconds; ``hint``: a timetable to start from.
    ``answers``/``own``: a block's residents and groups (``aggregate``), when ``problem`` is one block.
    ``mip=False``: the LP with triangle cuts only (no relaxed timetable)."""
    if not problem.weights.coverage:  # the relaxation's objective is coverage alone, whatever its weight
        problem = replace(problem, weights=replace(problem.weights, coverage=1))
    cands = cands or Candidates(problem)
    demand = aggregate(problem, cands, answers, own, teachers_apart=False)
    rules = [name for name in HARD_RULES if name not in RELAXED] + ["coverage"]
    lp_model = build(problem, cands, demand, rules=rules)
    relaxed, m = Relaxed(None, None, False), None
    if mip:
        m = build(problem, cands, demand, rules=rules, cuts=True)
        if hint:
            add_hint(m, hint)
        relaxed = solve_highs(m.build.model, time_limit, integer=True)
    else:  # the MIP is out of reach: triangles give the LP most of what the clique cuts give it
        add_clique_cuts(lp_model.vars, max_size=3)
    plain = solve_highs(lp_model.build.model, time_limit)
    w = problem.weights.coverage

    def attendable(missed_bound: float | None) -> int | None:
        if missed_bound is None or not math.isfinite(missed_bound):
            return None
        return demand.total - math.ceil(missed_bound / w - 1e-6)

    per_group = demand.total - coverage_bound(problem, cands, demand) // w
    with_cuts, lp = attendable(relaxed.bound), attendable(plain.bound)
    bound = min(b for b in (per_group, with_cuts, lp) if b is not None)
    timetable, found = (), None
    if m is not None and relaxed.values is not None:  # its objective: the missed interests (at most)
        timetable = read_assignments(m, _Values(relaxed.values))
        found = demand.total - round(relaxed.objective / w)
    return RelaxedCoverage(bound, found, demand.total, relaxed.optimal, per_group, with_cuts, lp, timetable)


class _Values:
    """A MIP solution read like a CP-SAT solver's (what ``read_assignments`` asks)."""

    def __init__(self, values: list[float]) -> None:
        self.values = values

    def boolean_value(self, lit) -> bool:  # noqa: ANN001 - a CP-SAT literal
        return self.values[lit.index] > 0.5


def district_coverage(
    problem: Problem, *, time_limit: float = 20.0, processes: int = 2, budget: float | None = None
) -> Iterator[RelaxedCoverage]:
    """Each community's relaxed coverage (``time_limit`` seconds each, ``processes`` at once), every coupling
    to other communities dropped: the ``bound``s add up to a bound of the district's coverage. ``budget``:
    seconds for them all; a community not relaxed by then gives its bound of each group alone (still a bound).

    The LP with triangle cuts only: on a district's larger communities HiGHS's MIP with the clique cuts did not
    reach its root in time and overran its limit. Triangles keep most of the cuts' gain at a fraction of the size."""
    cands = Candidates(problem)
    answers = answers_of(problem)
    p = bl.plan(problem, cands, answers)
    jobs = [bl.relaxed_job(problem, p, b, ()) for b in p.blocks]
    deadline = math.inf if budget is None else time.perf_counter() + budget
    if processes <= 1:
        for job in jobs:
            yield _block_coverage(job, time_limit) if time.perf_counter() < deadline else _each_alone(job)
        return
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_block_coverage, job, time_limit) for job in jobs]
        for job, future in zip(jobs, futures, strict=True):
            try:
                yield future.result(timeout=None if budget is None else max(0.0, deadline - time.perf_counter()))
            except TimeoutError:
                future.cancel()  # one still running finishes on its own time limit
                yield _each_alone(job)


def _each_alone(job: bl.Job) -> RelaxedCoverage:
    """A community's bound of each group alone at its best pattern (instant), for one not relaxed in time."""
    problem = job.problem
    if not problem.weights.coverage:
        problem = replace(problem, weights=replace(problem.weights, coverage=1))
    cands = Candidates(problem)
    demand = aggregate(problem, cands, job.answers, job.own, teachers_apart=False)
    per_group = demand.total - coverage_bound(problem, cands, demand) // problem.weights.coverage
    return RelaxedCoverage(per_group, None, demand.total, False, per_group, None, None, ())


def _block_coverage(job: bl.Job, time_limit: float) -> RelaxedCoverage:
    coverage = relaxed_coverage(job.problem, time_limit=time_limit, answers=job.answers, own=job.own, mip=False)
    return replace(coverage, timetable=())
