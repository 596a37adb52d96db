"""A group with allowed start times starts its sessions only at those (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True
FILTER = True  # enforced before any variable exists: candidates.py keeps only the allowed start slots


def add(b: Build) -> Penalty:
    return 0
