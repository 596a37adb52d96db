"""A group meets only in a venue with at least as many seats as its maximum size, unless it may overflow (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True
FILTER = True  # enforced before any variable exists: candidates.py filters venues by capacity (or overflow.py)


def add(b: Build) -> Penalty:
    return 0
