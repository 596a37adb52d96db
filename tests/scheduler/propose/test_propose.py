"""The proposal engine, one rule at a time: each case has residents a proposal serves and one it must not.

Every result is recounted by ``scheduler.propose.verify`` (no broken rule, the same residents served) and the
bound is never below what was served."""

from __future__ import annotations

import dataclasses
import threading

from scheduler.problem import Window
from scheduler.propose import Activity, Busy, Demand, Pattern, Proposal, Resident, Room, Tutor, Wish, propose
from scheduler.propose.naive import naive_plan
from scheduler.propose.verify import check, served_at_best

MON, TUE, WED, THU = 0, 1, 2, 3
MORNING = (9 * 60, 12 * 60)
DANCE = Activity("dance", "广场舞", "sports", sessions=2, length=60, min_size=2, max_size=3)
TEA = Activity(
    "tea", "茶艺", "culture", sessions=1, length=90, min_size=2, max_size=4, facilities=frozenset({"tea_set"})
)


def mornings(*days: int) -> tuple[Window, ...]:
    return tuple(Window(d, *MORNING) for d in days)


def demand(**changes: object) -> Demand:
    """Four residents of 万寿 wishing for square dancing, free Monday and Tuesday mornings; one teacher, one plaza."""
    base = dict(
        starts=(9 * 60, 10 * 60 + 30),
        activities=(DANCE, TEA),
        residents=tuple(Resident(f"r{i}", mornings(MON, TUE)) for i in range(4)),
        wishes=tuple(Wish(f"r{i}", "dance", ("wanshou",)) for i in range(4)),
        tutors=(
            Tutor("li", "李红", "wanshou", frozenset({"sports"}), availability=mornings(MON, TUE), sessions_left=4),
        ),
        rooms=(Room("plaza", "万寿广场", "wanshou", 50, opening=mornings(MON, TUE, WED, THU)),),
        openings=1,
        days=(MON, TUE, WED, THU),
    )
    return Demand(**{**base, **changes})  # type: ignore[arg-type]


def solved(d: Demand) -> tuple[Proposal, ...]:
    result = propose(d, time_limit=10, workers=1)
    report = check(d, result.proposals)
    assert (report.violations, report.served) == ((), result.served)
    assert result.bound is not None and result.bound >= result.served
    assert served_at_best(d, result.proposals) == result.served  # nobody left out who could have been served
    return result.proposals


def served(d: Demand) -> list[str]:
    return sorted(r for p in solved(d) for r in p.residents)


def test_a_proposal_serves_residents_who_wished_for_it_and_are_free_then() -> None:
    (p,) = solved(demand())
    assert (p.activity, p.community, p.tutor, p.room, p.pattern.days, p.served) == (
        "dance", "wanshou", "li", "plaza", (MON, TUE), 3)  # fmt: skip


def test_at_most_the_maximum_size_is_served_and_the_rest_need_a_second_group() -> None:
    assert [p.served for p in solved(demand())] == [3]
    assert sorted(p.served for p in solved(demand(openings=2))) == [2, 2]


def test_a_second_group_opens_when_enough_residents_are_left() -> None:
    residents = tuple(Resident(f"r{i}", mornings(MON, TUE)) for i in range(6))
    wishes = tuple(Wish(f"r{i}", "dance", ("wanshou",)) for i in range(6))
    assert sorted(p.served for p in solved(demand(residents=residents, wishes=wishes, openings=3))) == [3, 3]


def test_a_resident_who_did_not_wish_for_the_activity_is_not_served() -> None:
    d = demand(wishes=tuple(Wish(f"r{i}", "dance", ("wanshou",)) for i in range(2)))
    assert served(d) == ["r0", "r1"]


def test_a_resident_who_cannot_reach_the_community_is_not_served() -> None:
    wishes = (*(Wish(f"r{i}", "dance", ("wanshou",)) for i in range(2)), Wish("r2", "dance", ("longzhu",)))
    assert served(demand(wishes=wishes)) == ["r0", "r1"]


def test_a_resident_free_for_only_one_of_the_sessions_is_not_served() -> None:
    residents = (*(Resident(f"r{i}", mornings(MON, TUE)) for i in range(3)), Resident("r3", mornings(MON)))
    d = demand(residents=residents, openings=2)
    assert "r3" not in served(d)


