"""Kebiao's timetabling engine: pure Python + OR-Tools CP-SAT, never imports Django.

``Problem`` (problem.py) is the prepared input, ``Solution`` (solution.py) the answer.
"""

from __future__ import annotations

from scheduler.problem import (
    Apart,
    Cohort,
    Community,
    Group,
    Placement,
    Problem,
    ProblemError,
    Resident,
    Slot,
    Teacher,
    Travel,
    Venue,
    Weights,
    Window,
)
from scheduler.solution import Assignment, Session, Solution, Status, Timings

__all__ = [
    "Apart",
    "Assignment",
    "Cohort",
    "Community",
    "Group",
    "Placement",
    "Problem",
    "ProblemError",
    "Resident",
    "Session",
    "Slot",
    "Solution",
    "Status",
    "Teacher",
    "Timings",
    "Travel",
    "Venue",
    "Weights",
    "Window",
]
