"""Times first, venues second (``scheduler.phases``): where it applies, and that its timetables keep every
hard rule and price overflow exactly as the verifier does."""

from __future__ import annotations

from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.model.build import build
from scheduler.phases.pipeline import solve_in_phases
from scheduler.phases.venues_later import add_home_clashes, greedy_venues, obstacle, time_problem
from scheduler.problem import Problem
from scheduler.solution import Status
from scheduler.verify.timetable import verify
from tests.scheduler.builders import grid, group, problem, teacher, venue, zero_weights

MON_9 = 9 * 60


def test_obstacle_names_what_stops_times_first_solving() -> None:
    two = problem(venues=(venue("v1"), venue("v2", community="c2")), communities=("c1", "c2"))
    assert obstacle(two) == "venues lie in more than one community"
    needs_piano = problem(groups=(group("g1", facilities=frozenset({"piano"})),))
    assert obstacle(needs_piano) == "group group g1 restricts its venues"
    assert obstacle(problem()) is None


def test_two_big_groups_and_one_big_venue_meet_at_different_times() -> None:
    groups = (group("g1", max_size=30), group("g2", teacher="t2", max_size=30))
    p = problem(
        groups=groups,
        teachers=(teacher("t1"), teacher("t2")),
        venues=(venue("v1", capacity=30), venue("v2", capacity=10)),
        slots=grid(days=(0,), starts=(MON_9, MON_9 + 90)),
    )
    s = solve_in_phases(p, time_limit=3, workers=1)
    assert verify(p, s).violations == ()
    assert {a.venue for a in s.assignments} == {"v1"}
    assert len({a.slot for a in s.assignments}) == 2


def two_groups_too_big_for_one_slot() -> Problem:
    """45 and 25 people, venues of 40 and 20 seats, one slot, only overflow counted."""
    groups = (group("g1", max_size=45, overflow=True), group("g2", teacher="t2", max_size=25, overflow=True))
    p = problem(
        groups=groups,
        teachers=(teacher("t1"), teacher("t2")),
        venues=(venue("v1", capacity=40), venue("v2", capacity=20)),
        slots=grid(days=(0,), starts=(MON_9,)),
    )
    return replace(p, weights=zero_weights(overflow=1))


def test_overflow_at_one_slot_puts_the_biggest_group_in_the_biggest_venue() -> None:
    # 45 and 25 people, 40 and 20 seats, one slot: 45→40 and 25→20 cost 5 + 5; the other way 25 + 0.
    p = two_groups_too_big_for_one_slot()
    s = solve_in_phases(p, time_limit=3, workers=1)
    assert verify(p, s).objective == s.objective == 10
    assert {a.group: a.venue for a in s.assignments} == {"g1": "v1", "g2": "v2"}
    assert greedy_venues(p, {"g1": [0], "g2": [0]}) == {("g1", 0): "v1", ("g2", 0): "v2"}


def test_matched_venues_keep_each_group_in_one_venue_when_the_times_allow() -> None:
    from scheduler.phases.venue_matching import matched_venues, placement_cost

    groups = (group("g1", sessions=2), group("g2", teacher="t2", sessions=2))
    p = problem(
        groups=groups,
        teachers=(teacher("t1"), teacher("t2")),
        venues=(venue("v1"), venue("v2")),
        slots=grid(days=(0, 1), starts=(MON_9,)),
    )
    p = replace(p, weights=zero_weights(same_venue=1, overflow=1))
    placed = matched_venues(p, {"g1": [0, 1], "g2": [0, 1]})  # both meet on Monday and Tuesday at 9:00
    assert placement_cost(p, placed) == 0
    assert placed[("g1", 0)] == placed[("g1", 1)] != placed[("g2", 0)] == placed[("g2", 1)]


def test_matched_venues_do_not_apply_when_sessions_span_several_grid_slots() -> None:
    from scheduler.phases.venue_matching import matched_venues

    p = problem(groups=(group("g1", length=120),), slots=grid(days=(0,), starts=(MON_9, MON_9 + 60)))
    assert matched_venues(p, {"g1": [0]}) == {}


def test_a_solve_that_reaches_cost_zero_stops_before_its_time_limit_as_proven_optimal() -> None:
    groups = (group("g1", sessions=2, max_size=20, overflow=True), group("g2", teacher="t2", max_size=20))
    p = problem(
        groups=groups,
        teachers=(teacher("t1"), teacher("t2")),
        venues=(venue("v1"), venue("v2")),
        slots=grid(days=(0, 1), starts=(MON_9,)),
    )
    p = replace(p, weights=zero_weights(overflow=1, same_venue=1))
    s = solve_in_phases(p, time_limit=120, workers=1)
    assert (s.status, s.objective, s.bound) == (Status.OPTIMAL, 0, 0)


def test_a_cost_that_phase_one_proves_unbeatable_ends_the_solve_as_optimal() -> None:
    # one slot, 45 and 25 people in 40 and 20 seats: counting proves 10 seats short whatever the venues
    p = two_groups_too_big_for_one_slot()
    s = solve_in_phases(p, time_limit=120, workers=1)
    assert (s.status, s.objective, s.bound) == (Status.OPTIMAL, 10, 10)


def _home_clashes_cost(p: Problem, home: dict[str, str]) -> int:
    m = build(time_problem(p))
    m.build.model.minimize(add_home_clashes(m, p, home))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(m.build.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


def test_groups_sharing_a_home_venue_pay_for_meeting_at_once_and_others_do_not() -> None:
    # g1 meets Monday and Tuesday at 9:00, g2 once: g2 always meets when g1 does
    groups = (group("g1", sessions=2), group("g2", teacher="t2"))
    p = problem(
        groups=groups,
        teachers=(teacher("t1"), teacher("t2")),
        venues=(venue("v1"), venue("v2")),
        slots=grid(days=(0, 1), starts=(MON_9,)),
    )
    p = replace(p, weights=zero_weights(same_venue=3))
    assert _home_clashes_cost(p, {"g1": "v1", "g2": "v1"}) == 3
    assert _home_clashes_cost(p, {"g1": "v1", "g2": "v2"}) == 0
