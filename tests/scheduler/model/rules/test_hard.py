"""Each hard rule: the verifier flags a hand-made timetable that breaks it, and the solver never breaks it
even where breaking it would pay (residents pull the sessions towards the forbidden placement)."""

from __future__ import annotations

from scheduler import Placement, Reason, Slot, Window
from scheduler.verify.timetable import verify
from tests.scheduler.builders import at, grid, group, problem, resident, solved, teacher, venue, zero_weights

MON_9, MON_1030, MON_1430 = 9 * 60, 10 * 60 + 30, 14 * 60 + 30
ONLY_MON_9 = (Window(0, MON_9, MON_1030),)


def rules(p, assignments) -> list[str]:
    return sorted({v.rule for v in verify(p, tuple(assignments)).violations})


def crowd(*groups: str, n: int = 5, free=ONLY_MON_9) -> tuple:
    """``n`` residents per group, free only on Monday at 9:00: they pull every group there."""
    return tuple(resident(f"r{g}{i}", g, free=free) for g in groups for i in range(n))


def test_placement_flags_a_missing_session_and_solver_places_all() -> None:
    p = problem(groups=(group("g1", sessions=3),))
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g1", 1, 2, MON_9)]) == ["placement"]
    assert sorted(a.index for a in solved(p).assignments) == [0, 1, 2]


def test_different_days_flags_two_sessions_on_monday_and_solver_spreads_them() -> None:
    p = problem(groups=(group("g1", sessions=2),), residents=crowd("g1", free=(Window(0, 0, 1440),)))
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g1", 1, 0, MON_1430)]) == ["different_days"]
    s = solved(p)
    assert len({a.slot.weekday for a in s.assignments}) == 2


def test_pinned_flags_a_moved_pin_and_solver_keeps_it_against_demand() -> None:
    pin = Placement(Slot(3, MON_1430, 90), "v1")
    p = problem(groups=(group("g1", pinned=(pin,)),), residents=crowd("g1"))
    assert rules(p, [at(p, "g1", 0, 0, MON_9)]) == ["pinned"]
    assert [(a.slot, a.venue) for a in solved(p).assignments] == [(pin.slot, "v1")]


def test_teacher_availability_flags_an_unavailable_time_and_solver_respects_it() -> None:
    p = problem(teachers=(teacher("t1", availability=(Window(1, 0, 1440),)),), residents=crowd("g1"))
    assert rules(p, [at(p, "g1", 0, 0, MON_9)]) == ["teacher_availability"]
    assert {a.slot.weekday for a in solved(p).assignments} == {1}


def test_teacher_load_flags_too_many_sessions_and_solver_reports_infeasible() -> None:
    p = problem(groups=(group("g1", sessions=3),), teachers=(teacher("t1", max_sessions=2),))
    asg = [at(p, "g1", i, d, MON_9) for i, d in enumerate((0, 2, 4))]
    assert rules(p, asg) == ["teacher_load"]
    from scheduler.search.one_model import solve

    s = solve(p, time_limit=5, workers=1)
    reason = Reason("teacher_load.over_max", {"teacher": ("t1",), "group": ("g1",)}, {"need": 3, "max": 2})
    assert (s.status, s.explanation) == ("infeasible", (reason,))


def test_teacher_conflict_flags_two_groups_at_once_and_solver_separates_them() -> None:
    p = problem(groups=(group("g1"), group("g2")), residents=crowd("g1", "g2"), venues=(venue("v1"), venue("v2")))
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_9, "v2")]) == ["teacher_conflict"]
    a, b = solved(p).assignments
    assert a.slot != b.slot


def test_travel_flags_no_time_between_communities_and_solver_leaves_time() -> None:
    p = problem(
        groups=(group("g1"), group("g2", community="c2")),
        venues=(venue("v1"), venue("v2", community="c2")),
        communities=("c1", "c2"),
        slots=grid(days=(0,), starts=(MON_9, MON_1030, MON_1430)),
        residents=crowd("g1", "g2", free=(Window(0, MON_9, 12 * 60),)),
        travel_minutes=30,
    )
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_1030, "v2")]) == ["travel"]
    s = solved(p)
    assert sorted(a.slot.start for a in s.assignments) in ([MON_9, MON_1430], [MON_1030, MON_1430])


def test_venue_opening_flags_a_closed_venue_and_solver_waits_for_it() -> None:
    p = problem(venues=(venue("v1", opening=(Window(4, 0, 1440),)),), residents=crowd("g1"))
    assert rules(p, [at(p, "g1", 0, 0, MON_9)]) == ["venue_opening"]
    assert {a.slot.weekday for a in solved(p).assignments} == {4}


def test_venue_conflict_flags_two_groups_in_one_room_and_solver_separates_them() -> None:
    p = problem(
        groups=(group("g1"), group("g2", teacher="t2")),
        teachers=(teacher("t1"), teacher("t2")),
        residents=crowd("g1", "g2"),
    )
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_9)]) == ["venue_conflict"]
    a, b = solved(p).assignments
    assert a.slot != b.slot


def test_capacity_flags_a_small_room_and_solver_takes_the_big_one() -> None:
    p = problem(venues=(venue("v1", capacity=10), venue("v2", capacity=200)), weights=zero_weights(venue_size=5))
    assert rules(p, [at(p, "g1", 0, 0, MON_9, "v1")]) == ["capacity"]
    assert {a.venue for a in solved(p).assignments} == {"v2"}


def test_facilities_flags_a_room_without_piano_and_solver_finds_the_piano() -> None:
    p = problem(
        groups=(group("g1", facilities=frozenset({"piano"})),),
        venues=(venue("v1"), venue("v2", capacity=200, facilities=frozenset({"piano", "tables"}))),
    )
    assert rules(p, [at(p, "g1", 0, 0, MON_9, "v1")]) == ["facilities"]
    assert {a.venue for a in solved(p).assignments} == {"v2"}


def test_step_free_flags_stairs_and_solver_finds_step_free_room() -> None:
    p = problem(groups=(group("g1", step_free=True),), venues=(venue("v1"), venue("v2", capacity=200, step_free=True)))
    assert rules(p, [at(p, "g1", 0, 0, MON_9, "v1")]) == ["step_free"]
    assert {a.venue for a in solved(p).assignments} == {"v2"}


def test_allowed_venues_flags_another_community_and_solver_stays_home() -> None:
    p = problem(
        venues=(venue("v1", capacity=200), venue("v2", community="c2", capacity=20)),
        communities=("c1", "c2"),
        weights=zero_weights(venue_size=5),
    )
    assert rules(p, [at(p, "g1", 0, 0, MON_9, "v2")]) == ["allowed_venues"]
    assert {a.venue for a in solved(p).assignments} == {"v1"}
