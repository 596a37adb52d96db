"""The verifier names the sessions that break each hard rule (so the week grid can mark them), and checks the hard
rules alone when asked (no penalties or demand count)."""

from __future__ import annotations

from scheduler import Cohort, Window
from scheduler.solution import Session
from scheduler.verify import hard_violations, verify
from tests.scheduler.builders import at, group, problem, resident, teacher, venue

MON_9, MON_1030 = 9 * 60, 10 * 60 + 30


def named(p, assignments) -> list[tuple[str, list[Session]]]:
    return sorted((v.rule, sorted(v.sessions)) for v in hard_violations(p, tuple(assignments)))


def test_a_teacher_teaching_two_groups_at_once_names_both_sessions() -> None:
    p = problem(groups=(group("g1"), group("g2")), venues=(venue("v1"), venue("v2")))
    clash = [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_9, "v2")]
    assert named(p, clash) == [("teacher_conflict", [Session("g1", 0), Session("g2", 0)])]


def test_a_venue_hosting_two_groups_names_both_and_an_unavailable_teacher_names_one() -> None:
    p = problem(
        groups=(group("g1"), group("g2", teacher="t2")),
        teachers=(teacher("t1"), teacher("t2", availability=(Window(1, 0, 1440),))),
    )
    assert named(p, [at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_9)]) == [
        ("teacher_availability", [Session("g2", 0)]),
        ("venue_conflict", [Session("g1", 0), Session("g2", 0)]),
    ]


def test_a_cohort_clash_names_the_sessions_of_both_groups() -> None:
    p = problem(
        groups=(group("g1"), group("g2", teacher="t2")),
        teachers=(teacher("t1"), teacher("t2")),
        venues=(venue("v1"), venue("v2")),
        cohorts=(Cohort("q1", "class 1", ("g1", "g2")),),
    )
    assert named(p, [at(p, "g1", 0, 2, MON_9), at(p, "g2", 0, 2, MON_9, "v2")]) == [
        ("cohort_clash", [Session("g1", 0), Session("g2", 0)])
    ]


def test_a_valid_timetable_has_no_hard_violation_and_hard_only_agrees_with_the_full_report() -> None:
    p = problem(groups=(group("g1"), group("g2")), venues=(venue("v1"), venue("v2")), residents=(resident("r1", "g1"),))
    fine = (at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_1030))
    broken = (at(p, "g1", 0, 0, MON_9), at(p, "g2", 0, 0, MON_9))
    assert hard_violations(p, fine) == verify(p, fine).violations == ()
    assert hard_violations(p, broken) == verify(p, broken).violations != ()