def test_a_resident_whose_published_group_meets_then_is_not_served() -> None:
    busy = Resident("r0", mornings(MON, TUE), busy=(Window(MON, 9 * 60, 12 * 60),))
    residents = (busy, *(Resident(f"r{i}", mornings(MON, TUE)) for i in range(1, 4)))
    assert served(demand(residents=residents)) == ["r1", "r2", "r3"]


def test_a_resident_is_counted_once_per_activity_even_within_reach_of_two_proposals() -> None:
    residents = tuple(Resident(f"r{i}", mornings(MON, TUE)) for i in range(3))
    wishes = tuple(Wish(f"r{i}", "dance", ("wanshou", "longzhu")) for i in range(3))
    rooms = (Room("plaza", "万寿广场", "wanshou", 50, opening=mornings(MON, TUE)),
             Room("yard", "龙竹院坝", "longzhu", 50, opening=mornings(MON, TUE)))  # fmt: skip
    tutor = Tutor("li", "李红", "wanshou", frozenset({"sports"}), availability=mornings(MON, TUE), sessions_left=8,
                  communities=("longzhu",))  # fmt: skip
    proposals = solved(demand(residents=residents, wishes=wishes, rooms=rooms, tutors=(tutor,), openings=2))
    assert [p.served for p in proposals] == [3]


def test_fewer_residents_than_the_minimum_size_make_no_proposal() -> None:
    d = demand(wishes=(Wish("r0", "dance", ("wanshou",)),))
    assert solved(d) == ()


def test_no_more_than_k_proposals() -> None:
    residents = tuple(Resident(f"r{i}", mornings(MON, TUE)) for i in range(9))
    wishes = tuple(Wish(f"r{i}", "dance", ("wanshou",)) for i in range(9))
    assert len(solved(demand(residents=residents, wishes=wishes, openings=2))) == 2  # 9 residents wait: 3 groups of 3


def test_a_teacher_without_the_skill_or_the_activity_takes_nothing() -> None:
    arts = Tutor("wu", "吴老师", "wanshou", frozenset({"arts"}), availability=mornings(MON, TUE), sessions_left=4)
    assert solved(demand(tutors=(arts,))) == ()
    listed = dataclasses.replace(arts, activities=frozenset({"dance"}))
    assert [p.tutor for p in solved(demand(tutors=(listed,)))] == ["wu"]


def test_a_teacher_with_too_few_sessions_left_takes_nothing() -> None:
    tutor = Tutor("li", "李红", "wanshou", frozenset({"sports"}), availability=mornings(MON, TUE), sessions_left=1)
    assert solved(demand(tutors=(tutor,))) == ()


def test_a_teacher_is_proposed_only_when_available_and_not_teaching() -> None:
    away = Tutor("li", "李红", "wanshou", frozenset({"sports"}), availability=mornings(MON), sessions_left=4)
    assert solved(demand(tutors=(away,))) == ()
    busy = Tutor("li", "李红", "wanshou", frozenset({"sports"}), availability=mornings(MON, TUE), sessions_left=4,
                 busy=(Busy(Window(TUE, 9 * 60, 12 * 60), "wanshou"),))  # fmt: skip
    assert solved(demand(tutors=(busy,))) == ()


def test_a_teacher_needs_the_travel_time_after_a_session_elsewhere() -> None:
    elsewhere = (Busy(Window(MON, 8 * 60, 9 * 60), "longzhu"), Busy(Window(TUE, 8 * 60, 9 * 60), "longzhu"))
    tutor = Tutor("li", "李红", "wanshou", frozenset({"sports"}), availability=mornings(MON, TUE), sessions_left=4,
                  busy=elsewhere)  # fmt: skip
    assert {p.pattern.start for p in solved(demand(tutors=(tutor,)))} == {10 * 60 + 30}


def test_a_teacher_takes_one_proposal_at_a_time_and_no_more_sessions_than_left() -> None:
    residents = tuple(Resident(f"r{i}", mornings(MON, TUE)) for i in range(6))
    wishes = tuple(Wish(f"r{i}", "dance", ("wanshou",)) for i in range(6))
    d = demand(residents=residents, wishes=wishes, starts=(9 * 60,), openings=2)
    assert len(solved(d)) == 1  # one start a morning: the second group would meet at the same time
    one_more = dataclasses.replace(d, starts=(9 * 60, 10 * 60 + 30),
                                   tutors=(dataclasses.replace(d.tutors[0], sessions_left=2),))  # fmt: skip
    assert len(solved(one_more)) == 1


