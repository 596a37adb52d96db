"""Placing and evicting: a school's first timetable where each class fills its week."""

from __future__ import annotations

from scheduler import Apart, Cohort
from scheduler.model.candidates import Candidates
from scheduler.problem import Problem
from scheduler.search.eviction import applies, construct
from scheduler.verify import verify
from tests.scheduler import builders as b

STARTS = (9 * 60, 10 * 60 + 30, 14 * 60 + 30)


def _school(
    days: tuple[int, ...] = (0,), apart: tuple[Apart, ...] = (), together: tuple[tuple[str, ...], ...] = ()
) -> Problem:
    """Three classes, three teachers, every class one lesson with each teacher a day: a Latin square a day."""
    groups = tuple(
        b.group(f"c{c}t{t}d{d}", teacher=f"t{t}", venues=(f"v{c}",))
        for c in range(3)
        for t in range(3)
        for d in range(len(days))
    )
    cohorts = tuple(
        Cohort(f"c{c}", f"class {c}", tuple(g.id for g in groups if g.id.startswith(f"c{c}"))) for c in range(3)
    )
    return b.problem(
        groups=groups,
        venues=tuple(b.venue(f"v{c}") for c in range(3)),
        teachers=tuple(b.teacher(f"t{t}") for t in range(3)),
        slots=b.grid(days=days, starts=STARTS),
        cohorts=cohorts,
        apart=apart,
        together=together,
    )


def test_placing_and_evicting_times_a_school_whose_classes_fill_their_week() -> None:
    p = _school()
    placed = construct(p, Candidates(p), seconds=30.0)
    assert placed is not None
    assert verify(p, placed).violations == ()
    assert sorted(a.group for a in placed) == sorted(g.id for g in p.groups)


def test_placing_and_evicting_keeps_a_hard_min_days_set_apart() -> None:
    apart = (Apart("md1", ("c0t0d0", "c0t0d1"), days=2, hard=True),)
    p = _school(days=(0, 1, 2), apart=apart)
    placed = construct(p, Candidates(p), seconds=30.0)
    assert placed is not None
    assert verify(p, placed).violations == ()
    day = {a.group: a.slot.weekday for a in placed}
    assert abs(day["c0t0d0"] - day["c0t0d1"]) >= 2


def test_placing_and_evicting_moves_a_same_starting_time_set_as_one() -> None:
    p = _school(together=(("c0t0d0", "c1t1d0"),))
    placed = construct(p, Candidates(p), seconds=30.0)
    assert placed is not None
    assert verify(p, placed).violations == ()
    start = {a.group: a.slot for a in placed}
    assert start["c0t0d0"] == start["c1t1d0"]


def test_placing_and_evicting_applies_only_to_groups_meeting_once_a_week() -> None:
    p = _school()
    twice = b.problem(groups=(b.group("g1", sessions=2),))
    assert (applies(p), applies(twice)) == (True, False)
