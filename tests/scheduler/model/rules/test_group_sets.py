"""The optional rules (cohorts, blocked and start times, apart and together sets, overflow, min days, isolated
sessions): each hard one is flagged by the verifier on a hand-made timetable and respected by the solver where
breaking it would pay; each soft one is counted by hand on a pinned timetable and agrees with the solver."""

from __future__ import annotations

from dataclasses import replace

from scheduler import Apart, Cohort, Placement, Reason, Slot, Window
from scheduler.verify.timetable import verify
from tests.scheduler.builders import at, grid, group, problem, resident, solved, teacher, venue, zero_weights

MON_9, MON_1030, MON_1430 = 9 * 60, 10 * 60 + 30, 14 * 60 + 30
ONLY_MON_9 = (Window(0, MON_9, MON_1030),)


def rules(p, assignments) -> list[str]:
    return sorted({v.rule for v in verify(p, tuple(assignments)).violations})


def crowd(*groups: str, n: int = 5) -> tuple:
    """``n`` residents per group, free only on Monday at 9:00: they pull every group there."""
    return tuple(resident(f"r{g}{i}", g, free=ONLY_MON_9) for g in groups for i in range(n))


def pin(day: int, start: int = MON_9, venue_id: str | None = "v1") -> Placement:
    return Placement(Slot(day, start, 90), venue_id)


def two_teachers(*groups, **kw):
    venues = kw.pop("venues", (venue("v1"), venue("v2")))
    return problem(groups=groups, teachers=(teacher("t1"), teacher("t2")), venues=venues, **kw)


def weighted(p, **kw: int):
    return replace(p, weights=zero_weights(**kw))


# Hard rules --------------------------------------------------------------------------------------------------


def test_cohort_clash_flags_two_groups_of_a_cohort_at_once_and_solver_separates_them() -> None:
    cohort = Cohort("q1", "class 1", ("g1", "g2"))
    p = two_teachers(group("g1"), group("g2", teacher="t2"), cohorts=(cohort,), residents=crowd("g1", "g2"))
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_9, "v2")]) == ["cohort_clash"]
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_1030, "v2")]) == []
    starts = {a.slot for a in solved(p).assignments}
    assert len(starts) == 2


def test_blocked_flags_a_session_at_a_busy_time_and_solver_avoids_it() -> None:
    p = problem(groups=(group("g1", blocked=(Window(0, MON_9 + 30, MON_9 + 60),)),), residents=crowd("g1"))
    assert rules(p, [at(p, "g1", 0, 0, MON_9)]) == ["blocked"]
    assert rules(p, [at(p, "g1", 0, 0, MON_1030)]) == []
    assert solved(p).assignments[0].slot != Slot(0, MON_9, 90)


def test_start_times_flags_another_start_and_solver_keeps_to_the_allowed_one() -> None:
    only = Slot(2, MON_1430, 90)
    p = problem(groups=(group("g1", starts=(only,)),), residents=crowd("g1"))
    assert rules(p, [at(p, "g1", 0, 0, MON_9)]) == ["start_times"]
    assert [a.slot for a in solved(p).assignments] == [only]


def test_different_days_may_be_waived_per_group_and_the_solver_then_uses_one_day() -> None:
    p = problem(groups=(group("g1", sessions=2, one_per_day=False),), residents=crowd("g1"))
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g1", 1, 0, MON_1030)]) == []
    twice = [at(p, "g1", 0, 0, MON_9), at(p, "g1", 1, 0, MON_9)]
    assert rules(p, twice) == ["teacher_conflict", "venue_conflict"]
    narrow = replace(p, slots=grid(days=(0,)))
    assert {a.slot.weekday for a in solved(narrow).assignments} == {0}


def test_apart_flags_groups_closer_than_its_days_and_solver_keeps_them_apart() -> None:
    apart = Apart("a1", ("g1", "g2"), days=2, hard=True)
    p = two_teachers(group("g1"), group("g2", teacher="t2"), apart=(apart,), slots=grid(days=range(3)))
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 1, MON_9, "v2")]) == ["apart"]
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 2, MON_9, "v2")]) == []
    assert sorted(a.slot.weekday for a in solved(p).assignments) == [0, 2]