def test_a_venue_must_be_open_suitable_and_free() -> None:
    residents = tuple(Resident(f"r{i}", mornings(MON)) for i in range(3))
    wishes = tuple(Wish(f"r{i}", "tea", ("wanshou",)) for i in range(3))
    tutor = Tutor("wu", "吴老师", "wanshou", frozenset({"culture"}), availability=mornings(MON), sessions_left=4)
    room = Room("room", "茶室", "wanshou", 10, frozenset({"tea_set"}), opening=mornings(MON))
    d = demand(residents=residents, wishes=wishes, tutors=(tutor,), rooms=(room,))
    assert [p.room for p in solved(d)] == ["room"]
    for bad in (dataclasses.replace(room, facilities=frozenset()), dataclasses.replace(room, capacity=1),
                dataclasses.replace(room, opening=mornings(TUE)),
                dataclasses.replace(room, busy=(Window(MON, 9 * 60, 12 * 60),))):  # fmt: skip
        assert solved(dataclasses.replace(d, rooms=(bad,))) == ()


def test_a_small_venue_serves_only_its_seats() -> None:
    room = Room("corner", "小角落", "wanshou", 2, opening=mornings(MON, TUE))
    assert [p.served for p in solved(demand(rooms=(room,)))] == [2]


def test_a_venue_hosts_one_proposal_at_a_time() -> None:
    residents = tuple(Resident(f"r{i}", mornings(MON, TUE)) for i in range(6))
    wishes = tuple(Wish(f"r{i}", "dance", ("wanshou",)) for i in range(6))
    tutors = tuple(Tutor(t, t, "wanshou", frozenset({"sports"}), availability=mornings(MON, TUE), sessions_left=4)
                   for t in ("li", "wang"))  # fmt: skip
    d = demand(residents=residents, wishes=wishes, tutors=tutors, starts=(9 * 60,), openings=2)
    assert len(solved(d)) == 1
    assert len(solved(dataclasses.replace(d, starts=(9 * 60, 10 * 60 + 30)))) == 2


def test_a_proposal_carries_the_data_of_its_reason() -> None:
    residents = tuple(Resident(f"r{i}", mornings(MON, TUE)) for i in range(5))
    wishes = tuple(Wish(f"r{i}", "dance", ("wanshou",)) for i in range(5))
    (p,) = solved(demand(residents=residents, wishes=wishes, openings=1))
    assert (p.served, p.wished, p.sessions_left) == (3, 5, 4)
    assert p.pattern == Pattern((MON, TUE), p.pattern.start, 60)


def test_the_verifier_names_each_broken_rule() -> None:
    d = demand()
    good = Proposal("dance", "wanshou", "li", "plaza", Pattern((MON, TUE), 9 * 60, 60), ("r0", "r1"), 4, 2)
    assert check(d, [good]).violations == ()
    bad = [
        dataclasses.replace(good, residents=("r0", "r0")),  # counted twice
        dataclasses.replace(good, residents=("r0",)),  # below the minimum
        dataclasses.replace(good, residents=("r0", "r1", "r2", "r3")),  # above the maximum
        dataclasses.replace(good, pattern=Pattern((WED, THU), 9 * 60, 60)),  # teacher and residents not free
        dataclasses.replace(good, activity="tea", residents=()),  # no wish, no skill, no tea set
    ]
    assert [bool(check(d, [p]).violations) for p in bad] == [True] * len(bad)
    twice = check(d, [good, dataclasses.replace(good, residents=("r2", "r3"))])
    assert any("another proposal then" in v for v in twice.violations)


def test_the_naive_plan_takes_the_most_wished_pairs_at_their_most_common_free_time() -> None:
    residents = (*(Resident(f"r{i}", mornings(MON, TUE)) for i in range(3)), Resident("r3", mornings(WED, THU)))
    plan = naive_plan(demand(residents=residents, openings=1))
    assert [(p.activity, p.community, p.pattern.days, p.tutor, p.room) for p in plan] == [
        ("dance", "wanshou", (MON, TUE), "li", "plaza")]  # fmt: skip
    assert served_at_best(demand(residents=residents), plan) == 3


def test_a_stopped_run_keeps_its_warm_start() -> None:
    stop = threading.Event()
    stop.set()
    result = propose(demand(), time_limit=30, workers=1, stop=stop)
    assert (result.served, check(demand(), result.proposals).violations) == (3, ())
