"""A venue hosts sessions only inside its opening windows (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True
FILTER = True  # enforced before any variable exists: candidates.py filters each venue's open slots


def add(b: Build) -> Penalty:
    return 0
