"""The district's bound: its blocks alone, each bounded by the best of its search, its groups alone and its dual."""

from __future__ import annotations

import math

from scheduler.bounds.coverage import coverage_bound
from scheduler.bounds.dual import PatternDual
from scheduler.district import blocks as bl
from scheduler.district.job import alone, run_job
from scheduler.district.solve import solve_district
from scheduler.model.candidates import Candidates
from scheduler.model.demand import aggregate, answers_of
from scheduler.search.one_model import solve
from scheduler.verify.timetable import verify
from tests.scheduler.search.test_one_model import small_college


def test_the_blocks_alone_add_up_to_no_more_than_the_districts_optimum() -> None:
    p = small_college(seed=5, communities=2, groups=8, residents=300)
    optimal = solve(p, time_limit=120.0, workers=2)  # the whole district as one model, proven
    cands = Candidates(p)
    plan = bl.plan(p, cands, answers_of(p))
    duals, each_alone = [], 0
    for b in plan.blocks:
        job = bl.relaxed_job(p, plan, b, ())
        block = alone(job)
        demand = aggregate(job.problem, Candidates(job.problem), job.answers, job.own)
        duals.append(PatternDual(block, Candidates(block), demand))
        each_alone += coverage_bound(block, Candidates(block), demand)
    for _ in range(30):
        for dual in duals:
            dual.sweep()
    assert optimal.status == "optimal"
    assert each_alone < sum(math.ceil(d.bound()) for d in duals) <= optimal.objective


def test_each_block_alone_bounds_its_share_also_when_its_residents_reach_into_an_earlier_block() -> None:
    p = small_college(seed=5, communities=3, groups=24, residents=900)
    cands = Candidates(p)
    plan = bl.plan(p, cands, answers_of(p))
    first = next(b for b in plan.order() if b.round == 0)
    later = next(b for b in plan.order() if b.round > 0 and first.index in plan.coupled[b.index])
    first_result = run_job(bl.relaxed_job(p, plan, first, ()), 5.0, seed=1, reproducible=False)
    placed: dict[str, tuple] = {}
    for a in first_result.assignments:
        placed[a.group] = (*placed.get(a.group, ()), a)
    later_job = bl.final_job(p, cands, plan, later, placed, ())
    later_result = run_job(later_job, 5.0, seed=1, reproducible=False, evaluate=True, kicks=1.0)  # no hint: searched
    assert later_job.fixed and [g.id for g in alone(later_job).groups] == list(later.groups)
    assert 0 < later_result.alone <= later_result.objective  # the block alone: no more than what it counts
    assert 0 <= first_result.alone <= first_result.objective


def test_a_district_solve_keeps_every_rule_and_a_bound_no_higher_than_its_objective() -> None:
    p = small_college(seed=5, communities=3, groups=24, residents=900)
    s = solve_district(p, time_limit=10, workers=1)
    report = verify(p, s)
    assert (report.violations, report.objective) == ((), s.objective)
    assert s.bound <= s.objective
