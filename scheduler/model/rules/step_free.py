"""A group that needs step-free access meets only in a step-free venue (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True
FILTER = True  # enforced before any variable exists: candidates.py filters venues by step-free access


def add(b: Build) -> Penalty:
    return 0
