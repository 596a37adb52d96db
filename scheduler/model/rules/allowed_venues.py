"""A group meets only in the communities, or the venues, it may use (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True
FILTER = True  # enforced before any variable exists: candidates.py filters venues by community or list


def add(b: Build) -> Penalty:
    return 0
