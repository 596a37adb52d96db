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


def test_a_block_whose_residents_reach_into_an_earlier_block_has_no_bound_alone() -> None:
    p = small_college(seed=5, communities=3, groups=24, residents=900)
    cands = Candidates(p)
    plan = bl.plan(p, cands, answers_of(p))
    first = next(b for b in plan.order() if b.round == 0)
    later = next(b for b in plan.order() if b.round > 0 and first.index in plan.coupled[b.index])
    placed: dict[str, tuple] = {}
    first_job = bl.relaxed_job(p, plan, first, ())
    result = run_job(first_job, 5.0, seed=1, reproducible=False)
    for a in result.assignments:
        placed[a.group] = (*placed.get(a.group, ()), a)
    later_job = bl.final_job(p, cands, plan, later, placed, ())
    assert alone(first_job) is not None and [g.id for g in alone(first_job).groups] == list(first.groups)
    assert later_job.fixed and alone(later_job) is None
    assert 0 <= result.alone <= result.objective


def test_a_district_solve_keeps_every_rule_and_a_bound_no_higher_than_its_objective() -> None:
    p = small_college(seed=5, communities=3, groups=24, residents=900)
    s = solve_district(p, time_limit=10, workers=1)
    report = verify(p, s)
    assert (report.violations, report.objective) == ((), s.objective)
    assert s.bound <= s.objective
