"""The coverage upper bound: the relaxation without teacher and venue limits, solved by HiGHS as a MIP."""

from __future__ import annotations

from scheduler import Window
from scheduler.bounds.coverage import coverage_bound
from scheduler.bounds.relaxation import district_coverage, relaxed_coverage
from scheduler.model.candidates import Candidates
from scheduler.model.demand import aggregate
from scheduler.verify.timetable import verify
from tests.scheduler.builders import grid, group, problem, resident, solved, teacher, venue
from tests.scheduler.search.test_one_model import small_college

EVENING = (Window(0, 19 * 60, 21 * 60),)


def test_relaxed_bound_lies_between_a_solved_timetable_and_the_per_group_bound() -> None:
    p = small_college(groups=12, residents=400)
    ours = verify(p, solved(p, time_limit=10.0)).attendable
    relaxed = relaxed_coverage(p, time_limit=20.0)
    cands = Candidates(p)
    per_group = relaxed.total - coverage_bound(p, cands, aggregate(p, cands)) // p.weights.coverage
    assert relaxed.optimal
    assert ours <= relaxed.found == relaxed.bound <= per_group


def test_relaxation_lets_one_teacher_teach_two_groups_at_once() -> None:
    p = problem(
        groups=(group("g1", venues=("v1",)), group("g2", venues=("v1",))),  # one teacher, one venue
        slots=grid(days=(0, 1), starts=(9 * 60, 19 * 60)),
        residents=(resident("r1", "g1", free=EVENING), resident("r2", "g2", free=EVENING)),
    )
    assert verify(p, solved(p)).attendable == 1  # only one group can meet on Monday evening
    relaxed = relaxed_coverage(p, time_limit=5.0)
    assert (relaxed.bound, relaxed.found, relaxed.total) == (2, 2, 2)


def test_relaxation_counts_the_clash_of_one_teachers_groups_that_overlap() -> None:
    p = problem(
        groups=(group("g1", venues=("v1",)), group("g2", venues=("v2",))),
        venues=(venue("v1"), venue("v2")),
        teachers=(teacher("t1"),),
        slots=grid(days=(0, 1), starts=(9 * 60, 19 * 60)),
        residents=(
            resident("r1", "g1", "g2", free=EVENING),
            resident("r2", "g1", free=EVENING),
            resident("r3", "g2", free=EVENING),
        ),
    )
    relaxed = relaxed_coverage(p, time_limit=5.0)
    assert (relaxed.bound, relaxed.found) == (2, 2)  # both on Monday evening: r1 loses both (not 4 of 4)


def test_a_districts_communities_relaxed_apart_bound_every_timetable_and_count_every_interest() -> None:
    p = small_college(seed=5, communities=3, groups=24, residents=900)
    ours = verify(p, solved(p, time_limit=10.0))
    parts = list(district_coverage(p, time_limit=10.0, processes=1))
    cands = Candidates(p)
    per_group = ours.interests - coverage_bound(p, cands, aggregate(p, cands)) // p.weights.coverage
    assert len(parts) == 3
    assert sum(r.total for r in parts) == ours.interests
    assert ours.attendable <= sum(r.bound for r in parts) <= per_group
    assert all(r.lp is not None and r.bound <= r.per_group for r in parts)


def test_a_districts_communities_out_of_budget_give_each_groups_bound_alone() -> None:
    p = small_college(seed=5, communities=3, groups=24, residents=900)
    relaxed = list(district_coverage(p, time_limit=10.0, processes=1))
    late = list(district_coverage(p, time_limit=10.0, processes=1, budget=0.0))
    assert [(r.total, r.per_group) for r in late] == [(r.total, r.per_group) for r in relaxed]
    assert [(r.bound, r.lp, r.mip) for r in late] == [(r.per_group, None, None) for r in relaxed]
