"""Demand coverage references: the coordinator's greedy timetable and an upper bound.

The upper bound is the best share with teacher and venue limits relaxed (``scheduler.relaxation``): CP-SAT's
proven bound of that relaxation after a bounded time, printed with the best relaxed timetable it found so
the reader sees the interval the relaxed optimum lies in. A district (more than ``RELAXATION_MAX_GROUPS``
groups) is too big for one relaxed model in a benchmark's time (measured: not done after four minutes), so
there the bound is each group's best pattern alone (``scheduler.bounds``), looser but instant.
"""

from __future__ import annotations

import time

from scheduler.bounds import coverage_bound
from scheduler.candidates import Candidates
from scheduler.demand import aggregate
from scheduler.greedy import first_fit
from scheduler.problem import Problem
from scheduler.relaxation import RelaxedCoverage, relaxed_coverage
from scheduler.solution import Assignment
from scheduler.verify import verify

RELAXATION_MAX_GROUPS = 200


def print_coverage(
    problem: Problem,
    attendable: int,
    cands: Candidates,
    *,
    hint: tuple[Assignment, ...],
    time_limit: float,
    workers: int,
) -> tuple[float, float]:
    """Print ours, greedy's and the relaxation's coverage; (share of the upper bound, multiple of greedy)."""
    greedy = first_fit(problem, cands)
    greedy_report = verify(problem, greedy.assignments)
    total = greedy_report.interests
    if len(problem.groups) > RELAXATION_MAX_GROUPS:
        demand = aggregate(problem, cands)
        bound = total - coverage_bound(problem, cands, demand) // (problem.weights.coverage or 1)
        relaxed = None
    else:
        start = time.perf_counter()
        relaxed = relaxed_coverage(problem, cands, time_limit=time_limit, workers=workers, hint=hint)
        seconds = time.perf_counter() - start
        bound = relaxed.bound
    print("\ndemand coverage: attendable (resident, group) interests")
    print(f"  ours                          {attendable:>9,} / {total:,} = {attendable / total:.2%}")
    print(
        f"  greedy first-fit              {greedy_report.attendable:>9,} / {total:,} = {greedy_report.coverage:.2%}"
        f"   ({len(greedy.unplaced)} groups it could not place)"
    )
    if relaxed is None:
        print(f"  upper bound (each group alone)  {bound:>7,} / {total:,} = {bound / total:.2%}")
    else:
        _print_relaxed(relaxed, seconds)
    vs_bound = attendable / bound if bound else 1.0
    vs_greedy = attendable / greedy_report.attendable if greedy_report.attendable else float("inf")
    return vs_bound, vs_greedy


def _print_relaxed(relaxed: RelaxedCoverage, seconds: float) -> None:
    total = relaxed.total
    proof = "relaxed optimum" if relaxed.optimal else "smallest proven bound"
    print(
        f"  upper bound (teacher and venue limits relaxed, {seconds:.1f} s, {proof})\n"
        f"                                {relaxed.bound:>9,} / {total:,} = {relaxed.bound / total:.2%}"
    )
    sources = {"LP with clique cuts": relaxed.lp, "CP-SAT": relaxed.cp_sat, "each group alone": relaxed.per_group}
    print("    bounds: " + ", ".join(f"{name} {b:,}" for name, b in sources.items() if b is not None))
    if relaxed.found is None:
        print("  best relaxed timetable found  none in the time")
    else:
        print(f"  best relaxed timetable found  {relaxed.found:>9,} / {total:,} = {relaxed.found / total:.2%}")
