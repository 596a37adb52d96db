"""A teacher is in one place at a time (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty
from scheduler.problem import Problem
from scheduler.reason import GROUP, TEACHER, Reason

HARD = True
TOO_FEW_SLOTS = "teacher_conflict.too_few_slots"  # the teacher's sessions need more start times than they have


def reason(problem: Problem, entity: str) -> Reason:
    """This rule in a core: the teacher is in one place at a time."""
    return Reason("teacher_conflict", {TEACHER: (entity,)})


def too_few_slots(problem: Problem, teacher_id: str, groups: tuple[str, ...], slots: int) -> Reason:
    need = sum(problem.group[g].sessions for g in groups)
    return Reason(TOO_FEW_SLOTS, {TEACHER: (teacher_id,), GROUP: groups}, {"need": need, "slots": slots})


def add(b: Build) -> Penalty:
    for tid, groups in b.teachers_groups().items():
        if len(groups) < 2 and b.problem.group[groups[0]].one_per_day:
            continue  # one group: its sessions are on different days already
        points = sorted({p for g in groups for p in b.vars.points(g)})
        for p in points:
            lits = [lit for g in groups for lit in b.vars.covering(g, p)]
            if len(lits) > 1:
                b.hard(b.model.add_at_most_one(lits), "teacher_conflict", tid)
    return 0
