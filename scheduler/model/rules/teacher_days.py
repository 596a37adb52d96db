"""A teacher should teach on few days: every teaching day costs (soft)."""

from __future__ import annotations

from scheduler.model.rules.base import Build, Penalty

HARD = False


def add(b: Build) -> Penalty:
    w = b.problem.weights.teacher_days
    if not w:
        return 0
    terms: list = []
    for tid, groups in b.teachers_groups().items():
        if not b.counts_teacher(tid):
            continue
        if len(groups) == 1 and b.problem.group[groups[0]].one_per_day:
            terms.append(b.problem.group[groups[0]].sessions)  # one session a day: days = sessions
            continue
        for d in b.cands.day_points:
            lits = [lit for g in groups for lit in b.vars.on_day(g, d)]
            if not lits:
                continue
            day = b.new_bool("teaches[day]")
            for lit in lits:
                b.model.add_implication(lit, day)
            terms.append(day)
    return w * sum(terms)
