"""Sessions of different groups of a hard Apart set are at least its number of days apart (hard)."""

from __future__ import annotations

from scheduler.model.rules._days import present
from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Apart, Problem
from scheduler.reason import APART, GROUP, TEACHER, Reason

HARD = True
TEACHER_DAYS = "apart.teacher_days"  # one teacher's sessions of an apart set need more days than they are free on


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the set's groups meet at least its days apart."""
    a = next(x for x in problem.apart if x.id == entity)
    return Reason("apart", {APART: (a.id,), GROUP: a.groups}, {"days": a.days})


def teacher_days(a: Apart, teacher_id: str, sessions: int, need: int, days: int) -> Reason:
    """The set's sessions, at most ``a.cap`` a day, need ``need`` days; its one teacher is free on ``days``."""
    ids = {TEACHER: (teacher_id,), GROUP: a.groups, APART: (a.id,)}
    return Reason(TEACHER_DAYS, ids, {"sessions": sessions, "per_day": a.cap, "need": need, "days": days})


def windows(b: Build, days: int) -> list[list[int]]:
    """Each run of ``days`` consecutive weekdays that starts on a weekday of the grid (only grid days kept)."""
    grid = b.cands.day_points
    return [[d + i for i in range(days) if d + i in grid] for d in grid]


def add(b: Build) -> Penalty:
    for a in b.problem.apart:
        if not a.hard or len(a.groups) < 2:
            continue
        for span in windows(b, a.days):
            here = [x for g in a.groups if not isinstance(x := present(b, g, span), int)]
            if len(here) > 1:
                b.hard(b.model.add(sum(here) <= 1), "apart", a.id)
    return 0
