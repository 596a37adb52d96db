"""Refining a school's timetable: soft min-days pairs parted by small searches around them."""

from __future__ import annotations

import time

from scheduler import Apart, Cohort
from scheduler.model.candidates import Candidates
from scheduler.problem import Problem, Weights
from scheduler.search import refine, units
from scheduler.verify import verify
from tests.scheduler import builders as b

STARTS = (9 * 60, 10 * 60 + 30)


def _full_week(soft: tuple[str, ...] = ("a", "b"), weights: Weights | None = None) -> Problem:
    """One class with four lessons, each with its own teacher, in a week of two days of two periods: every
    period full, so a lesson only moves by trading places with another."""
    groups = tuple(b.group(g, teacher=f"t{g}", venues=("v0",)) for g in "abcd")
    return b.problem(
        groups=groups,
        venues=(b.venue("v0"),),
        teachers=tuple(b.teacher(f"t{g}") for g in "abcd"),
        slots=b.grid(days=(0, 1), starts=STARTS),
        cohorts=(Cohort("c0", "class 0", tuple(g.id for g in groups)),),
        apart=(Apart("md", soft, days=1, per_day=2),),
        weights=b.zero_weights(apart=1) if weights is None else weights,
    )


def test_refining_trades_periods_to_part_a_soft_min_days_pair() -> None:
    p = _full_week()
    board = units.board(p, Candidates(p))
    start = {"a": (0, 0), "b": (0, 1), "c": (1, 0), "d": (1, 1)}  # a and b on day 0: one pair too close
    index = {(s.weekday, STARTS.index(s.start)): i for i, s in enumerate(p.slots)}
    where = {board.unit_of[g]: (index[at], {g: "v0"}) for g, at in start.items()}
    assert verify(p, units.timetable(board, where)).objective == 1
    refined = refine.improve(board, where, deadline=time.perf_counter() + 30.0)
    report = verify(p, units.timetable(board, refined))
    assert (report.violations, report.objective) == ((), 0)
    day = {a.group: a.slot.weekday for a in units.timetable(board, refined)}
    assert day["a"] != day["b"]


def test_a_school_solve_returns_its_soft_min_days_pairs_apart() -> None:
    s = b.solved(_full_week(), time_limit=10.0)
    assert s.objective == 0


def test_a_school_whose_pairs_cannot_all_part_comes_back_refined_and_valued_by_the_verifier() -> None:
    s = b.solved(_full_week(soft=("a", "b", "c")), time_limit=2.0)  # three lessons on two days: one pair too close
    assert s.objective == 1


def test_refining_applies_only_to_soft_penalties_it_sees() -> None:
    fet_like = _full_week()
    weighs_gaps = _full_week(weights=b.zero_weights(apart=1, teacher_gaps=1))
    nothing_soft = _full_week(weights=b.zero_weights(teacher_gaps=1, apart=0))
    applies = [refine.applies(p) for p in (fet_like, weighs_gaps, nothing_soft)]
    assert applies == [True, False, False]
