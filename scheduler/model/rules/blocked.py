"""A group never meets at its blocked times, when its members are busy (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True
FILTER = True  # enforced before any variable exists: candidates.py drops slots that overlap a blocked window


def add(b: Build) -> Penalty:
    return 0
