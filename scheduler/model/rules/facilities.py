"""A group meets only in a venue with every facility it needs (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True
FILTER = True  # enforced before any variable exists: candidates.py filters venues by facilities


def add(b: Build) -> Penalty:
    return 0
