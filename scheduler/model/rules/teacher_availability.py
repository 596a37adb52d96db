"""A teacher teaches only inside their availability windows (hard).

Enforced before any variable exists: ``model.candidates`` keeps only the slots and venues this filter allows;
the verifier re-checks it on its own.
"""

from __future__ import annotations

from scheduler.problem import Problem, Window

HARD = True


def windows(problem: Problem, teacher_id: str) -> tuple[Window, ...]:
    """The candidate filter's windows: a session must lie wholly inside one of them."""
    return problem.teacher[teacher_id].availability
