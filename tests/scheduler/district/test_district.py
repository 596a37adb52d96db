"""A district solved block by block: within its time limit, stopped, and impossible in one community."""

from __future__ import annotations

import threading
from dataclasses import replace

from scheduler import Status, Window
from scheduler.district.solve import solve_district
from scheduler.problem import Problem
from scheduler.verify.timetable import verify
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


def test_a_community_whose_teacher_has_too_few_slots_makes_the_district_infeasible_naming_the_teacher() -> None:
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
    s = solve_district(impossible, time_limit=10, workers=1)
    assert s.status is Status.INFEASIBLE
    assert s.assignments == ()
    name = impossible.teacher[g.teacher].name
    assert [sentence for sentence in s.explanation if name in sentence] != []
