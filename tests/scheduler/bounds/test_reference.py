"""A bound proven apart for one exact problem: never above its optimum, reported only by solves of that problem."""

from __future__ import annotations

from dataclasses import fields, replace

from scheduler import Window
from scheduler.bounds.known import KnownBound, key, without_placements
from scheduler.bounds.reference import reference_bound
from scheduler.problem.change import with_previous
from scheduler.problem.fingerprint import fingerprint
from scheduler.solver import solve
from scheduler.verify.timetable import verify
from tests.scheduler.builders import solved
from tests.scheduler.search.test_one_model import small_college


def test_the_fingerprint_is_the_same_for_the_same_problem_and_changes_with_any_input() -> None:
    p = small_college(communities=2, groups=12)
    s = solved(p, time_limit=1.0)
    r = p.residents[0]
    elsewhere = next(c.id for c in p.communities if c.id != r.community)
    changed = [
        replace(p, weights=replace(p.weights, coverage=p.weights.coverage + 1)),
        with_previous(p, s.assignments),  # a re-plan: the published timetable's placements cost when moved
        replace(p, groups=(replace(p.groups[0], max_size=p.groups[0].max_size + 1), *p.groups[1:])),
        replace(p, residents=(replace(r, free=(*r.free, Window(6, 0, 30))), *p.residents[1:])),
        replace(p, residents=(replace(r, id="someone else"), *p.residents[1:])),
        replace(p, residents=(replace(r, community=elsewhere), *p.residents[1:])),
        replace(p, residents=(replace(r, enrolled=r.enrolled[1:], wished=r.enrolled[:1]), *p.residents[1:])),
        replace(p, residents=p.residents[1:]),
    ]
    assert fingerprint(small_college(communities=2, groups=12)) == fingerprint(p)
    assert len({fingerprint(p), *map(fingerprint, changed)}) == len(changed) + 1
    assert [f.name for f in fields(r)] == ["id", "community", "free", "enrolled", "wished"]  # each changed above
    replan = with_previous(p, s.assignments)
    assert key(replan) == key(p) == fingerprint(without_placements(replan)) != fingerprint(replan)


def test_a_bound_of_the_identical_problem_is_reported_and_a_changed_problems_solve_ignores_it() -> None:
    p = small_college()
    optimum = solved(p, time_limit=20.0)
    assert optimum.status == "optimal"
    known = KnownBound(key(p), optimum.objective, "lp", 1.0)  # the optimum itself: the highest valid bound
    s = solve(p, time_limit=1.0, workers=1, partial=True, known_bound=known)
    assert verify(p, s, unplaced=s.unplaced).violations == ()
    assert s.bound >= optimum.objective
    assert s.bound_method in ("", "lp")  # "": the solve proved the optimum itself
    assert s.gap == (s.objective - optimum.objective) / s.objective
    heavier = replace(p, weights=replace(p.weights, coverage=p.weights.coverage + 5))
    t = solve(heavier, time_limit=1.0, workers=1, partial=True, known_bound=replace(known, value=10**9))
    report = verify(heavier, t, unplaced=t.unplaced)
    assert (report.violations, report.objective) == ((), t.objective)
    assert t.bound <= t.objective and t.bound_method == ""  # the stored bound belongs to another problem: not taken
    replan = with_previous(p, solved(p, time_limit=1.0, seed=7).assignments)  # moving a session now costs
    r = solve(replan, time_limit=1.0, workers=1, partial=True, known_bound=known)
    report = verify(replan, r, unplaced=r.unplaced)
    assert (report.violations, report.objective) == ((), r.objective)
    assert optimum.objective <= r.bound <= r.objective  # the inputs' bound holds for any re-plan of them


def test_the_reference_bound_is_never_above_the_optimum_of_one_model_or_a_districts_timetable() -> None:
    p = small_college()
    optimum = solved(p, time_limit=20.0)
    one = reference_bound(p, 20.0)
    district = small_college(seed=5, communities=3, groups=24, residents=900)
    blocks = reference_bound(district, 10.0)  # each block its share, less what preparing the others costs
    s = solve(district, time_limit=5.0, workers=1, partial=True)
    report = verify(district, s, unplaced=s.unplaced)
    assert optimum.status == "optimal" and one is not None and one.method == "lp"
    assert 0 < one.value <= optimum.objective
    assert one.fingerprint == key(p)
    assert blocks is not None and blocks.method == "blocks"
    assert report.violations == () and 0 < blocks.value <= report.objective
