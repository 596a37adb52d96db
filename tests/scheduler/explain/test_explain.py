"""Infeasible inputs are explained by reasons (a code, the ids at fault, the numbers), never by sentences."""

from __future__ import annotations

import pickle
from dataclasses import replace

from scheduler import Community, Reason, Window
from scheduler.explain import CORE
from scheduler.explain.prechecks import explain
from scheduler.search.one_model import solve
from tests.scheduler.builders import grid, group, problem, teacher, venue

MON = 0


def test_a_group_without_any_suitable_venue_is_named_with_what_it_needs() -> None:
    taiji = group("taiji", name="太极班", step_free=True, max_size=30, facilities=frozenset({"piano", "kitchen"}))
    p = problem(groups=(taiji,), venues=(venue("v1", capacity=40), venue("v2", capacity=20, step_free=True)))
    s = solve(replace(p, communities=(Community("c1", "社区 A"),)), time_limit=5, workers=1)
    assert s.status == "infeasible"
    ids = {"group": ("taiji",), "facility": ("kitchen", "piano"), "community": ("c1",)}
    assert s.explanation == (Reason("placement.no_venue", ids, {"seats": 30, "step_free": 1}),)


def test_a_group_whose_venues_are_closed_when_its_teacher_is_free_is_named() -> None:
    wang = teacher("t1", name="王老师", availability=(Window(MON, 9 * 60, 12 * 60),))
    hall = venue("v1", opening=(Window(1, 0, 1440),))
    p = problem(groups=(group("g1", name="书法班"),), teachers=(wang,), venues=(hall,))
    assert explain(p) == (Reason("placement.no_slot", {"group": ("g1",), "teacher": ("t1",)}),)


def test_a_teacher_with_fewer_slots_than_sessions_is_named_with_both_counts() -> None:
    three_days = tuple(Window(d, 9 * 60, 10 * 60 + 30) for d in (0, 2, 4))
    wang = teacher("t1", name="王老师", availability=three_days)
    p = problem(groups=(group("g1", sessions=2), group("g2", sessions=2)), teachers=(wang,))
    ids = {"teacher": ("t1",), "group": ("g1", "g2")}
    assert explain(p) == (Reason("teacher_conflict.too_few_slots", ids, {"need": 4, "slots": 3}),)


def test_groups_competing_for_the_only_piano_room_are_named_with_the_room() -> None:
    piano = frozenset({"piano"})
    room = venue("v1", name="钢琴室", facilities=piano, opening=(Window(MON, 9 * 60, 10 * 60 + 30),))
    groups = (group("g1", name="合唱团", facilities=piano), group("g2", name="钢琴班", teacher="t2", facilities=piano))
    p = problem(groups=groups, teachers=(teacher("t1"), teacher("t2")), venues=(room, venue("v2")))
    ids = {"group": ("g1", "g2"), "venue": ("v1",)}
    assert explain(p) == (Reason("venue_conflict.shortage", ids, {"need": 2, "slots": 1}),)


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
    (reason,) = solve(p, time_limit=5, workers=1).explanation
    assert reason == Reason(
        CORE,
        parts=(
            Reason("placement", {"group": ("g1",)}, {"sessions": 1}),
            Reason("placement", {"group": ("g2",)}, {"sessions": 1}),
            Reason("travel", {"teacher": ("t1",)}),
        ),
    )
    assert reason.named("group") == ("g1", "g2")


def test_a_reason_comes_back_equal_from_json() -> None:
    part = Reason("apart", {"apart": ("a1",), "group": ("g1", "g2")}, {"days": 2})
    reason = Reason(CORE, parts=(part, Reason("travel", {"teacher": ("t1",)})))
    assert Reason.from_json(reason.as_json()) == reason
    assert hash(Reason.from_json(reason.as_json())) == hash(reason)
    assert pickle.loads(pickle.dumps(reason)) == reason  # block results cross processes
