"""Kebiao's timetabling engine: pure Python + OR-Tools CP-SAT, never imports Django.

``Problem`` (problem/) is the prepared input, ``Solution`` (solution.py) the answer, ``Reason`` (reason.py) why
something cannot be timetabled, as data.
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
from scheduler.reason import LeftOut, Reason
from scheduler.solution import Assignment, Session, Solution, Status, Timings

__all__ = [
    "Apart",
    "Assignment",
    "Cohort",
    "Community",
    "Group",
    "LeftOut",
    "Placement",
    "Problem",
    "ProblemError",
    "Reason",
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
