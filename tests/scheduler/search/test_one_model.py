"""The solver as a caller sees it: progress, stopping, reproducibility, minimal change, decomposition."""

from __future__ import annotations

import math
import threading
from dataclasses import replace

import pytest

from college.domain.problem.from_records import problem_from_records
from fixtures.generator import generate_college
from scheduler import Window
from scheduler.bounds.lp import lp_bound
from scheduler.bounds.side import SideBound
from scheduler.district.solve import solve_district
from scheduler.model.build import build
from scheduler.model.candidates import Candidates
from scheduler.model.demand import aggregate
from scheduler.problem.change import with_previous
from scheduler.search.one_model import solve
from scheduler.solution import Progress
from scheduler.verify.timetable import verify
from tests.scheduler.builders import at, group, problem, solved, teacher, venue


def small_college(seed: int = 3, communities: int = 1, groups: int = 10, residents: int = 300):
    records = generate_college(
        seed=seed, communities=communities, groups=groups, venues=6 * communities,
        teachers=max(8 * communities, groups // 2), residents=residents,
    )  # fmt: skip
    # without the activity wishes (a stream of their own): the timings and bounds here were measured on these groups'
    # own interests, and the engine's rules do not care where a wish came from
    return problem_from_records(replace(records, activity_wishes=()), records.terms[0])


def test_progress_reports_improving_timetables_down_to_the_final_objective() -> None:
    seen: list[Progress] = []
    s = solved(small_college(), on_progress=seen.append)
    objectives = [p.objective for p in seen]
    assert objectives == sorted(objectives, reverse=True)
    assert objectives[-1] >= s.objective
    assert all(p.bound <= p.objective for p in seen)


def test_stop_ends_the_search_and_keeps_the_best_timetable() -> None:
    stop = threading.Event()
    p = small_college(groups=30, residents=2000)
    seen: list[Progress] = []
    s = solve(p, time_limit=30, workers=2, stop=stop, on_progress=lambda progress: (seen.append(progress), stop.set()))
    assert s.status in ("stopped", "optimal")
    assert s.objective <= seen[0].objective  # the timetable found when the stop came, or a better one
    report = verify(p, s)
    assert (report.violations, report.objective) == ((), s.objective)


def test_reproducible_mode_gives_the_same_timetable_twice() -> None:
    p = small_college(groups=14, residents=600)
    first = solve(p, time_limit=1.0, workers=2, seed=7, reproducible=True)
    second = solve(p, time_limit=1.0, workers=2, seed=7, reproducible=True)
    assert first.assignments == second.assignments
    assert first.objective == second.objective


def test_minimal_change_moves_only_the_sessions_of_the_teacher_who_dropped_wednesday() -> None:
    teachers = (teacher("t1"), teacher("t2"))
    groups = (group("g1", sessions=3), group("g2", teacher="t2", sessions=3))
    p = problem(groups=groups, teachers=teachers, venues=(venue("v1"), venue("v2")))
    published = tuple(
        at(p, g, i, day, start, v)
        for g, start, v in (("g1", 9 * 60, "v1"), ("g2", 10 * 60 + 30, "v2"))
        for i, day in enumerate((0, 2, 4))
    )
    no_wednesday = tuple(Window(d, 0, 1440) for d in range(7) if d != 2)
    changed = replace(p, teachers=(replace(teachers[0], availability=no_wednesday), teachers[1]))
    after = solved(with_previous(changed, published))
    placed = {(a.group, a.slot, a.venue) for a in after.assignments}
    moved = [a for a in published if (a.group, a.slot, a.venue) not in placed]
    assert [(a.group, a.slot.weekday) for a in moved] == [("g1", 2)]
    assert after.penalties["minimal_change"] == changed.weights.moved * 1


@pytest.mark.slow
def test_district_decomposition_is_exact_and_bounded() -> None:
    p = small_college(seed=5, communities=3, groups=24, residents=900)
    s = solve_district(p, time_limit=6, workers=1)
    report = verify(p, s)
    assert report.violations == ()
    assert report.objective == s.objective
    assert s.bound <= s.objective
    assert len({p.group[a.group].community for a in s.assignments}) == 3


def test_a_solve_out_of_time_still_returns_the_warm_start_valued_exactly() -> None:
    p = small_college(groups=20, residents=800)
    s = solve(p, time_limit=0.001, workers=1)
    assert s.status == "feasible"
    report = verify(p, s)
    assert (report.violations, report.objective) == ((), s.objective)


@pytest.mark.slow
def test_reproducible_district_gives_the_same_timetable_twice() -> None:
    p = small_college(seed=6, communities=2, groups=16, residents=500)
    first = solve_district(p, time_limit=2, workers=1, seed=3, reproducible=True)
    second = solve_district(p, time_limit=2, workers=1, seed=3, reproducible=True)
    assert (first.assignments, first.objective) == (second.assignments, second.objective)


@pytest.mark.slow
def test_a_side_bound_is_the_lp_bound_with_clique_cuts() -> None:
    p = small_college(groups=20, residents=1500)
    cands = Candidates(p)
    demand = aggregate(p, cands)
    lp = lp_bound(build(p, cands, demand, cuts=True).build.model)
    side = SideBound(p, cands, demand, None, time_limit=1000)  # waited for: no race with a search on a busy machine
    assert side.result() == math.ceil(lp)


@pytest.mark.slow
def test_a_solve_with_a_side_bound_keeps_every_rule_and_a_valid_bound() -> None:
    p = small_college(groups=20, residents=1500)
    s = solve(p, time_limit=15, workers=1, side_bound=True)
    report = verify(p, s)
    assert (report.violations, report.objective) == ((), s.objective)
    assert s.bound <= s.objective
