"""Repairing a greedy timetable that left groups out keeps the hard rules that span groups (cohorts)."""

from __future__ import annotations

from scheduler import Assignment, Cohort, Window
from scheduler.model.candidates import Candidates
from scheduler.search.greedy import Greedy
from scheduler.search.one_model import repair
from scheduler.verify.timetable import verify
from tests.scheduler.builders import grid, group, problem, teacher, venue

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


def test_repair_moves_a_group_two_steps_away_when_the_nearest_ones_cannot_make_room() -> None:
    """g1 fits only Monday 9:00 in v1, where g2 sits; g2 could go to 10:30, but its teacher has g4 there, and
    g4 (sharing nothing with g1) must move to 9:00 first: the repair frees the groups around g2 too."""
    slots = grid(days=(0,), starts=(9 * 60, 10 * 60 + 30))
    p = problem(
        groups=(
            group("g1", teacher="t1", venues=("v1",)),
            group("g2", teacher="t2", venues=("v1",)),
            group("g4", teacher="t2", venues=("v2",)),
        ),
        teachers=(teacher("t1", availability=(Window(0, 9 * 60, 10 * 60 + 30),)), teacher("t2")),
        venues=(venue("v1"), venue("v2")),
        slots=slots,
    )
    nine, half_past_ten = slots
    found = Greedy((Assignment("g2", 0, nine, "v1", "t2"), Assignment("g4", 0, half_past_ten, "v2", "t2")), ("g1",))

    repaired = repair(p, Candidates(p), found)

    assert repaired.unplaced == ()
    where = {a.group: (a.slot.start, a.venue) for a in repaired.assignments}
    assert where == {"g1": (9 * 60, "v1"), "g2": (10 * 60 + 30, "v1"), "g4": (9 * 60, "v2")}
    assert verify(p, repaired.assignments).violations == ()
