"""Each soft rule: a tiny case with no penalty and one whose penalty is counted by hand, both solved (pins
fix the timetable) and checked by the verifier against the solver."""

from __future__ import annotations

from scheduler import Placement, Slot, Window
from tests.scheduler.builders import grid, group, problem, resident, solved, teacher, venue, zero_weights

MON_9, MON_1030, MON_1430 = 9 * 60, 10 * 60 + 30, 14 * 60 + 30


def pin(day: int, start: int = MON_9, venue_id: str | None = "v1") -> Placement:
    return Placement(Slot(day, start, 90), venue_id)


def penalty(p, rule: str) -> int:
    return solved(p).penalties[rule]


def test_coverage_counts_residents_not_free_and_residents_whose_groups_clash() -> None:
    groups = (group("g1", pinned=(pin(0),)), group("g2", teacher="t2", pinned=(pin(0, venue_id="v2"),)))
    both = (teacher("t1"), teacher("t2"))
    residents = (
        resident("free_monday", "g1", free=(Window(0, 0, 1440),)),  # attendable
        resident("free_tuesday", "g1", free=(Window(1, 0, 1440),)),  # not free then: 1 missed
        resident("wants_both", "g1", "g2"),  # g1 and g2 clash: 2 missed
    )
    p = problem(groups=groups, teachers=both, venues=(venue("v1"), venue("v2")), residents=residents)
    p = _weights(p, coverage=7)
    assert penalty(p, "coverage") == 7 * 3
    moved = _weights(problem(groups=(group("g1"),), residents=residents[:1]), coverage=7)
    assert penalty(moved, "coverage") == 0


def test_audience_counts_sessions_outside_preferred_times() -> None:
    tuesday = (Window(1, 0, 1440),)
    p = _weights(problem(groups=(group("g1", sessions=2, preferred=tuesday, pinned=(pin(0), pin(3))),)), audience=4)
    assert penalty(p, "audience") == 4 * 2
    free = _weights(problem(groups=(group("g1", preferred=tuesday),)), audience=4)
    assert penalty(free, "audience") == 0


def test_clash_counts_each_shared_member_of_overlapping_groups() -> None:
    groups = (group("g1", pinned=(pin(0),)), group("g2", teacher="t2", pinned=(pin(0, venue_id="v2"),)))
    sharing = tuple(resident(f"r{i}", "g1", "g2") for i in range(3)) + (resident("solo", "g1"),)
    p = problem(
        groups=groups, teachers=(teacher("t1"), teacher("t2")), venues=(venue("v1"), venue("v2")), residents=sharing
    )
    assert penalty(_weights(p, clash=2), "clash") == 2 * 3
    apart = (group("g1", pinned=(pin(0),)), group("g2", teacher="t2", pinned=(pin(1, venue_id="v2"),)))
    p2 = problem(
        groups=apart, teachers=(teacher("t1"), teacher("t2")), venues=(venue("v1"), venue("v2")), residents=sharing
    )
    assert penalty(_weights(p2, clash=2), "clash") == 0


def test_same_venue_counts_each_extra_venue_of_a_group() -> None:
    venues = (venue("v1"), venue("v2"), venue("v3"))
    split = group("g1", sessions=3, pinned=(pin(0, venue_id="v1"), pin(2, venue_id="v2"), pin(4, venue_id="v3")))
    assert penalty(_weights(problem(groups=(split,), venues=venues), same_venue=3), "same_venue") == 3 * 2
    free = group("g1", sessions=3)
    assert penalty(_weights(problem(groups=(free,), venues=venues), same_venue=3), "same_venue") == 0


def test_spread_counts_sessions_on_consecutive_days() -> None:
    close = group("g1", sessions=3, pinned=(pin(0), pin(1), pin(2)))
    assert penalty(_weights(problem(groups=(close,)), spread=2), "spread") == 2 * 2
    apart = group("g1", sessions=3, pinned=(pin(0), pin(2), pin(4)))
    assert penalty(_weights(problem(groups=(apart,)), spread=2), "spread") == 0


def test_teacher_days_counts_each_teaching_day() -> None:
    two_days = (group("g1", pinned=(pin(0),)), group("g2", pinned=(pin(3, MON_1430),)))
    assert penalty(_weights(problem(groups=two_days), teacher_days=5), "teacher_days") == 5 * 2
    one_day = (group("g1", pinned=(pin(0),)), group("g2", pinned=(pin(0, MON_1030),)))
    assert penalty(_weights(problem(groups=one_day), teacher_days=5), "teacher_days") == 5 * 1


def test_teacher_gaps_counts_idle_slots_between_sessions_of_a_day() -> None:
    slots = grid(days=(0,), starts=(MON_9, MON_1030, MON_1430, 16 * 60))
    gap = (group("g1", pinned=(pin(0),)), group("g2", pinned=(pin(0, 16 * 60),)))
    assert penalty(_weights(problem(groups=gap, slots=slots), teacher_gaps=3), "teacher_gaps") == 3 * 2
    compact = (group("g1"), group("g2"))
    assert penalty(_weights(problem(groups=compact, slots=slots), teacher_gaps=3), "teacher_gaps") == 0


def test_venue_size_counts_every_ten_empty_seats() -> None:
    hall = venue("v1", capacity=100)
    p = problem(groups=(group("g1", sessions=2, max_size=20),), venues=(hall,))
    assert penalty(_weights(p, venue_size=1), "venue_size") == 2 * 8
    p2 = problem(groups=(group("g1", sessions=2, max_size=20),), venues=(hall, venue("v2", capacity=25)))
    assert penalty(_weights(p2, venue_size=1), "venue_size") == 0


def test_minimal_change_counts_moved_sessions_and_changed_venues() -> None:
    before = (pin(0), pin(2), pin(4))
    closed_friday = venue("v1", opening=tuple(Window(d, 0, 1440) for d in range(4)))
    venues = (closed_friday, venue("v2", capacity=20))
    away_monday = teacher("t1", availability=tuple(Window(d, 0, 1440) for d in range(1, 7)))
    g = group("g1", sessions=3, previous=before)
    p = _weights(problem(groups=(g,), venues=venues, teachers=(away_monday,)), moved=20, venue_changed=5)
    s = solved(p)
    assert s.penalties["minimal_change"] == 20 * 1 + 5 * 1
    assert [(a.slot.weekday, a.venue) for a in s.assignments][1:] == [(2, "v1"), (4, "v2")]
    unchanged = _weights(problem(groups=(g,), venues=venues), moved=20, venue_changed=5)
    assert penalty(unchanged, "minimal_change") == 20 * 0 + 5 * 1  # Friday's venue closed: only the venue moves


def _weights(p, **kw: int):
    from dataclasses import replace

    return replace(p, weights=zero_weights(**kw))
