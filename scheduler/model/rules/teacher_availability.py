"""A teacher teaches only inside their availability windows (hard).

Enforced before any variable exists: ``model.candidates`` keeps only the slots and venues this filter allows;
the verifier re-checks it on its own.
"""

from __future__ import annotations

from scheduler.problem import Problem, Window
from scheduler.reason import GROUP, TEACHER, Reason

HARD = True
NEVER_FREE = "teacher_availability.never_free"  # the teacher is free for a whole session at no start time


def windows(problem: Problem, teacher_id: str) -> tuple[Window, ...]:
    """The candidate filter's windows: a session must lie wholly inside one of them."""
    return problem.teacher[teacher_id].availability


def never_free(problem: Problem, group_id: str) -> Reason:
    g = problem.group[group_id]
    return Reason(NEVER_FREE, {GROUP: (g.id,), TEACHER: (g.teacher,)}, {"minutes": g.length})
