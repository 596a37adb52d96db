"""A teacher teaches at most their weekly maximum of sessions (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True


def add(b: Build) -> Penalty:
    for tid, groups in b.teachers_groups().items():
        if sum(b.problem.group[g].sessions for g in groups) > b.problem.teacher[tid].max_sessions:
            b.hard(
                b.model.add_bool_or([]), "teacher_load", tid
            )  # every session must be placed: infeasible, explain.py says why
    return 0
