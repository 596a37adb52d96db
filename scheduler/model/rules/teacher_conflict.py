"""A teacher is in one place at a time (hard)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = True


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