def test_same_start_flags_groups_set_together_at_different_times_and_solver_aligns_them() -> None:
    g2 = group("g2", teacher="t2", pinned=(pin(3, MON_1430, "v2"),))
    p = two_teachers(group("g1"), g2, together=(("g1", "g2"),), residents=crowd("g1"))
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 3, MON_1430, "v2")]) == ["same_start"]
    assert {a.slot for a in solved(p).assignments} == {Slot(3, MON_1430, 90)}


def test_capacity_is_waived_for_a_group_that_may_overflow() -> None:
    small = (venue("v1", capacity=10),)
    strict = problem(groups=(group("g1", max_size=12),), venues=small)
    assert rules(strict, [at(strict, "g1", 0, 0, MON_9)]) == ["capacity"]
    loose = problem(groups=(group("g1", max_size=12, overflow=True),), venues=small)
    assert rules(loose, [at(loose, "g1", 0, 0, MON_9)]) == []


# Soft rules --------------------------------------------------------------------------------------------------


def test_overflow_counts_each_missing_seat_per_session() -> None:
    venues = (venue("v1", capacity=10), venue("v2", capacity=15))
    g = group("g1", sessions=2, max_size=12, overflow=True, pinned=(pin(0), pin(2, venue_id="v2")))
    assert solved(weighted(problem(groups=(g,), venues=venues), overflow=3)).penalties["overflow"] == 3 * 2
    free = group("g1", sessions=2, max_size=12, overflow=True)
    assert solved(weighted(problem(groups=(free,), venues=venues), overflow=3)).penalties["overflow"] == 0


def test_min_days_counts_each_missing_day() -> None:
    crowded = group("g1", sessions=3, one_per_day=False, min_days=3, pinned=(pin(0), pin(0, MON_1430), pin(1)))
    assert solved(weighted(problem(groups=(crowded,)), min_days=5)).penalties["min_days"] == 5 * 1
    free = group("g1", sessions=3, one_per_day=False, min_days=3)
    assert solved(weighted(problem(groups=(free,)), min_days=5)).penalties["min_days"] == 0


def test_isolated_counts_sessions_of_a_cohort_without_a_neighbour() -> None:
    cohort = (Cohort("q1", "class 1", ("g1", "g2")),)
    slots = grid(days=range(2), starts=(MON_9, MON_1030, MON_1430))
    # Monday 9:00 and 10:30 are neighbours; Tuesday 14:30 stands alone: one isolated session.
    g1 = group("g1", sessions=2, pinned=(pin(0), pin(1, MON_1430)))
    g2 = group("g2", teacher="t2", pinned=(pin(0, MON_1030, "v2"),))
    p = weighted(two_teachers(g1, g2, cohorts=cohort, slots=slots), isolated=2)
    assert solved(p).penalties["isolated"] == 2 * 1
    apart = weighted(
        two_teachers(g1, group("g2", teacher="t2", pinned=(pin(1, MON_9, "v2"),)), cohorts=cohort), isolated=2
    )
    assert solved(apart).penalties["isolated"] == 2 * 3
    free = weighted(two_teachers(group("g1"), group("g2", teacher="t2"), cohorts=cohort, slots=slots), isolated=2)
    assert solved(free).penalties["isolated"] == 0


def test_apart_soft_counts_each_pair_of_groups_too_close() -> None:
    apart = (Apart("a1", ("g1", "g2", "g3"), days=2),)
    close = (pin(0), pin(1, venue_id="v2"), pin(4, venue_id="v3"))  # g1–g2 one day apart: 1 pair
    groups = tuple(group(f"g{i + 1}", teacher=f"t{i + 1}", pinned=(close[i],)) for i in range(3))
    three = dict(teachers=tuple(teacher(f"t{i}") for i in (1, 2, 3)), venues=(venue("v1"), venue("v2"), venue("v3")))
    assert solved(weighted(problem(groups=groups, apart=apart, **three), apart=4)).penalties["apart_soft"] == 4 * 1
    free = tuple(group(f"g{i}", teacher=f"t{i}") for i in (1, 2, 3))
    assert solved(weighted(problem(groups=free, apart=apart, **three), apart=4)).penalties["apart_soft"] == 0


def test_cohort_naming_an_unknown_group_is_refused_with_its_name() -> None:
    import pytest

    from scheduler import ProblemError

    with pytest.raises(ProblemError, match=r"cohort 'class 1' \(q1\) names unknown group\(s\) 'ghost'"):
        problem(groups=(group("g1"),), cohorts=(Cohort("q1", "class 1", ("g1", "ghost")),))


