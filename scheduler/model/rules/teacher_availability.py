"""A teacher teaches only inside their availability windows (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True
FILTER = True  # enforced before any variable exists: candidates.py filters the teacher's available slots


def add(b: Build) -> Penalty:
    return 0
