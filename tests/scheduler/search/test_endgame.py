"""The endgame of placing and evicting: left-over units placed by freeing and re-solving the units around them."""

from __future__ import annotations

import time

from scheduler import Cohort
from scheduler.model.candidates import Candidates
from scheduler.problem import Problem
from scheduler.search import units
from scheduler.search.endgame import finish
from scheduler.verify import verify
from tests.scheduler import builders as b


def _latin_square() -> Problem:
    """Three classes, three teachers, three periods: each class one lesson with each teacher, every period full."""
    groups = tuple(b.group(f"c{c}t{t}", teacher=f"t{t}", venues=(f"v{c}",)) for c in range(3) for t in range(3))
    cohorts = tuple(Cohort(f"c{c}", f"class {c}", tuple(f"c{c}t{t}" for t in range(3))) for c in range(3))
    return b.problem(
        groups=groups,
        venues=tuple(b.venue(f"v{c}") for c in range(3)),
        teachers=tuple(b.teacher(f"t{t}") for t in range(3)),
        slots=b.grid(days=(0,), starts=(9 * 60, 10 * 60 + 30, 14 * 60 + 30)),
        cohorts=cohorts,
    )


def test_the_endgame_places_left_over_lessons_that_no_single_move_fits() -> None:
    p = _latin_square()
    board = units.board(p, Candidates(p))
    unit = {u[0]: i for i, u in enumerate(board.units)}
    # c0t2 and c2t1 are left over; each one's class is free only where its teacher teaches another class
    placed = {"c0t0": 0, "c0t1": 1, "c1t1": 0, "c1t0": 1, "c1t2": 2, "c2t0": 2, "c2t2": 0}
    where = {unit[g]: (t, {g: "v" + g[1]}) for g, t in placed.items()}
    done = finish(board, where, deadline=time.perf_counter() + 30.0)
    assert done is not None
    timetable = units.timetable(board, done)
    assert verify(p, timetable).violations == ()
    assert sorted(a.group for a in timetable) == sorted(g.id for g in p.groups)