def test_cohort_with_more_sessions_than_slots_is_explained_by_naming_the_cohort() -> None:
    from scheduler.search.one_model import solve

    slots = grid(days=(0,), starts=(MON_9, MON_1030))
    groups = (group("g1"), group("g2", teacher="t2"), group("g3", teacher="t3"))
    teachers = (teacher("t1"), teacher("t2"), teacher("t3"))
    venues = (venue("v1"), venue("v2"), venue("v3"))
    cohort = Cohort("q1", "class 1", ("g1", "g2", "g3"))
    p = problem(groups=groups, teachers=teachers, venues=venues, slots=slots, cohorts=(cohort,))
    s = solve(p, time_limit=5, workers=1)
    assert s.status == "infeasible"
    ids = {"cohort": ("q1",), "group": ("g1", "g2", "g3")}
    assert s.explanation == (Reason("cohort_clash.too_few_slots", ids, {"need": 3, "slots": 2}),)


def test_teacher_with_too_few_days_for_sessions_kept_apart_is_named() -> None:
    from scheduler.search.one_model import solve

    three_days = teacher("t1", availability=tuple(Window(d, 0, 1440) for d in (0, 2, 4)))
    groups = tuple(group(f"g{i}", name=f"maths {i}") for i in range(1, 5))
    apart = Apart("a1", tuple(g.id for g in groups), days=1, hard=True)
    p = problem(groups=groups, teachers=(three_days,), apart=(apart,))
    s = solve(p, time_limit=5, workers=1)
    assert s.status == "infeasible"
    ids = {"teacher": ("t1",), "group": ("g1", "g2", "g3", "g4"), "apart": ("a1",)}
    numbers = {"sessions": 4, "per_day": 1, "need": 4, "days": 3}
    assert s.explanation == (Reason("apart.teacher_days", ids, numbers),)


def test_day_cap_flags_three_sessions_of_a_capped_set_on_one_day_and_solver_spreads_them() -> None:
    slots = grid(days=range(2), starts=(MON_9, MON_1030, MON_1430))
    groups = tuple(group(f"g{i}") for i in range(1, 4))
    p = problem(groups=groups, slots=slots, apart=(Apart("a1", ("g1", "g2", "g3"), per_day=2),))
    monday = [at(p, f"g{i}", 0, 0, start) for i, start in zip((1, 2, 3), (MON_9, MON_1030, MON_1430), strict=True)]
    assert rules(p, monday) == ["day_cap"]
    assert rules(p, [*monday[:2], at(p, "g3", 0, 1, MON_9)]) == []
    monday_people = tuple(resident(f"r{g}", g, free=(Window(0, 0, 24 * 60),)) for g in ("g1", "g2", "g3"))
    s = solved(replace(p, residents=monday_people))
    assert [a.slot.weekday for a in s.assignments].count(0) == 2


def test_cohort_gaps_flags_an_idle_slot_between_a_cohorts_sessions_and_solver_closes_it() -> None:
    slots = grid(days=(0,), starts=(MON_9, MON_1030, MON_1430))
    cohort = Cohort("q1", "class 1", ("g1", "g2"), max_gaps=0)
    p = two_teachers(group("g1"), group("g2", teacher="t2"), slots=slots, cohorts=(cohort,))
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_1430, "v2")]) == ["cohort_gaps"]
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_1030, "v2")]) == []
    pulled = replace(p, residents=(resident("r1", "g1", free=ONLY_MON_9), resident("r2", "g2", free=ONLY_MON_9)))
    starts = sorted(a.slot.start for a in solved(pulled).assignments)
    assert starts in ([MON_9, MON_1030], [MON_1030, MON_1430])


def test_cohort_gaps_do_not_count_a_break_blocked_for_the_whole_cohort() -> None:
    slots = grid(days=(0,), starts=(MON_9, MON_1030, MON_1430))
    lunch = (Window(0, MON_1030, MON_1030 + 90),)
    cohort = Cohort("q1", "class 1", ("g1", "g2"), max_gaps=0)
    p = two_teachers(
        group("g1", blocked=lunch), group("g2", teacher="t2", blocked=lunch), slots=slots, cohorts=(cohort,)
    )
    assert rules(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_1430, "v2")]) == []
