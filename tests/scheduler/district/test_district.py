"""A district solved block by block: within its time limit, stopped, and impossible in one community."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from scheduler import Solution, Status, Window
from scheduler.district.solve import _whole, solve_district
from scheduler.problem import Problem
from scheduler.verify.timetable import verify
from tests.scheduler import builders as b
from tests.scheduler.search.test_one_model import small_college


def _district() -> Problem:
    return small_college(seed=5, communities=3, groups=24, residents=900)


def test_a_district_out_of_time_returns_its_greedy_timetable_valued_exactly() -> None:
    p = _district()
    s = solve_district(p, time_limit=0.01, workers=1)
    report = verify(p, s)
    assert s.status is Status.FEASIBLE
    assert (report.violations, report.objective) == ((), s.objective)
    assert len(s.assignments) == p.session_count
    assert s.bound <= s.objective


def test_a_stopped_district_keeps_a_complete_timetable_valued_exactly() -> None:
    p = _district()
    stop = threading.Event()
    stop.set()
    s = solve_district(p, time_limit=30, workers=1, stop=stop)
    report = verify(p, s)
    assert s.status is Status.STOPPED
    assert (report.violations, report.objective) == ((), s.objective)
    assert len(s.assignments) == p.session_count


@pytest.mark.parametrize("workers", [1, 2])  # two: the block's reasons come back from a worker process
def test_a_community_whose_teacher_has_too_few_slots_makes_the_district_infeasible_naming_the_teacher(
    workers: int,
) -> None:
    p = _district()
    last = p.communities[-1].id
    teaching = {}
    for g in p.groups:
        teaching.setdefault(g.teacher, set()).add(g.community)
    g = next(g for g in p.groups if g.community == last and g.sessions >= 2 and teaching[g.teacher] == {last})
    slot = p.slots[0]
    one_slot = (Window(slot.weekday, slot.start, slot.start + g.length),)
    teachers = tuple(replace(t, availability=one_slot) if t.id == g.teacher else t for t in p.teachers)
    impossible = replace(p, teachers=teachers)
    s = solve_district(impossible, time_limit=10, workers=workers)
    assert s.status is Status.INFEASIBLE
    assert s.assignments == ()
    assert [reason for reason in s.explanation if g.teacher in reason.named("teacher")] != []


def _shared_teacher_district() -> Problem:
    """Two communities sharing a teacher: c2's group can meet only at 9:00 (its one venue opens then), the hour
    c1's group prefers; c1 is solved first, so the district needs c1 to leave 9:00 to c2 against its own
    preference (by construction: an equal, independent share of the search leads c1 to a dead end)."""
    nine, afternoon = 9 * 60, 14 * 60 + 30
    return b.problem(
        groups=(
            b.group("a", teacher="t", community="c1", preferred=(Window(0, nine, nine + 90),)),
            b.group("b", teacher="t", community="c2"),
        ),
        venues=(b.venue("v1", community="c1"), b.venue("v2", community="c2", opening=(Window(0, nine, nine + 90),))),
        teachers=(b.teacher("t", community="c1"),),
        slots=b.grid(days=(0,), starts=(nine, afternoon)),
        communities=("c1", "c2"),
    )


def test_a_block_solved_first_leaves_a_later_block_the_only_slot_it_can_use() -> None:
    p = _shared_teacher_district()
    s = solve_district(p, time_limit=10, workers=1)
    report = verify(p, s)
    assert s.status.has_timetable, s.explanation
    assert (report.violations, report.objective) == ((), s.objective)
    assert {a.group: a.slot.start for a in s.assignments} == {"a": 14 * 60 + 30, "b": 9 * 60}


def test_the_whole_district_model_is_not_tried_when_the_time_left_cannot_pay_for_building_it() -> None:
    p = _district()
    failed = Solution(Status.UNKNOWN)
    hints = {g.id: [] for g in p.groups}
    cost = 1000.0  # the blocks' full jobs say building it takes longer than the 30 s limit
    assert _whole(p, {}, hints, failed, (time.perf_counter(), 30.0, cost), (0, 1, False), (None, None)) is failed
