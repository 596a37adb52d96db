"""A teacher teaches at most their weekly maximum of sessions (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Problem
from scheduler.reason import GROUP, TEACHER, Reason

HARD = True
OVER_MAX = "teacher_load.over_max"  # the teacher's groups need more sessions than the teacher's weekly maximum


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the teacher teaches at most their maximum."""
    return Reason("teacher_load", {TEACHER: (entity,)}, {"max": problem.teacher[entity].max_sessions})


def over_max(problem: Problem, teacher_id: str, groups: tuple[str, ...]) -> Reason:
    need = sum(problem.group[g].sessions for g in groups)
    numbers = {"need": need, "max": problem.teacher[teacher_id].max_sessions}
    return Reason(OVER_MAX, {TEACHER: (teacher_id,), GROUP: groups}, numbers)


def add(b: Build) -> Penalty:
    for tid, groups in b.teachers_groups().items():
        if sum(b.problem.group[g].sessions for g in groups) > b.problem.teacher[tid].max_sessions:
            b.hard(
                b.model.add_bool_or([]), "teacher_load", tid
            )  # every session must be placed: infeasible, explain/ says why
    return 0
