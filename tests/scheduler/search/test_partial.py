"""A partial solve timetables every group it can and leaves out, with a reason, the groups proven impossible."""

from __future__ import annotations

from dataclasses import replace

from scheduler import Cohort, LeftOut, Reason, Status, Window
from scheduler.explain import CORE
from scheduler.options import SolveOptions
from scheduler.problem.subset import without
from scheduler.solver import solve
from scheduler.verify.timetable import verify
from tests.scheduler.builders import grid, group, problem, resident, teacher, venue
from tests.scheduler.district.test_district import _district

PARTIAL = SolveOptions(time_limit=10, workers=1, partial=True)


def _checked(p, s) -> None:
    """What every partial solve must give: the rest timetabled whole, nothing broken, the objectives agreeing."""
    report = verify(p, s, unplaced=s.unplaced)
    assert report.violations == ()
    assert report.objective == s.objective
    assert report.unplaced == tuple(sorted(s.unplaced))
    placed = {a.group for a in s.assignments}
    assert placed == {g.id for g in p.groups} - s.unplaced


def test_a_group_no_venue_suits_is_left_out_and_every_other_group_is_placed() -> None:
    cooking = group("cook", teacher="t2", max_size=500, facilities=frozenset({"kitchen", "piano"}))
    p = problem(
        groups=(group("g1"), group("g2", sessions=2), cooking),
        teachers=(teacher("t1"), teacher("t2")),
        residents=(resident("r1", "g1", "cook"), resident("r2", "g2")),
    )
    s = solve(p, PARTIAL)
    ids = {"group": ("cook",), "facility": ("kitchen", "piano"), "community": ("c1",)}
    assert s.left_out == (LeftOut(("cook",), Reason("placement.no_venue", ids, {"seats": 500, "step_free": 0})),)
    assert s.status.has_timetable
    assert len(s.assignments) == 3
    _checked(p, s)


def test_without_partial_the_same_problem_is_infeasible_with_the_same_reason() -> None:
    cooking = group("cook", teacher="t2", max_size=500)
    p = problem(groups=(group("g1"), cooking), teachers=(teacher("t1"), teacher("t2")))
    s = solve(p, time_limit=10, workers=1)
    assert (s.status, s.assignments, s.left_out) == (Status.INFEASIBLE, (), ())
    assert [r.code for r in s.explanation] == ["placement.no_venue"]


def test_a_teacher_asked_for_more_than_their_maximum_leaves_their_groups_out_together() -> None:
    p = problem(
        groups=(group("g1", sessions=2), group("g2", sessions=2), group("g3", teacher="t2")),
        teachers=(teacher("t1", max_sessions=3), teacher("t2")),
    )
    s = solve(p, PARTIAL)
    (left,) = s.left_out
    assert (left.groups, left.reason.code, left.reason.of("teacher")) == (
        ("g1", "g2"),
        "teacher_load.over_max",
        ("t1",),
    )
    assert [a.group for a in s.assignments] == ["g3"]
    _checked(p, s)


def test_a_cohort_impossible_only_by_search_is_left_out_by_its_core() -> None:
    # One slot a day on Monday and Tuesday; the cohort's two groups of two sessions each cannot avoid each other,
    # and no counting pre-check sees it (four sessions, but each group alone has both days).
    slots = grid(days=(0, 1), starts=(9 * 60,))
    groups = (group("g1", sessions=2), group("g2", teacher="t2", sessions=2), group("g3", teacher="t3"))
    teachers = (teacher("t1"), teacher("t2"), teacher("t3"))
    venues = (venue("v1"), venue("v2"), venue("v3"))
    p = problem(
        groups=groups, teachers=teachers, venues=venues, slots=slots, cohorts=(Cohort("q", "class", ("g1", "g2")),)
    )
    plain = solve(p, time_limit=10, workers=1)
    assert plain.status is Status.INFEASIBLE
    s = solve(p, PARTIAL)
    assert s.status.has_timetable
    assert s.unplaced and s.unplaced <= {"g1", "g2"}
    assert {a.group for a in s.assignments} >= {"g3"}
    _checked(p, s)


def test_a_core_over_a_shared_teacher_names_the_groups_left_out_together() -> None:
    morning = (Window(0, 9 * 60, 12 * 60),)
    wang = teacher("t1", availability=morning)
    p = problem(
        groups=(group("g1"), group("g2", community="c2"), group("g3", teacher="t2")),
        teachers=(wang, teacher("t2")),
        venues=(venue("v1"), venue("v2", community="c2")),
        communities=("c1", "c2"),
        slots=grid(days=(0,), starts=(9 * 60, 10 * 60 + 30)),
    )
    s = solve(p, PARTIAL)
    (left,) = s.left_out
    assert left.groups == ("g1", "g2")
    assert left.reason.code == CORE
    assert [part.code for part in left.reason.parts] == ["placement", "placement", "travel"]
    assert [a.group for a in s.assignments] == ["g3"]
    _checked(p, s)


def test_every_group_impossible_gives_an_empty_timetable_that_lists_them_all() -> None:
    p = problem(groups=(group("g1", max_size=99), group("g2", max_size=99)))
    s = solve(p, PARTIAL)
    assert (s.status, s.assignments, s.objective) == (Status.OPTIMAL, (), 0)
    assert [x.groups for x in s.left_out] == [("g1",), ("g2",)]
    _checked(p, s)


def test_the_verifier_reports_left_out_groups_as_unplaced_not_as_broken_placements() -> None:
    p = problem(groups=(group("g1"), group("g2", teacher="t2")), teachers=(teacher("t1"), teacher("t2")))
    s = solve(replace(p, groups=p.groups[:1]), time_limit=5, workers=1)
    assert [v.rule for v in verify(p, s).violations] == ["placement"]  # g2 has no session: broken, unless said
    report = verify(p, s, unplaced={"g2"})
    assert (report.violations, report.unplaced) == ((), ("g2",))
    stray = verify(p, s, unplaced={"g1", "g2"})
    assert [v.message for v in stray.violations] == ["g1#0 is timetabled but said to be left out"]


def test_a_district_with_one_impossible_group_timetables_every_other_community_and_group() -> None:
    p = _district()
    victim = p.groups[-1]
    groups = tuple(replace(g, max_size=10_000) if g.id == victim.id else g for g in p.groups)
    impossible = replace(p, groups=groups)
    s = solve(impossible, SolveOptions(time_limit=20, workers=1, partial=True))
    assert s.status.has_timetable
    assert [(x.groups, x.reason.code) for x in s.left_out] == [((victim.id,), "placement.no_venue")]
    assert len(s.assignments) == p.session_count - victim.sessions
    _checked(impossible, s)


def test_a_subset_drops_the_groups_from_residents_cohorts_and_sets() -> None:
    p = problem(
        groups=(group("g1"), group("g2", teacher="t2"), group("g3", teacher="t3")),
        teachers=(teacher("t1"), teacher("t2"), teacher("t3")),
        residents=(resident("r1", "g1", "g2"),),
        cohorts=(Cohort("q", "class", ("g1", "g2")), Cohort("all", "all", ("g1", "g2", "g3"))),
        together=(("g2", "g3"),),
    )
    rest = without(p, {"g1"})
    assert [g.id for g in rest.groups] == ["g2", "g3"]
    assert rest.residents[0].enrolled == ("g2",)
    assert [c.groups for c in rest.cohorts] == [("g2", "g3")]
    assert rest.together == (("g2", "g3"),)
    assert without(p, ()) is p
