"""Infeasible inputs are explained in sentences that name the teacher, venue or group at fault."""

from __future__ import annotations

from scheduler import Window
from scheduler.explain.prechecks import explain
from scheduler.search.one_model import solve
from tests.scheduler.builders import grid, group, problem, teacher, venue

MON = 0


def test_a_group_without_any_suitable_venue_is_named_with_what_it_needs() -> None:
    taiji = group("taiji", name="太极班", step_free=True, max_size=30)
    p = problem(groups=(taiji,), venues=(venue("v1", capacity=40), venue("v2", capacity=20, step_free=True)))
    p = _named(p, "社区 A")
    s = solve(p, time_limit=5, workers=1)
    assert s.status == "infeasible"
    assert s.explanation == ("太极班 needs a step-free venue with 30 seats in 社区 A: none is.",)


def test_a_group_whose_venues_are_closed_when_its_teacher_is_free_is_named() -> None:
    wang = teacher("t1", name="王老师", availability=(Window(MON, 9 * 60, 12 * 60),))
    hall = venue("v1", opening=(Window(1, 0, 1440),))
    p = _named(problem(groups=(group("g1", name="书法班"),), teachers=(wang,), venues=(hall,)), "社区 A")
    assert explain(p) == (
        "书法班 needs a venue with 20 seats in 社区 A, open when its teacher 王老师 is free: none is.",
    )


def test_a_teacher_with_fewer_slots_than_sessions_is_named_with_both_counts() -> None:
    three_days = tuple(Window(d, 9 * 60, 10 * 60 + 30) for d in (0, 2, 4))
    wang = teacher("t1", name="王老师", availability=three_days)
    p = problem(groups=(group("g1", sessions=2), group("g2", sessions=2)), teachers=(wang,))
    assert explain(p) == ("Teacher 王老师 must teach 4 sessions but is available in only 3 slots.",)


def test_groups_competing_for_the_only_piano_room_are_named_with_the_room() -> None:
    piano = frozenset({"piano"})
    room = venue("v1", name="钢琴室", facilities=piano, opening=(Window(MON, 9 * 60, 10 * 60 + 30),))
    groups = (group("g1", name="合唱团", facilities=piano), group("g2", name="钢琴班", teacher="t2", facilities=piano))
    p = problem(groups=groups, teachers=(teacher("t1"), teacher("t2")), venues=(room, venue("v2")))
    assert explain(p) == (
        "合唱团, 钢琴班 need 2 sessions in 钢琴室, but those venues have only 1 open slots when the teachers are free.",
    )


def test_a_conflict_only_search_can_find_is_named_by_its_parts() -> None:
    morning = (Window(MON, 9 * 60, 12 * 60),)
    wang = teacher("t1", name="王老师", availability=morning)
    groups = (group("g1", name="太极班"), group("g2", name="书法班", community="c2"))
    p = problem(
        groups=groups,
        teachers=(wang,),
        venues=(venue("v1"), venue("v2", community="c2")),
        communities=("c1", "c2"),
        slots=grid(days=(MON,), starts=(9 * 60, 10 * 60 + 30)),
        travel_minutes=30,
    )
    (sentence,) = solve(p, time_limit=5, workers=1).explanation
    assert sentence == (
        "These cannot all hold at once: 太极班 meets 1 time(s) a week; 书法班 meets 1 time(s) a week; "
        "teacher 王老师 has time to travel between communities."
    )


def _named(p, name: str):
    from dataclasses import replace

    from scheduler import Community

    return replace(p, communities=(Community("c1", name),))
