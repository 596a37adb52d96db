"""Repairing a greedy timetable that left groups out keeps the hard rules that span groups (cohorts)."""

from __future__ import annotations

from scheduler import Assignment, Cohort, Window
from scheduler.model.candidates import Candidates
from scheduler.search.greedy import Greedy
from scheduler.search.one_model import repair
from scheduler.verify.timetable import verify
from tests.scheduler.builders import group, problem, teacher, venue

MONDAY_MORNING = (Window(0, 9 * 60, 12 * 60),)


def test_repair_places_a_left_out_group_apart_from_its_cohort_met_elsewhere() -> None:
    """g1 and g3 share no teacher or venue, only a cohort: g1 must avoid the slot g3 already holds."""
    p = problem(
        groups=(
            group("g1", teacher="t1", venues=("v1",)),
            group("g3", teacher="t3", venues=("v3",)),
        ),
        teachers=(teacher("t1", availability=MONDAY_MORNING), teacher("t3", availability=MONDAY_MORNING)),
        venues=(venue("v1"), venue("v3")),
        cohorts=(Cohort("q1", "class 1", ("g1", "g3")),),
    )
    nine = next(s for s in p.slots if s.weekday == 0 and s.start == 9 * 60)
    found = Greedy((Assignment("g3", 0, nine, "v3", "t3"),), ("g1",))

    repaired = repair(p, Candidates(p), found)

    assert repaired.unplaced == ()
    (g1,) = [a for a in repaired.assignments if a.group == "g1"]
    assert (g1.slot.weekday, g1.slot.start) == (0, 10 * 60 + 30)
    assert verify(p, repaired.assignments).violations == ()
