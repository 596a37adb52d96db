"""The prepared input: frozen dataclasses (``types``), their validation (``validate``), and what is derived
from them alone (``audience``: who a window suits; ``change``: a problem that remembers the published timetable)."""

from __future__ import annotations

from scheduler.problem.errors import ProblemError
from scheduler.problem.types import (
    DAY_MINUTES,
    WEEKDAYS,
    Apart,
    Cohort,
    Community,
    Group,
    Placement,
    Problem,
    Resident,
    Slot,
    Teacher,
    Travel,
    Venue,
    Weights,
    Window,
    covered,
    overlaps_any,
)

__all__ = [
    "DAY_MINUTES",
    "WEEKDAYS",
    "Apart",
    "Cohort",
    "Community",
    "Group",
    "Placement",
    "Problem",
    "ProblemError",
    "Resident",
    "Slot",
    "Teacher",
    "Travel",
    "Venue",
    "Weights",
    "Window",
    "covered",
    "overlaps_any",
]
