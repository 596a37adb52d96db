from __future__ import annotations

import pytest

from scheduler import Placement, ProblemError, Slot, Weights, Window
from tests.scheduler.builders import group, problem, resident, teacher, venue


def test_problem_accepts_a_consistent_input() -> None:
    p = problem(groups=(group("g1"), group("g2", sessions=2)))
    assert p.session_count == 3
    assert p.group["g2"].allowed_communities == ("c1",)


def test_problem_refuses_duplicate_group_ids() -> None:
    with pytest.raises(ProblemError, match=r"duplicate group id\(s\): 'g1'"):
        problem(groups=(group("g1"), group("g1")))


def test_problem_refuses_a_group_taught_by_an_unknown_teacher() -> None:
    with pytest.raises(ProblemError, match=r"group 'group g1' \(g1\) is taught by unknown teacher 'ghost'"):
        problem(groups=(group("g1", teacher="ghost"),))


def test_problem_refuses_a_venue_in_an_unknown_community() -> None:
    with pytest.raises(ProblemError, match=r"venue 'venue v9' \(v9\) is in unknown community 'nowhere'"):
        problem(venues=(venue("v9", community="nowhere"),))


def test_problem_refuses_a_resident_wishing_for_an_unknown_group() -> None:
    with pytest.raises(ProblemError, match=r"resident 'r1' is interested in unknown group\(s\) 'g7'"):
        problem(residents=(resident("r1", "g7"),))


def test_problem_refuses_a_min_size_above_the_max_size() -> None:
    with pytest.raises(ProblemError, match=r"group 'group g1' \(g1\) has min size 30 > max size 20"):
        problem(groups=(group("g1", min_size=30, max_size=20),))


def test_problem_refuses_more_than_seven_sessions_a_week() -> None:
    with pytest.raises(ProblemError, match=r"has 8 sessions a week: it must be 1 … 7"):
        problem(groups=(group("g1", sessions=8),))


def test_problem_refuses_a_pin_outside_the_slot_grid() -> None:
    pin = Placement(Slot(6, 6 * 60, 90), "v1")
    with pytest.raises(ProblemError, match=r"pinned session at Sun 06:00, which is not in the slot grid"):
        problem(groups=(group("g1", pinned=(pin,)),))


def test_problem_refuses_a_teacher_with_negative_weekly_maximum() -> None:
    with pytest.raises(ProblemError, match=r"teacher 'teacher t1' \(t1\) has a negative weekly maximum"):
        problem(teachers=(teacher("t1", max_sessions=-1),))


def test_problem_refuses_an_empty_or_inverted_window() -> None:
    with pytest.raises(ProblemError, match=r"window 600–540 on weekday 2 is not a non-empty span"):
        Window(2, 600, 540)


def test_problem_refuses_a_slot_running_past_midnight() -> None:
    with pytest.raises(ProblemError, match=r"slot Mon 23:30 has length 60"):
        Slot(0, 23 * 60 + 30, 60)


def test_problem_refuses_a_negative_weight() -> None:
    with pytest.raises(ProblemError, match=r"weight clash=-1 must be a whole number ≥ 0"):
        Weights(clash=-1)


def test_problem_travel_time_is_zero_inside_a_community_and_default_between() -> None:
    p = problem(communities=("c1", "c2"), travel_minutes=40)
    assert (p.travel_time("c1", "c1"), p.travel_time("c1", "c2")) == (0, 40)


def test_problem_refuses_a_resident_listing_a_group_twice() -> None:
    from scheduler import Resident

    twice = Resident("r1", "c1", (), enrolled=("g1",), wished=("g1",))
    with pytest.raises(ProblemError, match=r"resident 'r1' lists a group twice"):
        problem(residents=(twice,))
