"""The Lagrangian bound over weekly patterns: never above the optimum, and above each group's best alone."""

from __future__ import annotations

import math

from scheduler import Window
from scheduler.bounds.coverage import coverage_bound
from scheduler.bounds.dual import DualBound, PatternDual
from scheduler.model.candidates import Candidates
from scheduler.model.demand import aggregate
from tests.scheduler.builders import grid, group, problem, resident, solved, teacher, venue, zero_weights
from tests.scheduler.search.test_one_model import small_college

MONDAY_EVENING = (Window(0, 19 * 60, 21 * 60),)


def dual_bound(p, sweeps: int = 30) -> int:
    cands = Candidates(p)
    dual = PatternDual(p, cands, aggregate(p, cands))
    for _ in range(sweeps):
        dual.sweep()
    return math.ceil(dual.bound())


def two_groups_one_evening(same_teacher: bool):
    """Three residents want both groups and are free on Monday evening only; the other slot is Tuesday morning."""
    teachers = (teacher("t1"),) if same_teacher else (teacher("t1"), teacher("t2"))
    return problem(
        groups=(group("g1", venues=("v1",)), group("g2", teacher="t1" if same_teacher else "t2", venues=("v2",))),
        venues=(venue("v1"), venue("v2")),
        teachers=teachers,
        slots=grid(days=(0, 1), starts=(9 * 60, 19 * 60)),
        residents=tuple(resident(f"r{i}", "g1", "g2", free=MONDAY_EVENING) for i in range(3)),
        weights=zero_weights(coverage=10, clash=2),
    )


def test_two_groups_that_want_the_same_evening_cannot_both_have_it() -> None:
    p = two_groups_one_evening(same_teacher=False)
    cands = Candidates(p)
    assert coverage_bound(p, cands, aggregate(p, cands)) == 0  # alone, each group takes Monday evening
    assert solved(p).objective == 30  # one group elsewhere: its three interests missed
    assert dual_bound(p) == 30


def test_one_teachers_two_groups_are_never_counted_in_one_place() -> None:
    p = two_groups_one_evening(same_teacher=True)
    assert solved(p).objective == dual_bound(p) == 30


def one_teachers_three_groups_one_evening():
    """Each group's three residents are free on Monday evening only, and one teacher has all three groups."""
    return problem(
        groups=tuple(group(g, venues=(f"v{g}",)) for g in ("g1", "g2", "g3")),
        venues=tuple(venue(f"v{g}") for g in ("g1", "g2", "g3")),
        teachers=(teacher("t1"),),
        slots=grid(days=(0, 1), starts=(9 * 60, 19 * 60)),
        residents=tuple(resident(f"{g}r{i}", g, free=MONDAY_EVENING) for g in ("g1", "g2", "g3") for i in range(3)),
        weights=zero_weights(coverage=10),
    )


def test_three_groups_that_each_want_the_only_evening_are_told_apart_by_a_cluster() -> None:
    p = one_teachers_three_groups_one_evening()
    cands = Candidates(p)
    dual = PatternDual(p, cands, aggregate(p, cands))
    for _ in range(30):
        dual.sweep()
    pairs_alone = math.ceil(dual.bound())  # each pair alone lets two of the three groups take the evening by turns
    assert dual.tighten() > 0
    for _ in range(30):
        dual.sweep()
    assert pairs_alone < math.ceil(dual.bound()) == solved(p).objective == 60  # two groups elsewhere


def test_the_bound_lies_between_each_group_alone_and_the_proven_optimum() -> None:
    p = small_college(groups=8, residents=300)
    optimal = solved(p, time_limit=60.0, workers=2)
    cands = Candidates(p)
    alone = coverage_bound(p, cands, aggregate(p, cands))
    assert optimal.status == "optimal"
    assert alone < dual_bound(p) <= optimal.objective


def test_every_sweep_keeps_a_valid_bound_and_never_lowers_it() -> None:
    p = small_college(groups=12, residents=600)
    cands = Candidates(p)
    dual = PatternDual(p, cands, aggregate(p, cands))
    seen = [math.ceil(dual.bound())]  # the objective is whole
    for n in range(10):
        dual.sweep()
        if n == 4:
            dual.tighten()
        seen.append(math.ceil(dual.bound()))
    assert seen == sorted(seen)
    assert seen[-1] <= solved(p, time_limit=10.0, workers=2).objective


def test_the_bound_beside_a_search_stops_when_told_and_keeps_its_best() -> None:
    p = small_college(groups=12, residents=600)
    cands = Candidates(p)
    demand = aggregate(p, cands)
    beside = DualBound(p, cands, demand, seconds=0.0)  # one bound at the prices it starts from, then it ends
    beside.join()
    assert beside.value() == math.ceil(PatternDual(p, cands, demand).bound())
    assert beside.stop() == beside.value()


def test_a_share_of_the_time_before_the_search_sweeps_at_least_once() -> None:
    p = small_college(groups=12, residents=600)
    cands = Candidates(p)
    demand = aggregate(p, cands)
    beside = DualBound(p, cands, demand, start=False)
    beside.advance(0.0)
    once = PatternDual(p, cands, demand)
    once.sweep()
    assert (beside.sweeps, beside.value()) == (1, math.ceil(once.bound()))


def test_a_short_solve_reports_the_dual_bound_even_without_time_to_search() -> None:
    p = small_college(groups=12, residents=600)
    cands = Candidates(p)
    demand = aggregate(p, cands)
    s = solved(p, time_limit=0.5, workers=2)
    once = PatternDual(p, cands, demand)
    once.sweep()
    assert coverage_bound(p, cands, demand) < math.ceil(once.bound()) <= s.bound <= s.objective
