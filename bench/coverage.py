"""Demand coverage references: the coordinator's greedy timetable and an upper bound.

The upper bound is the best share with teacher and venue limits relaxed (``scheduler.bounds.relaxation``): the bound
HiGHS proves for that relaxation as a MIP in a bounded time, printed with the best relaxed timetable it found so
the reader sees the interval the relaxed optimum lies in. A district (more than ``RELAXATION_MAX_GROUPS``
groups) is too big for one relaxed model (measured: not done after four minutes), so there every community is
relaxed alone, its couplings to the others dropped, by its LP with triangle cuts, and the communities' bounds add up.
"""

from __future__ import annotations

import time

from scheduler.bounds.relaxation import RelaxedCoverage, district_coverage, relaxed_coverage
from scheduler.model.candidates import Candidates
from scheduler.problem import Problem
from scheduler.search.greedy import first_fit
from scheduler.solution import Assignment
from scheduler.verify.timetable import verify

RELAXATION_MAX_GROUPS = 200


def print_coverage(
    problem: Problem,
    attendable: int,
    cands: Candidates,
    *,
    hint: tuple[Assignment, ...],
    time_limit: float,
    workers: int,
    budget: float | None = None,
) -> tuple[float, float]:
    """Print ours, greedy's and the relaxation's coverage; (share of the upper bound, multiple of greedy)."""
    greedy = first_fit(problem, cands)
    greedy_report = verify(problem, greedy.assignments)
    total = greedy_report.interests
    start = time.perf_counter()
    communities = 0
    if len(problem.groups) > RELAXATION_MAX_GROUPS:  # per community: ``time_limit`` seconds each
        parts = list(district_coverage(problem, time_limit=time_limit, processes=workers, budget=budget))
        relaxed, communities = _summed(parts, total), len(parts)
    else:
        relaxed = relaxed_coverage(problem, cands, time_limit=time_limit, hint=hint)
    seconds = time.perf_counter() - start
    bound = relaxed.bound
    print("\ndemand coverage: attendable (resident, group) interests")
    print(f"  ours                          {attendable:>9,} / {total:,} = {attendable / total:.2%}")
    print(
        f"  greedy first-fit              {greedy_report.attendable:>9,} / {total:,} = {greedy_report.coverage:.2%}"
        f"   ({len(greedy.unplaced)} groups it could not place)"
    )
    _print_relaxed(relaxed, seconds, communities)
    vs_bound = attendable / bound if bound else 1.0
    vs_greedy = attendable / greedy_report.attendable if greedy_report.attendable else float("inf")
    return vs_bound, vs_greedy


def _summed(parts: list[RelaxedCoverage], total: int) -> RelaxedCoverage:
    """The communities' relaxations as one: their bounds add up. Their relaxed timetables do not make one of the
    district (clashes between communities were dropped), so none is reported. A source of a bound that a community
    could not give in the time counts as that community's per-group bound in the sums printed."""
    if sum(r.total for r in parts) != total:
        raise RuntimeError("the communities' interests do not add up to the district's")
    return RelaxedCoverage(
        sum(r.bound for r in parts),
        None,
        total,
        all(r.optimal for r in parts),
        sum(r.per_group for r in parts),
        _sum_or_none([r.mip for r in parts], parts),
        _sum_or_none([r.lp for r in parts], parts),
        (),
    )


def _sum_or_none(bounds: list[int | None], parts: list[RelaxedCoverage]) -> int | None:
    """One source's bounds summed over the communities (a community it gave none counts as each group alone);
    None when it gave none at all."""
    if all(b is None for b in bounds):
        return None
    return sum(r.per_group if b is None else b for b, r in zip(bounds, parts, strict=True))


def _print_relaxed(relaxed: RelaxedCoverage, seconds: float, communities: int) -> None:
    total = relaxed.total
    proof = "relaxed optimum" if relaxed.optimal else "smallest proven bound"
    how = f"{communities} communities relaxed apart, " if communities else ""
    print(
        f"  upper bound (teacher and venue limits relaxed, {how}{seconds:.1f} s, {proof})\n"
        f"                                {relaxed.bound:>9,} / {total:,} = {relaxed.bound / total:.2%}"
    )
    sources = {
        "HiGHS MIP with clique cuts": relaxed.mip,
        "LP with triangle cuts" if communities else "LP without the cuts": relaxed.lp,
        "each group alone": relaxed.per_group,
    }
    print("    bounds: " + ", ".join(f"{name} {b:,}" for name, b in sources.items() if b is not None))
    if communities:
        return  # the communities' relaxed timetables, side by side, are no timetable of the district
    if relaxed.found is None:
        print("  best relaxed timetable found  none in the time")
    else:
        print(f"  best relaxed timetable found  {relaxed.found:>9,} / {total:,} = {relaxed.found / total:.2%}")
