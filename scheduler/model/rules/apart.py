"""Sessions of different groups of a hard Apart set are at least its number of days apart (hard)."""

from __future__ import annotations

from scheduler.model.rules._days import present
from scheduler.model.rules.base import Build, Penalty

HARD = True


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
